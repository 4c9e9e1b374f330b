"""The Rasa engine, reached over HTTP only (it runs in its own Python 3.10 environment)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import redis

logger = logging.getLogger(__name__)


class EngineUnavailable(Exception):
    """The engine did not answer in time, or answered with an error."""


# Asked only when the engine had nothing to say, so it must be quick.
ACTIONS_HEALTH_TIMEOUT_SECONDS = 1.0
# HAProxy's answer when the replica holding a message closed its connection unanswered.
BAD_GATEWAY = 502


def replica_lost(error: Exception) -> bool:
    """Whether the replica working on the message went away: HAProxy says so with a 502,
    or, on a connection it had reused, by closing ours without a reply."""
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == BAD_GATEWAY
    return isinstance(error, httpx.RemoteProtocolError)


class ConversationLocks:
    """The engine replicas' conversation locks in Redis (`deploy/endpoints.yml`).

    A replica takes a conversation's lock (a ticket under `<prefix>:lock:<id>`)
    while it handles a message. A replica killed mid-message never gives its
    ticket back, and the next replica waits out the ticket's 60-second lifetime,
    so the resident's next messages would get the degraded reply too. The gateway
    knows when that happened (`replica_lost`) and frees the conversation.
    """

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        # Rasa's RedisLockStore keeps its keys under `<prefix>:lock:` (prefix alphanumeric).
        self._redis = client
        self._key_prefix = f"{prefix}:lock:"

    def release(self, conversation_id: str) -> None:
        try:
            self._redis.delete(self._key_prefix + conversation_id)
        except redis.RedisError as error:
            # The ticket then expires on its own: the conversation waits, nothing is lost.
            logger.warning("conversation lock not released (%s)", type(error).__name__)


class EngineClient:
    """Sends a resident's message to Rasa's REST channel and returns its messages."""

    def __init__(
        self,
        http: httpx.Client,
        base_url: str,
        timeout: float,
        action_server_url: str,
        locks: ConversationLocks | None = None,
    ) -> None:
        self._http = http
        self._webhook = f"{base_url}/webhooks/rest/webhook"
        self._timeout = timeout
        self._actions_health = f"{action_server_url}/health"
        # Only where replicas share conversations; one engine's locks die with it.
        self._locks = locks

    def send(self, sender_id: str, message: str) -> list[dict[str, Any]]:
        try:
            response = self._http.post(
                self._webhook,
                json={"sender": sender_id, "message": message},
                timeout=self._timeout,
            )
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as error:
            if self._locks is not None and replica_lost(error):
                self._locks.release(sender_id)
            raise EngineUnavailable(type(error).__name__) from error
        if not isinstance(messages, list):
            raise EngineUnavailable("unexpected reply shape")
        return messages

    def actions_answer(self) -> bool:
        """Whether the action server behind the engine answers.

        Rasa replies with nothing, not an error, when a custom action cannot run;
        an empty reply is an outage only if the action server is down.
        """
        try:
            response = self._http.get(self._actions_health, timeout=ACTIONS_HEALTH_TIMEOUT_SECONDS)
        except httpx.HTTPError:
            return False
        return response.status_code == 200
