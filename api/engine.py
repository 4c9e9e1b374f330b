"""The Rasa engine, reached over HTTP only (it runs in its own Python 3.10 environment)."""

from __future__ import annotations

from typing import Any

import httpx


class EngineUnavailable(Exception):
    """The engine did not answer in time, or answered with an error."""


class EngineClient:
    """Sends a resident's message to Rasa's REST channel and returns its messages."""

    def __init__(self, http: httpx.Client, base_url: str, timeout: float) -> None:
        self._http = http
        self._webhook = f"{base_url}/webhooks/rest/webhook"
        self._timeout = timeout

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
