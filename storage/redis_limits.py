"""Telegram's send limits shared by every instance, in Redis (`REDIS_URL` set).

The same sliding windows as `core.ratelimit.RateLimiter` — overall, per chat, per group — and the
same 429 pause, kept in Redis sorted sets so that N instances together stay within them: with it
`SEND_RATE` is the whole bot's rate, and two instances never send to one chat within a second.
Each check-and-count is one Lua script (atomic on the server), timed by the server's clock, so
the instances' clocks need not agree. A priority send waiting for its turn is counted in Redis
too (`…:priority:<chat>`), and every instance's ordinary sends to that chat stand back meanwhile,
as `RateLimiter`'s do in one process; the count expires soon after its last poll, so an instance
that dies waiting holds nobody back for long.
"""

from __future__ import annotations

import asyncio
import secrets

import redis.asyncio as aioredis

from core.ratelimit import (
    GROUP_HEADROOM,
    PER_CHAT,
    PER_GROUP,
    SAFETY_MARGIN,
    YIELD_SECONDS,
    Window,
    ordinary_limit,
    telegram_windows,
)

# KEYS[1]: the pause (a deadline in ms); KEYS[2]: the chat's priority sends waiting; KEYS[3..]:
# one sorted set of send times per window. ARGV[1]: this send's member; ARGV[2]: the ms an
# ordinary send stands back while a priority one waits (0: this one is priority); then per window
# key: its limit and its length in ms.
# Returns 0 when the send was counted, else the ms to wait before asking again.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then wait = paused - now end
local stand_back = tonumber(ARGV[2])
if stand_back > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  if stand_back > wait then wait = stand_back end
end
for i = 3, #KEYS do
  local limit = tonumber(ARGV[2 * i - 3])
  local window = tonumber(ARGV[2 * i - 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    local left = tonumber(oldest[2]) + window - now
    if left > wait then wait = left end
  end
end
if wait > 0 then return wait end
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1] .. ':' .. now)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i - 2]))
end
return 0
"""

# KEYS[1]: a chat's priority sends waiting; ARGV[1]: +1 (one more waits, the count kept ARGV[2]
# ms at least) or -1 (one went: at 0 the count is gone). Atomic: no count left without an
# expiry, none deleted while another instance's is in it.
_WAITING = """
local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
if n <= 0 then
  redis.call('DEL', KEYS[1])
elseif tonumber(ARGV[1]) > 0 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
end
return n
"""

# KEYS[1]: the pause; ARGV[1]: its length in ms. A longer pause already set is kept.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if deadline > current then
  redis.call('SET', KEYS[1], deadline, 'PX', tonumber(ARGV[1]))
end
return 0
"""


# How long a priority send's count outlives its last poll (its instance may have died meanwhile).
PRIORITY_WAIT_TTL = 2.0


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class SharedRateLimiter:
    def __init__(
        self,
        redis_url: str,
        prefix: str,
        per_second: float,
        *,
        per_chat: Window = PER_CHAT,
        per_group: Window = PER_GROUP,
        margin: float = SAFETY_MARGIN,
        group_headroom: int = GROUP_HEADROOM,
    ) -> None:
        self.redis = aioredis.from_url(redis_url)
        self._prefix = f"{prefix}:limits"
        self._overall, self._chat, self._group = telegram_windows(
            per_second, per_chat=per_chat, per_group=per_group, margin=margin
        )
        # Ordinary sends leave the group's headroom to priority ones (core/ratelimit.py).
        self._ordinary_group = Window(
            ordinary_limit(self._group, group_headroom), self._group.seconds
        )
        self._acquire = self.redis.register_script(_ACQUIRE)
        self._pause = self.redis.register_script(_PAUSE)
        self._waiting = self.redis.register_script(_WAITING)

    async def acquire(self, chat_id: int, *, priority: bool = False) -> None:
        """Wait until a message to `chat_id` may go, and count it (for every instance); a
        priority one may use the group's headroom, and ordinary ones to its chat, from any
        instance, stand back while it waits."""
        waiting = f"{self._prefix}:priority:{chat_id}"
        keys = [f"{self._prefix}:pause", waiting]
        keys += [f"{self._prefix}:all", f"{self._prefix}:chat:{chat_id}"]
        windows = [self._overall, self._chat]
        if chat_id < 0:  # groups and channels have negative ids
            keys.append(f"{self._prefix}:group:{chat_id}")
            windows.append(self._group if priority else self._ordinary_group)
        args: list[str | int] = [secrets.token_hex(8), 0 if priority else _ms(YIELD_SECONDS)]
        for window in windows:
            args += [window.limit, _ms(window.seconds)]
        if not priority:
            return await self._poll(keys, args, None)
        await self._waiting(keys=[waiting], args=[1, _ms(PRIORITY_WAIT_TTL)])
        try:
            return await self._poll(keys, args, waiting)
        finally:
            await self._waiting(keys=[waiting], args=[-1, 0])

    async def _poll(self, keys: list[str], args: list[str | int], waiting: str | None) -> None:
        while True:
            wait_ms = int(await self._acquire(keys=keys, args=args))
            if wait_ms <= 0:
                return
            if waiting is not None:  # still waiting: the count outlives the next poll, no more
                await self.redis.pexpire(waiting, wait_ms + _ms(PRIORITY_WAIT_TTL))
            await asyncio.sleep(wait_ms / 1000)

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out from any instance for `seconds`."""
        await self._pause(keys=[f"{self._prefix}:pause"], args=[_ms(seconds)])

    async def close(self) -> None:
        await self.redis.aclose()
