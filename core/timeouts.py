"""How long one call to the outside world may take, in seconds.

Gathered here, apart from the modules that make the calls, so that what has to outlast any of
them (the per-person lock in Redis, `bot/redis_isolation.py`) is sized from them without loading the
payment or geocoding libraries.
"""

from __future__ import annotations

SMTP = 15.0  # each step of a mail's delivery (core/gateways.py)
SMS = 15.0  # one request to the SMS gateway (core/gateways.py)
YOOKASSA = 30.0  # one request to YooKassa (core/payments/yookassa.py)
GEOCODER = 5.0  # one request to Nominatim (core/geocoding.py)

LONGEST = max(SMTP, SMS, YOOKASSA, GEOCODER)
