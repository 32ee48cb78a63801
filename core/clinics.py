"""Nearest covered clinics: exact geodesic (WGS-84) ranking, found through an index.

A growing bounding box on a spatial index (split in two across the 180° meridian, the whole ring
of longitudes near the poles; storage/repositories/clinics.py) gives candidates; a spherical
distance, which is within 0.6 % of the geodesic one, orders them, and the exact geodesic distance
(Karney's method, geographiclib) is computed only where that bound cannot decide. The box grows
until the k-th nearest lies inside it, so the answer equals a brute-force geodesic ranking (ties
broken by `external_id`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta, tzinfo

from geographiclib.geodesic import Geodesic
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock, local_today
from core.geocoding import Found, Geocoder
from core.i18n import fold
from core.policies import PolicyState, state_of
from core.specialties import alphabetical
from storage.db import Database, commit_current
from storage.models import Clinic, Policy, Profile, SavedPlace
from storage.repositories.clinics import Box, ClinicRepository, Place
from storage.repositories.policies import PolicyRepository

EARTH_RADIUS = 6_371_008.8  # metres, mean
SPHERE_ERROR = 0.006  # the sphere's distance is within 0.6 % of the WGS-84 geodesic
FIRST_RADIUS = 300.0  # metres; the box grows until the answer is inside it
GROWTH = 2  # at most, per round: an empty round is cheap, an overfull one is not
CAP = 64  # clinics one round reads at most; a fuller box is narrowed
MAX_NARROWING = 8
RADIUS_ROOM = 1.2  # the next search of a kind starts at the last one's farthest answer × this
RADII_KEPT = 256  # kinds of search whose last radius is kept (forgotten all at once beyond)
HALF_EQUATOR = 20_040_000.0
WGS84 = Geodesic.WGS84
PAGE = 5  # clinics per screen
PLACES = ("home", "work")
# The place the last list of nearest clinics was about, kept beside the saved ones (never offered
# as one): where the clinics map opens when the device gives none. Used and kept `LAST_KEPT`.
LAST = "last"
LAST_KEPT = timedelta(days=30)
MIN_QUERY = 2  # letters, for a search by name or address
MAX_QUERY = 100  # longer is not a name or an address (and would not fit in the answer)
SPECIALTIES_FROM = 30  # the filter offers the specialties of this many nearest clinics
MAP_LIMIT = 200  # clinics the map shows around a place (and lists below it)


@dataclass(frozen=True)
class Near:
    clinic_id: int
    external_id: str
    meters: float


def spherical(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def exact(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The geodesic on the WGS-84 ellipsoid (Karney's method, the one geopy's `geodesic` calls,
    without its wrapping: half the time)."""
    return float(WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"])


def _boxes(lat: float, lon: float, radius: float) -> list[Box]:
    """Boxes that together hold every point within `radius` (a superset)."""
    reach = radius * (1 + SPHERE_ERROR) / EARTH_RADIUS  # in radians of arc
    dlat = math.degrees(reach)
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(south), abs(north))
    if widest >= 89.9 or reach >= math.pi / 2:
        return [Box(south, north, -180.0, 180.0)]
    # At the latitude farthest from the equator a degree of longitude is shortest.
    dlon = math.degrees(reach / math.cos(math.radians(widest)))
    if dlon >= 180:
        return [Box(south, north, -180.0, 180.0)]
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return [Box(south, north, west + 360, 180.0), Box(south, north, -180.0, east)]
    if east > 180:
        return [Box(south, north, west, 180.0), Box(south, north, -180.0, east - 360)]
    return [Box(south, north, west, east)]


async def nearest_covered_clinics(
    session: AsyncSession,
    lat: float,
    lon: float,
    programs: set[str],
    limit: int,
    specialty: str | None = None,
    online: bool = False,
    *,
    start: float = FIRST_RADIUS,
) -> list[Near]:
    """The `limit` clinics nearest to (lat, lon) among those the programmes cover (and that
    have `specialty`, when given; that take online bookings, when `online`).

    The radius grows from `start` (FIRST_RADIUS; a caller may know better: `Clinics` starts
    where the last such search ended) by what the density seen so far says is needed. A box
    holding more than CAP clinics is not read: the radius goes back between the last one that
    held too few and this one, so that a city seen from its empty outskirts costs a few small
    reads rather than one of the whole city.
    """
    if not programs or limit <= 0:
        return []
    clinics = ClinicRepository(session)
    too_few, too_many = 0.0, math.inf  # radii known to hold fewer than `limit` / more than CAP
    radius, narrowed = max(start, FIRST_RADIUS), 0
    while True:
        # Many clinics at (nearly) one point never fit under CAP: then read them all.
        cap = CAP if narrowed < MAX_NARROWING else None
        boxes = _boxes(lat, lon, radius)
        places = await clinics.covered_in(boxes, programs, cap, specialty, online)
        if places is None:
            too_many, narrowed = radius, narrowed + 1
            radius = math.sqrt(too_few * radius) if too_few else radius / GROWTH
            continue
        found = _rank(lat, lon, places, limit, radius)
        if len(found) >= limit or radius >= HALF_EQUATOR:
            return found[:limit]
        too_few = radius
        wanted = math.sqrt(limit / max(len(places), 0.5)) * 1.3  # area: a square root
        radius *= min(max(wanted, 1.5), GROWTH)
        if too_many <= too_few:  # a box can be full while its circle holds too few: corners
            too_many = math.inf
        elif radius >= too_many:
            # Halve the gap (geometrically); once it is narrow, try the full radius itself.
            narrow = too_many / too_few < 1.1
            radius = too_many if narrow else math.sqrt(too_few * too_many)


