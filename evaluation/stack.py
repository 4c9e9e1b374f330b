"""A throwaway copy of the whole assistant on free ports, for measuring through /api/chat."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from launcher.model import ensure_trained
from launcher.stack import Stack, prepare_database, throwaway_settings


@contextmanager
def running_stack() -> Iterator[httpx.Client]:
    with tempfile.TemporaryDirectory(prefix="evaluation-") as folder:
        settings = throwaway_settings(Path(folder))
        model = ensure_trained(settings)
        prepare_database(settings)
        stack = Stack(settings, model)
        stack.start(timeout_seconds=300)
        try:
            base = f"http://{settings.api_host}:{settings.api_port}"
            with httpx.Client(base_url=base, timeout=60.0) as client:
                yield client
        finally:
            stack.stop()


def chat(client: httpx.Client, message: str, session_id: str | None = None) -> dict:
    response = client.post("/api/chat", json={"message": message, "session_id": session_id})
    response.raise_for_status()
    return response.json()
