"""Rate limits on the residents' chat and entitlements check, per client and per conversation.

A resident types a message every few seconds; a script can send hundreds. The
limits (settings `chat_rate_*` and `entitlements_rate_*`) use the
`limits` library's moving window, in memory by default or in Redis
(`rate_limit_storage`) when several gateway processes must share counts.
Clients are counted by a keyed hash of their address with a secret made afresh
by each process, so not even memory holds an IP address.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from limits import RateLimitItem, parse, storage, strategies

from api.security import client_key
from api.settings import Settings

# Headers the action server sends with a resident's check (actions/entitlements.py).
SERVICE_TOKEN_HEADER = "X-Assistant-Service-Token"
CONVERSATION_HEADER = "X-Assistant-Conversation"
SLOW_DOWN = "You are sending messages very quickly. Please wait a minute, then try again."


class TooManyRequests(Exception):
    """Over a rate limit: answered 429 with a kind message (api/main.py)."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds


class ResidentLimits:
    def __init__(self, settings: Settings) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(settings.rate_limit_storage)
        )
        self._chat_client = parse(settings.chat_rate_per_client)
        self._chat_session = parse(settings.chat_rate_per_session)
        self._check_client = parse(settings.entitlements_rate_per_client)
        self._check_session = parse(settings.entitlements_rate_per_session)
        self._service_token = settings.service_token.get_secret_value().encode()
        self._secret = secrets.token_bytes(32)

    def chat(self, request: Request, session_id: str | None) -> None:
        self._hit(self._chat_client, "chat-client", client_key(self._secret, request))
        if session_id:
            self._hit(self._chat_session, "chat-session", session_id)

    def entitlements_check(self, request: Request) -> None:
        """Per conversation for the action server's checks, per client for anyone else.

        Every resident's check reaches the gateway from the action server's one
        address, so counting that address would make residents wait for each other.
        """
        token = request.headers.get(SERVICE_TOKEN_HEADER, "").encode()
        conversation = request.headers.get(CONVERSATION_HEADER)
        if conversation and hmac.compare_digest(token, self._service_token):
            self._hit(self._check_session, "check-session", conversation)
        else:
            self._hit(self._check_client, "check-client", client_key(self._secret, request))

    def _hit(self, item: RateLimitItem, scope: str, key: str) -> None:
        if not self._limiter.hit(item, scope, key):
            raise TooManyRequests(item.get_expiry())
