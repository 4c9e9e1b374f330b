"""With the action server down, residents still get a kind answer and the numbers.

Runs after the conversation tests (file order) and restarts what it stopped.
"""

from __future__ import annotations

import pytest

from knowledge.taxonomy import load_taxonomy
from tests.integration.conftest import Conversation

pytestmark = pytest.mark.integration


def stopped(stack, name: str):
    """Stop one of the three processes for a test, then start it again."""
    process = next(p for p in stack.processes if p.name == name)
    process.stop()
    yield
    process.start()
    stack.wait_until_ready([process])


@pytest.fixture
def action_server_down(stack):
    yield from stopped(stack, "action server")


def test_action_server_down_gives_a_degraded_reply(action_server_down, api) -> None:
    reply = Conversation(api).say("behind on me rent and the landlord wants paying")
    assert reply["degraded"] is True
    text = " ".join(r["text"] for r in reply["replies"])
    assert load_taxonomy().council.phone in text and "999" in text
    assert api.get("/readyz").json()["checks"]["action_server"] is False


def test_crisis_still_first_when_the_action_server_is_down(action_server_down, api) -> None:
    reply = Conversation(api).say("i want to kill myself")
    assert reply["crisis"] is True
    assert "116 123" in reply["replies"][0]["text"]


def test_everything_answers_again_after_the_restart(api) -> None:
    assert api.get("/readyz").status_code == 200
    assert Conversation(api).say("help with me gas bill")["degraded"] is False


@pytest.fixture
def engine_down(stack):
    yield from stopped(stack, "engine")


def test_engine_down_still_sees_danger_described_in_a_residents_words(engine_down, api) -> None:
    reply = Conversation(api).say("my dad has gone grey and sweaty and is clutching his chest")
    assert (reply["degraded"], reply["crisis"]) == (True, True)
    assert reply["replies"][0]["text"] == load_taxonomy().crisis.reply_for("medical_emergency")


def test_everything_answers_again_after_the_engine_restarts(api) -> None:
    assert api.get("/readyz").status_code == 200
    assert Conversation(api).say("help with me gas bill")["degraded"] is False
