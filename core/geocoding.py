"""Typed addresses to coordinates, only when `GEOCODER` is set (off by default and in tests).

`nominatim`: OpenStreetMap's Nominatim through geopy, asynchronously (aiohttp), at most one request
a second from the whole process as its usage policy asks, with `GEOCODER_USER_AGENT` naming the
application (put a contact in it). Results are limited to Russia and read in Russian.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from core import timeouts
from core.settings import Geocoder as GeocoderSetting
from core.settings import Settings
from storage.db import assert_outside_transaction

logger = logging.getLogger(__name__)

MIN_DELAY = 1.0  # seconds between two requests: Nominatim's usage policy


class GeocodingFailed(Exception):
    """The service did not answer (network, refusal, overload): not the same as "no such place"."""


@dataclass(frozen=True)
class Found:
    lat: float
    lon: float
    label: str  # the address as the service reads it back


class Geocoder(Protocol):
    async def locate(self, text: str) -> Found | None:
        """Called with no database transaction open (commit first): it waits on the network."""
        ...

    async def close(self) -> None: ...


class NominatimGeocoder:
    def __init__(self, user_agent: str) -> None:
        # Loaded only here, with GEOCODER set: geopy brings `requests` along, 6 MB resident.
        from geopy.adapters import AioHTTPAdapter
        from geopy.extra.rate_limiter import AsyncRateLimiter
        from geopy.geocoders import Nominatim

        self._client = Nominatim(
            user_agent=user_agent, adapter_factory=AioHTTPAdapter, timeout=timeouts.GEOCODER
        )
        self._geocode = AsyncRateLimiter(
            self._client.geocode, min_delay_seconds=MIN_DELAY, max_retries=1
        )

    async def locate(self, text: str) -> Found | None:
        from geopy.exc import GeopyError

        assert_outside_transaction("geocoding")
        try:
            place = await self._geocode(text, exactly_one=True, country_codes="ru", language="ru")
        except GeopyError as error:
            logger.warning("geocoding failed: %s", type(error).__name__)  # never the address
            raise GeocodingFailed from error
        if place is None:
            return None
        return Found(place.latitude, place.longitude, place.address)

    async def close(self) -> None:
        await self._client.__aexit__(None, None, None)


def build_geocoder(settings: Settings) -> Geocoder | None:
    if settings.geocoder is GeocoderSetting.NOMINATIM:
        return NominatimGeocoder(settings.geocoder_user_agent)
    return None
