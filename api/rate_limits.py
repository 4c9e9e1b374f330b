"""Rate limits on the residents' chat (per client and per conversation) and on direct
calls to the entitlements check (per client).

A resident types a message every few seconds; a script can send hundreds. The
limits (settings `chat_rate_*` and `entitlements_rate_*`) use the
`limits` library's moving window, in memory by default or in Redis
(`rate_limit_storage`) when several gateway processes must share counts.
Clients are counted by a keyed hash of their address with a secret made afresh
by each process, so not even memory holds an IP address. Where the counts
cannot be reached (Redis down), messages go through uncounted: the limits slow
scripts down, and must never turn a resident away.
"""

from __future__ import annotations

import logging
import secrets

from fastapi import Request
from limits import RateLimitItem, parse, storage, strategies
from limits.errors import StorageError

from api.security import client_key
from core.settings import Settings

logger = logging.getLogger(__name__)
SLOW_DOWN = "You are sending messages very quickly. Please wait a minute, then try again."


class TooManyRequests(Exception):
    """Over a rate limit: answered 429 with a kind message (api/main.py)."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds


class ResidentLimits:
    def __init__(self, settings: Settings) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(settings.rate_limit_storage, wrap_exceptions=True)
        )
        self._chat_client = parse(settings.chat_rate_per_client)
        self._chat_session = parse(settings.chat_rate_per_session)
        self._check_client = parse(settings.entitlements_rate_per_client)
        self._secret = secrets.token_bytes(32)

    def chat(self, request: Request, session_id: str | None) -> None:
        self._hit(self._chat_client, "chat-client", client_key(self._secret, request))
        if session_id:
            self._hit(self._chat_session, "chat-session", session_id)

    def entitlements_check(self, request: Request) -> None:
        """Residents' checks in the chat run in the action server (bounded by the chat's
        limits); this counts the endpoint's direct callers: the staff console and scripts."""
        self._hit(self._check_client, "check-client", client_key(self._secret, request))

    def _hit(self, item: RateLimitItem, scope: str, key: str) -> None:
        try:
            allowed = self._limiter.hit(item, scope, key)
        except StorageError as error:
            logger.warning("rate limit not counted (%s)", type(error.storage_error).__name__)
            return
        if not allowed:
            raise TooManyRequests(item.get_expiry())
