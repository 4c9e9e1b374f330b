"""The scaled topology with its real parts: two engine replicas sharing conversations in
Redis behind HAProxy, two action servers, the API's workers and PostgreSQL.

One replica is killed between messages and every conversation carries on with its
history on the other; then it comes back, the other is killed, and the conversations
carry on again with what only the other saw. Skips, saying why, without HAProxy,
Redis or PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from launcher.model import model_path
from launcher.scaled import ScaledStack, Topology, missing_parts, redis_client
from launcher.stack import Process, free_port, prepare_database, throwaway_settings
from tests.integration.conftest import Conversation

pytestmark = pytest.mark.integration

FORM_ANSWER = "The hub for "  # the hub form's answer, once it has the area it asked for
AFTER_A_NEED = "Your nearest community hub is"  # an area typed after a need's answer


@pytest.fixture
def scaled(tmp_path: Path, postgres_url: str) -> Iterator[ScaledStack]:
    settings = throwaway_settings(tmp_path).model_copy(
        update={
            "database_url": postgres_url,
            # Keys of this test's own, deleted afterwards: no other data is touched.
            "redis_key_prefix": f"scaletest{uuid.uuid4().hex[:12]}",
            "estimates_warm_up": False,
        }
    )
    missing = missing_parts(settings)
    if missing:
        pytest.skip("; ".join(missing))
    model = model_path(settings)
    if not model.exists():
        pytest.fail(f"No trained model at {model}: run `make test` (or `make setup`) first")
    prepare_database(settings)
    topology = Topology((free_port(), free_port()), (free_port(), free_port()), api_workers=2)
    stack = ScaledStack(settings, model, topology)
    try:
        stack.start(timeout_seconds=300)
        yield stack
    finally:
        stack.stop()
        forget_keys(settings.redis_url, settings.redis_key_prefix)


def forget_keys(redis_url: str, prefix: str) -> None:
    client = redis_client(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def said(reply: dict) -> str:
    return " ".join(r["text"] for r in reply["replies"])


def kill(process: Process) -> None:
    os.killpg(process.popen.pid, signal.SIGKILL)
    process.popen.wait(10)


def wait_for_haproxy_to_route(stack: ScaledStack, timeout_seconds: float = 30.0) -> None:
    """Until HAProxy finds a replica up (it answers 503 while it knows of none)."""
    deadline = time.monotonic() + timeout_seconds
    while not stack.haproxy.is_ready():
        assert time.monotonic() < deadline, "HAProxy routed to no replica"
        time.sleep(0.5)


def test_conversations_carry_on_when_an_engine_replica_is_killed(scaled: ScaledStack) -> None:
    s = scaled.settings
    first, second = scaled.engines
    with httpx.Client(base_url=f"http://{s.api_host}:{s.api_port}", timeout=60.0) as api:
        # Three conversations, each half way through something only its history explains.
        hub_forms = [Conversation(api), Conversation(api)]
        for conversation in hub_forms:
            assert "Which part of Hartlepool" in said(
                conversation.say("where is my nearest community hub")
            )
        repairs = Conversation(api)
        assert repairs.say("the landlord wont fix the damp in the bedroom")["need"] == (
            "home_repairs"
        )

        kill(first)
        shown = {}
        for conversation, area in zip(hub_forms, ["owton manor", "TS25"], strict=True):
            reply = conversation.say(area)
            assert not reply["degraded"], reply
            assert said(reply).startswith(FORM_ANSWER) and reply["services"]
            shown[conversation] = reply["services"]
        reply = repairs.say("TS24")
        assert (reply["degraded"], reply["need"]) == (False, "home_repairs")
        assert said(reply).startswith(AFTER_A_NEED) and reply["services"]
        shown[repairs] = reply["services"]

        # The first replica back, the second killed: what only the second saw carries on.
        first.start()
        scaled.wait_until_ready([first])
        kill(second)
        wait_for_haproxy_to_route(scaled)
        for conversation, services in shown.items():
            contact = conversation.say("whats their number")
            assert not contact["degraded"], contact
            assert [c["id"] for c in contact["services"]] == [c["id"] for c in services]

    # Each conversation lives in Redis, forgotten a session's lifetime after its last message.
    key = f"{s.redis_key_prefix}:tracker:{repairs.session_id}"
    assert 0 < redis_client(s.redis_url).ttl(key) <= s.session_ttl_minutes * 60
