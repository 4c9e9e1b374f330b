"""The real thing: Rasa engine with the trained model, action server and API on free ports."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from launcher.model import model_path
from launcher.stack import Stack, prepare_database, throwaway_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    settings = throwaway_settings(tmp_path_factory.mktemp("stack"))
    model = model_path(settings)
    if not model.exists():
        pytest.fail(f"No trained model at {model}: run `make test` (or `make setup`) first")
    prepare_database(settings)
    running = Stack(settings, model)
    running.start(timeout_seconds=300)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def api(stack: Stack) -> Iterator[httpx.Client]:
    base = f"http://{stack.settings.api_host}:{stack.settings.api_port}"
    with httpx.Client(base_url=base, timeout=60.0) as client:
        yield client


class Conversation:
    """A resident's side of one conversation through the chat API."""

    def __init__(self, api: httpx.Client) -> None:
        self.api = api
        self.session_id: str | None = None

    def say(self, message: str) -> dict:
        response = self.api.post(
            "/api/chat", json={"message": message, "session_id": self.session_id}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        self.session_id = body["session_id"]
        return body


@pytest.fixture
def conversation(api: httpx.Client) -> Conversation:
    return Conversation(api)
