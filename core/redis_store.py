"""The Redis client every part that shares state in the scaled topology uses.

Nothing connects until the first command, and a command waits at most two
seconds, so a Redis that is down costs a resident a degraded reply, not a hang.
"""

from __future__ import annotations

import redis

TIMEOUT_SECONDS = 2.0


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        decode_responses=True,
    )
