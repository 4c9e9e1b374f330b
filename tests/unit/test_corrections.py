"""Corrections ("I mean…") read with the message before them."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.corrections import corrected_need, is_correction
from actions.fallback import ActionFallback
from actions.signpost import ActionSignpostNeed
from knowledge.taxonomy import load_taxonomy
from tests.unit.test_actions import knowledge, run  # noqa: F401  (fixture)


def said(text: str, ranking: dict[str, float]) -> dict[str, Any]:
    ordered = sorted(ranking.items(), key=lambda kv: -kv[1])
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": ordered[0][0], "confidence": ordered[0][1]},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ordered],
        },
    }


def conversation(*messages: dict[str, Any]) -> Tracker:
    latest = messages[-1]
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {},
            "latest_message": {**latest["parse_data"], "text": latest["text"]},
            "events": list(messages),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


COUNCIL_TAX = said("council tax", {"council_tax_support": 0.45, "other_council_service": 0.4})
CANNOT_PAY = {"debt_advice": 0.4, "council_tax_support": 0.2, "help_with_rent": 0.2}


@pytest.mark.parametrize(
    "text",
    [
        "I mean I can't afford to pay it",
        "no, I meant the bins",
        "sorry i ment rent",
        "Oops, what I meant was the rent",
        "nah I was asking about my gas",
    ],
)
def test_corrections_are_recognised(text: str) -> None:
    assert is_correction(text)


@pytest.mark.parametrize("text", ["I can't pay it", "meant to ring you", "no", "mean landlord"])
def test_other_messages_are_not_corrections(text: str) -> None:
    assert not is_correction(text)


def test_a_correction_keeps_the_topic_of_the_message_before() -> None:
    tracker = conversation(COUNCIL_TAX, said("I mean I can't afford to pay it", CANNOT_PAY))
    assert corrected_need(tracker).id == "council_tax_support"


def test_a_clear_change_of_subject_wins() -> None:
    bins = {"other_council_service": 0.9, "council_tax_support": 0.01}
    tracker = conversation(COUNCIL_TAX, said("no, I meant the bins", bins))
    assert corrected_need(tracker).id == "other_council_service"


def test_without_a_correction_the_message_is_read_alone() -> None:
    tracker = conversation(COUNCIL_TAX, said("I can't afford to pay it", CANNOT_PAY))
    assert corrected_need(tracker) is None


def test_a_correction_with_no_need_before_it_is_read_alone() -> None:
    hello = said("hiya", {"greet": 0.95})
    tracker = conversation(hello, said("I mean I can't afford to pay it", CANNOT_PAY))
    assert corrected_need(tracker) is None


def test_a_correction_after_a_button_keeps_its_need() -> None:
    button = said("/help_with_rent", {"help_with_rent": 1.0})
    tracker = conversation(button, said("I mean I'm behind with it", CANNOT_PAY))
    assert corrected_need(tracker).id == "help_with_rent"


def test_a_correction_the_model_could_not_place_is_answered_not_refused() -> None:
    unsure = {"nlu_fallback": 0.7, **CANNOT_PAY}
    tracker = conversation(COUNCIL_TAX, said("I mean I can't afford to pay it", unsure))
    messages, events = run(ActionFallback(), tracker)
    assert messages == []
    assert events == [FollowupAction("action_signpost_need")]


def test_the_answer_to_a_correction_is_the_corrected_need() -> None:
    tracker = conversation(COUNCIL_TAX, said("I mean I can't afford to pay it", CANNOT_PAY))
    messages, events = run(ActionSignpostNeed(), tracker)
    assert messages[0]["text"] == load_taxonomy().need("council_tax_support").reply
    assert {"event": "slot", "name": "last_need", "value": "council_tax_support"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e["event"] == "slot"
    ]
