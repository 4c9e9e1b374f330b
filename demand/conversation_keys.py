"""Random conversation keys: enough to count conversations, never to find one.

A key is made at random the first time a chat session produces an event and
is replaced after a fixed lifetime. The link between a session and its key
lives only in memory (this process's, or Redis's where the API's workers share
it, which keeps nothing on disk): it is never stored, logged or sent to the
engine, so a demand event cannot be tied back to a conversation's transcript
or to the person who had it.
"""

from __future__ import annotations

import logging
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis

logger = logging.getLogger(__name__)


class KeysForConversations(Protocol):
    def key_for(self, session_id: str) -> str: ...


class ConversationKeys:
    def __init__(self, lifetime: timedelta) -> None:
        self._lifetime = lifetime
        self._keys: dict[str, tuple[str, datetime]] = {}
        self._lock = threading.Lock()

    def key_for(self, session_id: str, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        with self._lock:
            self._forget_expired(now)
            key, _ = self._keys.setdefault(session_id, (secrets.token_hex(16), now))
            return key

    def __len__(self) -> int:
        return len(self._keys)

    def _forget_expired(self, now: datetime) -> None:
        # Dicts keep insertion order, so the oldest keys come first.
        cutoff = now - self._lifetime
        for session_id, (_, made) in list(self._keys.items()):
            if made > cutoff:
                break
            del self._keys[session_id]


class RedisConversationKeys:
    """The same keys, shared by the API's workers, each expiring a lifetime after it was made."""

    def __init__(self, client: redis.Redis, prefix: str, lifetime: timedelta) -> None:
        self._redis = client
        self._prefix = prefix
        self._lifetime = lifetime

    def key_for(self, session_id: str) -> str:
        name, fresh = f"{self._prefix}:conversation:{session_id}", secrets.token_hex(16)
        try:
            if self._redis.set(name, fresh, nx=True, ex=self._lifetime):
                return fresh
            return self._redis.get(name) or fresh
        except redis.RedisError as error:
            # The event matters more than counting its conversation once.
            logger.warning("conversation key not shared (%s)", type(error).__name__)
            return fresh
