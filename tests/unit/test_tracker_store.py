"""The engine forgets conversations after the session lifetime (bot/tracker_store.py).

Runs in the engine's own Python (3.10, Rasa 3.6), as the engine would: the store is
built from bot/endpoints.yml exactly as `rasa run` builds it.
"""

from __future__ import annotations

import subprocess

import pytest

from core.settings import PROJECT_ROOT, Settings

SCRIPT = """
import asyncio, os, sys, time
sys.path.insert(0, ".")
os.environ.update(TRACKER_TTL_SECONDS="1", ACTION_SERVER_URL="http://127.0.0.1:1")
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

store = create_tracker_store(
    read_endpoint_config("bot/endpoints.yml", "tracker_store"), Domain.empty()
)
print(type(store).__name__)

async def conversations():
    for i in range(5000):
        await store.save(DialogueStateTracker(f"resident-{i}", []))
    print(len(store.store))
    assert (await store.retrieve("resident-4999")) is not None
    time.sleep(1.2)
    await store.save(DialogueStateTracker("a new resident", []))
    print(len(store.store))
    print((await store.retrieve("resident-4999")) is None)

asyncio.run(conversations())
"""


def test_the_engine_forgets_conversations_after_the_session_lifetime() -> None:
    python = Settings().engine_venv / "bin" / "python"
    if not python.exists():
        pytest.skip("the engine's environment is not installed (make setup)")
    run = subprocess.run(
        [str(python), "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    kind, during, after, gone = run.stdout.split()[-4:]
    assert kind == "ExpiringInMemoryTrackerStore"  # not Rasa's silent fallback
    assert (int(during), int(after), gone) == (5000, 1, "True")