def _rank(lat: float, lon: float, places: list[Place], limit: int, radius: float) -> list[Near]:
    """The nearest within `radius`, exactly; geodesics only where the sphere cannot decide."""
    by_sphere = sorted(
        (spherical(lat, lon, place.lat, place.lon), place.external_id, place) for place in places
    )
    best: list[Near] = []
    for rough, _external, place in by_sphere:
        bound = best[limit - 1].meters if len(best) >= limit else radius
        if rough * (1 - SPHERE_ERROR) > bound:
            break
        meters = exact(lat, lon, place.lat, place.lon)
        if meters <= radius:
            best.append(Near(place.clinic_id, place.external_id, meters))
            best.sort(key=lambda near: (near.meters, near.external_id))
    return best


def brute_force(
    lat: float, lon: float, clinics: list[tuple[int, str, float, float]], limit: int
) -> list[Near]:
    """Every distance computed: what `nearest_covered_clinics` must equal (tests, benchmark)."""
    ranked = sorted(
        (Near(cid, external, exact(lat, lon, clat, clon)) for cid, external, clat, clon in clinics),
        key=lambda near: (near.meters, near.external_id),
    )
    return ranked[:limit]


def located(clinic: Clinic) -> str:
    """Plain text: where the clinic is — its address or, when the clinics file gives none, its
    coordinates (a chain's branches share a name: a desk, a letter, a PDF tell them apart)."""
    return clinic.address or f"{clinic.lat:.5f}, {clinic.lon:.5f}"


def specialties_of(clinic: Clinic) -> list[str]:
    """The clinic's specialties, as the clinics file lists them (`specialties`): the one source
    the specialty filter finds it by, its card shows, slots are imported for (a slot of another
    specialty is refused) and the booking offers (those with free time)."""
    return [name for name in clinic.specialties.split(";") if name]


@dataclass(frozen=True)
class Listed:
    clinic: Clinic
    meters: float | None  # from the place asked about; None for a search by name


@dataclass(frozen=True)
class ClinicPage:
    items: list[Listed]
    page: int
    more: bool  # a next page exists
    count: int | None = None  # how many in all (a search by name; nearest lists are endless)


