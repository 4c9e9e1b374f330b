"""The Rasa engine, reached over HTTP only (it runs in its own Python 3.10 environment)."""

from __future__ import annotations

from typing import Any

import httpx


class EngineUnavailable(Exception):
    """The engine did not answer in time, or answered with an error."""


# Asked only when the engine had nothing to say, so it must be quick.
ACTIONS_HEALTH_TIMEOUT_SECONDS = 1.0


class EngineClient:
    """Sends a resident's message to Rasa's REST channel and returns its messages."""

    def __init__(
        self, http: httpx.Client, base_url: str, timeout: float, action_server_url: str
    ) -> None:
        self._http = http
        self._webhook = f"{base_url}/webhooks/rest/webhook"
        self._timeout = timeout
        self._actions_health = f"{action_server_url}/health"

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
