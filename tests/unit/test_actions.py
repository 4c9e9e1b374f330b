"""Custom actions, run against JSON trackers with rasa_sdk alone (no engine)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback, ActionHandoff, consecutive_fallbacks
from actions.menu import ActionShowTopics, ActionStartAgain
from actions.signpost import ActionSignpostNeed
from knowledge.taxonomy import load_taxonomy


def user_event(intent: str, entities: list[dict] | None = None) -> dict[str, Any]:
    return {
        "event": "user",
        "text": "resident's words",
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
    }


def tracker_after(*events: dict[str, Any]) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {},
            "latest_message": latest,
            "events": list(events),
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def run(action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def facts(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return next(m["custom"] for m in messages if m.get("custom"))


def test_signpost_replies_with_the_need_and_its_facts() -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(user_event("energy_bills")))
    assert texts(messages) == [load_taxonomy().need("energy_bills").reply]
    assert facts(messages) == {"need": "energy_bills", "crisis": False, "services": []}


def test_signpost_gives_the_emergency_reply_for_a_crisis() -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(user_event("crisis_emergency")))
    assert texts(messages) == [load_taxonomy().crisis.reply]
    assert facts(messages)["crisis"] is True


def test_first_fallback_asks_again_with_topic_buttons() -> None:
    messages, _ = run(ActionFallback(), tracker_after(user_event("nlu_fallback")))
    assert "say it another way" in texts(messages)[0]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Housing" in titles and "Other council services" in titles
    assert facts(messages) == {"need": None, "outcome": "no_match"}


def test_second_fallback_in_a_row_hands_off_to_the_council() -> None:
    tracker = tracker_after(user_event("nlu_fallback"), user_event("nlu_fallback"))
    messages, _ = run(ActionFallback(), tracker)
    assert load_taxonomy().council.phone in texts(messages)[0]
    assert facts(messages)["outcome"] == "handoff"


def test_fallbacks_are_counted_only_in_a_row_and_since_starting_again() -> None:
    understood_between = tracker_after(
        user_event("nlu_fallback"), user_event("greet"), user_event("nlu_fallback")
    )
    assert consecutive_fallbacks(understood_between) == 1
    after_start_again = tracker_after(
        user_event("nlu_fallback"),
        {"event": "action", "name": "action_start_again"},
        user_event("nlu_fallback"),
    )
    assert consecutive_fallbacks(after_start_again) == 1


def test_topic_menu_lists_priorities_then_needs() -> None:
    messages, _ = run(ActionShowTopics(), tracker_after(user_event("show_topics")))
    assert len(messages[0]["buttons"]) == len(load_taxonomy().priorities) + 1

    housing = [{"entity": "topic", "value": "better_housing"}]
    messages, _ = run(ActionShowTopics(), tracker_after(user_event("show_topics", housing)))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/homelessness", "/social_housing", "/home_repairs", "/home_adaptations"]


def test_unknown_topic_falls_back_to_the_full_menu() -> None:
    nonsense = [{"entity": "topic", "value": "astrology"}]
    messages, _ = run(ActionShowTopics(), tracker_after(user_event("show_topics", nonsense)))
    assert len(messages[0]["buttons"]) == len(load_taxonomy().priorities) + 1


def test_handoff_gives_the_council_phone_and_999() -> None:
    messages, _ = run(ActionHandoff(), tracker_after(user_event("human_handoff")))
    assert load_taxonomy().council.phone in texts(messages)[0]
    assert "999" in texts(messages)[0]


def test_start_again_resets_slots_and_offers_topics() -> None:
    messages, events = run(ActionStartAgain(), tracker_after(user_event("start_again")))
    assert events == [{"event": "reset_slots", "timestamp": None}]
    assert messages[0]["buttons"]


def crisis_guess(text: str, second: str, confidence: float) -> Tracker:
    event = user_event("crisis_emergency")
    event["text"] = text
    event["parse_data"]["text"] = text
    event["parse_data"]["intent_ranking"] = [
        {"name": "crisis_emergency", "confidence": 0.6},
        {"name": second, "confidence": confidence},
    ]
    return tracker_after(event)


def test_a_figure_of_speech_taken_for_a_crisis_gets_the_next_need() -> None:
    tracker = crisis_guess("this benefits form is killing me", "benefits_advice", 0.35)
    messages, _ = run(ActionSignpostNeed(), tracker)
    assert facts(messages) == {"need": "benefits_advice", "crisis": False, "services": []}


def test_a_figure_of_speech_with_no_good_second_guess_asks_again() -> None:
    messages, _ = run(ActionSignpostNeed(), crisis_guess("dying for a brew", "greet", 0.1))
    assert "say it another way" in texts(messages)[0]
    assert facts(messages)["outcome"] == "no_match"


def test_real_danger_beside_a_saying_stays_a_crisis() -> None:
    text = "this form is killing me and i want to end it all"
    messages, _ = run(ActionSignpostNeed(), crisis_guess(text, "benefits_advice", 0.35))
    assert facts(messages)["crisis"] is True
    assert texts(messages) == [load_taxonomy().crisis.reply]


def test_the_model_is_trusted_when_no_saying_matches() -> None:
    messages, _ = run(ActionSignpostNeed(), crisis_guess("i cant do this any more", "greet", 0.3))
    assert facts(messages)["crisis"] is True