class Clinics:
    """The clinics a person may use: those of the programmes of their active ДМС policies."""

    def __init__(self, db: Database, clock: Clock, zone: tzinfo) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone
        # Where the last search of each kind (programmes, specialty, online, how many) found its
        # answer: the next one starts there, not at FIRST_RADIUS, and mostly needs one read
        # instead of four or five. Only a hint: any start gives the same answer.
        self._radii: dict[tuple[frozenset[str], str | None, bool, int], float] = {}

    async def _nearest(
        self,
        programs: set[str],
        lat: float,
        lon: float,
        limit: int,
        specialty: str | None = None,
        online: bool = False,
    ) -> list[Near]:
        kind = (frozenset(programs), specialty, online, limit)
        found = await nearest_covered_clinics(
            self.db.session, lat, lon, programs, limit, specialty, online,
            start=self._radii.get(kind, FIRST_RADIUS),
        )  # fmt: skip
        if len(found) == limit:  # a full answer: its farthest, with room for a denser place
            if len(self._radii) >= RADII_KEPT:
                self._radii.clear()
            self._radii[kind] = found[-1].meters * RADIUS_ROOM
        return found

    async def geocode(self, geocoder: Geocoder, text: str) -> Found | None:
        """A typed address as a place. What the update did so far is committed first: no
        transaction is open while the geocoder answers (on SQLite it would hold everyone up)."""
        await commit_current()
        return await geocoder.locate(text)

    def in_force(self) -> Callable[[Policy], bool]:
        """What makes a policy's clinics the person's today: a ДМС policy in force (not expired,
        not ended). «Для кого?» offers those of the family who have one."""
        today = local_today(self.clock, self.zone)
        return lambda policy: policy.kind == "DMS" and state_of(policy, today) is PolicyState.ACTIVE

    async def programs_of(self, profile: Profile, among: Collection[int] | None = None) -> set[str]:
        """Programmes of the person's ДМС policies in force today (`in_force`); `among`: of these
        only (one family member's, core/family.py)."""
        held = await PolicyRepository(self.db.session).dms_of(profile.id, among)
        return {p.program_code for p in filter(self.in_force(), held)}

    async def near(
        self,
        programs: set[str],
        lat: float,
        lon: float,
        page: int,
        specialty: str | None = None,
        online: bool = False,
    ) -> ClinicPage:
        wanted = (page + 1) * PAGE + 1  # one more tells whether there is a next page
        found = await self._nearest(programs, lat, lon, wanted, specialty, online)
        shown = found[page * PAGE : (page + 1) * PAGE]
        by_id = await ClinicRepository(self.db.session).by_ids([n.clinic_id for n in shown])
        return ClinicPage(
            [Listed(by_id[n.clinic_id], n.meters) for n in shown], page, len(found) == wanted
        )

    async def for_map(
        self,
        programs: set[str],
        lat: float,
        lon: float,
        specialty: str | None = None,
        online: bool = False,
        limit: int = MAP_LIMIT,
    ) -> list[Listed]:
        """The clinics a map around (lat, lon) shows: the `limit` nearest the programmes cover
        (with `specialty`, taking online bookings when `online`), nearest first by true
        distance."""
        found = await self._nearest(programs, lat, lon, limit, specialty, online)
        by_id = await ClinicRepository(self.db.session).by_ids([n.clinic_id for n in found])
        return [Listed(by_id[n.clinic_id], n.meters) for n in found]

    async def specialties_near(
        self, programs: set[str], lat: float, lon: float, locale: str
    ) -> list[str]:
        """What the nearest clinics offer, alphabetically for a reader of `locale`: the choices
        of the filter."""
        found = await self._nearest(programs, lat, lon, SPECIALTIES_FROM)
        clinics = await ClinicRepository(self.db.session).by_ids([n.clinic_id for n in found])
        return alphabetical(
            locale, {name for clinic in clinics.values() for name in specialties_of(clinic)}
        )

    async def by_name(
        self, programs: set[str], text: str, page: int, online: bool = False
    ) -> ClinicPage:
        """Clinics whose name or address holds `text` (case and ё aside), alphabetically."""
        count, found = await ClinicRepository(self.db.session).covered_by_name(
            programs, fold(text), page * PAGE, PAGE, online
        )
        return ClinicPage([Listed(c, None) for c in found], page, (page + 1) * PAGE < count, count)

    async def covered(self, programs: set[str], clinic_id: int) -> Clinic | None:
        """The clinic, if the programmes cover it: a button naming any other finds nothing."""
        return await ClinicRepository(self.db.session).covered_one(programs, clinic_id)

    async def places(self, profile: Profile) -> dict[str, SavedPlace]:
        """The person's saved places («Дом», «Работа») by label."""
        found = await ClinicRepository(self.db.session).places_of(profile.id)
        return {place.label: place for place in found if place.label in PLACES}

    async def remember(self, profile: Profile, lat: float, lon: float) -> None:
        """A list of the nearest clinics shown around (lat, lon): where the map opens next."""
        await ClinicRepository(self.db.session).save_place(
            profile.id, LAST, lat, lon, self.clock.now()
        )

    async def last_place(self, profile_id: int) -> tuple[float, float] | None:
        """Where the person's last list of the nearest clinics was, if within `LAST_KEPT`."""
        found = await ClinicRepository(self.db.session).place_of(profile_id, LAST)
        if found is None or found.saved_at < self.clock.now() - LAST_KEPT:
            return None
        return found.lat, found.lon

    async def forget_old_places(self) -> int:
        """Last places older than `LAST_KEPT` deleted (a periodic job): how many."""
        return await ClinicRepository(self.db.session).forget_places_before(
            LAST, self.clock.now() - LAST_KEPT
        )

    async def save_place(self, profile: Profile, label: str, lat: float, lon: float) -> None:
        if label not in PLACES:
            raise ValueError(f"unknown place {label!r}")
        await ClinicRepository(self.db.session).save_place(
            profile.id, label, lat, lon, self.clock.now()
        )

    async def forget_place(self, profile: Profile, label: str) -> bool:
        return await ClinicRepository(self.db.session).forget_place(profile.id, label)


def short_distance(meters: float) -> tuple[str, float]:
    """("m", 850) below a kilometre (to 10 m), else ("km", 3.2) (to 0.1 km; whole from 100 km)."""
    if meters < 995:
        return "m", max(10, round(meters, -1))
    kilometres = meters / 1000
    return "km", round(kilometres) if kilometres >= 100 else round(kilometres, 1)


@dataclass(frozen=True)
class Routes:
    yandex: str
    osm: str


def route_links(origin: tuple[float, float] | None, to: tuple[float, float]) -> Routes:
    """Directions to `to` in Yandex Maps and OpenStreetMap: from `origin` when known, else from
    wherever the map app finds the person."""
    lat, lon = (f"{value:.6f}" for value in to)
    if origin is None:
        return Routes(
            yandex=f"https://yandex.ru/maps/?rtext=~{lat},{lon}&rtt=auto",
            osm=f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
        )
    start_lat, start_lon = (f"{value:.6f}" for value in origin)
    return Routes(
        yandex=f"https://yandex.ru/maps/?rtext={start_lat},{start_lon}~{lat},{lon}&rtt=auto",
        osm="https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot"
        f"&route={start_lat}%2C{start_lon}%3B{lat}%2C{lon}",
    )
