"""Custom actions, run against JSON trackers with rasa_sdk alone (no engine)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import follow_up, hubs, signpost
from actions.crisis import ActionAfterCrisis, ActionCrisis
from actions.entitlements import START_BUTTON
from actions.fallback import ActionFallback, ActionHandoff, consecutive_fallbacks
from actions.follow_up import ActionMoreServices, ActionOpeningTimes, ActionServiceContact
from actions.hubs import ActionLocalHelp, ActionNearestHub, ValidateHubAreaForm
from actions.knowledge_client import KnowledgeClient
from actions.menu import ActionShowTopics, ActionStartAgain
from actions.replies import is_keyboard_mash
from actions.signpost import ActionSignpostNeed
from core.clock import LONDON
from knowledge.taxonomy import load_taxonomy


@pytest.fixture(autouse=True)
def knowledge(content_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeClient]:
    """Actions read a fresh database with the real content loaded."""
    client = KnowledgeClient(content_url)
    for module in (signpost, follow_up, hubs):
        monkeypatch.setattr(module, "get_knowledge", lambda: client)
    yield client


def user_event(intent: str, entities: list[dict] | None = None) -> dict[str, Any]:
    return {
        "event": "user",
        "text": "resident's words",
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
    }


def tracker_after(*events: dict[str, Any], slots: dict[str, Any] | None = None) -> Tracker:
    user = next((e for e in reversed(events) if e["event"] == "user"), None)
    latest = {**user["parse_data"], "text": user["text"]} if user else {}
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": slots or {},
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


def test_signpost_replies_with_the_need_and_service_cards() -> None:
    messages, events = run(ActionSignpostNeed(), tracker_after(user_event("energy_bills")))
    assert texts(messages)[0] == load_taxonomy().need("energy_bills").reply
    cards = facts(messages)["services"]
    assert 1 <= len(cards) <= 3
    assert {c["need"] for c in cards} == {"energy_bills"}
    assert facts(messages)["crisis"] is False
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "shown_services",
        "value": [c["id"] for c in cards],
    } in events


@pytest.mark.parametrize(
    ("action", "tracker"),
    [
        (ActionSignpostNeed(), tracker_after(user_event("energy_bills"))),
        (ActionNearestHub(), tracker_after(slots={"area": "TS25"})),
        (ActionMoreServices(), tracker_after(slots={"last_need": "energy_bills"})),
    ],
)
def test_with_the_knowledge_base_down_an_action_tells_the_gateway_and_says_nothing(
    action, tracker: Tracker, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = KnowledgeClient(f"sqlite:///{tmp_path / 'no-such-dir' / 'gone.db'}")
    for module in (signpost, follow_up, hubs):
        monkeypatch.setattr(module, "get_knowledge", lambda: gone)
    messages, events = run(action, tracker)
    assert (texts(messages), facts(messages), events) == (
        [],
        {"need": None, "unavailable": True},
        [],
    )


def ranked(intent: str, *ranking: tuple[str, float]) -> dict[str, Any]:
    event = user_event(intent)
    event["parse_data"]["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return event


def test_a_likely_runner_up_need_is_offered_beside_the_answer() -> None:
    event = ranked("adult_social_care", ("adult_social_care", 0.55), ("carers_support", 0.3))
    messages, _ = run(ActionSignpostNeed(), tracker_after(event))
    offer = next(m for m in messages if m.get("text") == "If this is not what you need, try:")
    assert offer["buttons"] == [{"title": "Support for carers", "payload": "/carers_support"}]
    assert facts(messages)["need"] == "adult_social_care"


@pytest.mark.parametrize(
    "ranking",
    [
        [("energy_bills", 0.9), ("debt_advice", 0.1)],  # too unlikely to be worth a button
        [("energy_bills", 0.6), ("crisis_emergency", 0.3)],  # danger is never a button
        [("energy_bills", 0.6), ("out_of_scope", 0.3), ("debt_advice", 0.05)],
        [("energy_bills", 0.6), ("greet", 0.3)],  # not a need
    ],
)
def test_no_runner_up_button_unless_another_need_is_likely(ranking) -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(ranked("energy_bills", *ranking)))
    assert "If this is not what you need, try:" not in texts(messages)


SAFE_NOW = load_taxonomy().crisis.safe_now_question


def test_signpost_gives_the_emergency_reply_for_a_crisis() -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(user_event("crisis_emergency")))
    assert texts(messages) == [load_taxonomy().crisis.reply, SAFE_NOW]
    assert facts(messages)["crisis"] is True
    assert facts(messages)["outcome"] == "crisis"


def test_first_fallback_asks_again_with_topic_buttons() -> None:
    messages, _ = run(ActionFallback(), tracker_after(user_event("nlu_fallback")))
    assert "say it another way" in texts(messages)[0]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Housing" in titles and "Other council services" in titles
    assert facts(messages) == {
        "need": None,
        "outcome": "no_match",
        "guess": None,
        "confidence": "low",
        "area": None,
    }


def test_a_fallback_records_the_models_best_guess_for_analysts() -> None:
    event = user_event("nlu_fallback")
    event["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "greet", "confidence": 0.3},
        {"name": "debt_advice", "confidence": 0.05},
    ]
    messages, _ = run(ActionFallback(), tracker_after(event, slots={"area": "TS26"}))
    assert facts(messages) == {
        "need": None,  # the chat API's need stays empty; the guess is for analysts
        "outcome": "no_match",
        "guess": "debt_advice",
        "confidence": "low",
        "area": "TS26",
    }


@pytest.mark.parametrize(
    ("text", "followup"),
    [
        ("ts24 damp", [{"event": "followup", "name": "action_local_help", "timestamp": None}]),
        ("resident's words", []),  # no place named: the close call is the needs'
    ],
)
@pytest.mark.parametrize("area_first", [True, False])
def test_an_area_and_a_need_neck_and_neck_go_to_the_local_help(text, followup, area_first):
    event = user_event("nlu_fallback")
    event["text"] = text
    close_call = [
        {"name": "inform_area", "confidence": 0.49},
        {"name": "home_repairs", "confidence": 0.45},
    ]
    event["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.7},
        *(close_call if area_first else close_call[::-1]),
        {"name": "home_adaptations", "confidence": 0.03},
    ]
    _, events = run(ActionFallback(), tracker_after(event))
    assert events == followup


def test_a_close_call_asks_which_of_the_likeliest_needs_it_is() -> None:
    event = user_event("nlu_fallback")
    event["parse_data"]["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "adult_social_care", "confidence": 0.28},
        {"name": "crisis_emergency", "confidence": 0.2},
        {"name": "carers_support", "confidence": 0.25},
        {"name": "greet", "confidence": 0.15},
        {"name": "home_adaptations", "confidence": 0.22},
        {"name": "family_support", "confidence": 0.19},
    ]
    messages, _ = run(ActionFallback(), tracker_after(event))
    assert "Is it about one of these?" in texts(messages)[0]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/adult_social_care",
        "/carers_support",
        "/home_adaptations",
        "/show_topics",
    ]
    assert messages[0]["buttons"][-1]["title"] == "Something else"
    # Counted once the resident chooses, not now.
    assert "outcome" not in facts(messages)


def test_a_second_miss_after_a_clarifying_question_hands_off() -> None:
    event = user_event("nlu_fallback")
    event["parse_data"]["intent_ranking"] = [{"name": "debt_advice", "confidence": 0.3}]
    messages, _ = run(ActionFallback(), tracker_after(user_event("nlu_fallback"), event))
    assert "still do not understand" in texts(messages)[0]


@pytest.mark.parametrize(("confidence", "band"), [(0.95, "high"), (0.6, "medium"), (0.46, "low")])
def test_signposting_records_the_outcome_and_a_confidence_band(confidence, band) -> None:
    event = user_event("energy_bills")
    event["parse_data"]["intent"]["confidence"] = confidence
    messages, _ = run(ActionSignpostNeed(), tracker_after(event))
    assert facts(messages)["outcome"] == "signposted"
    assert facts(messages)["confidence"] == band


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


def mash(intent: str, confidence: float, text: str = "qwv zxkj plort") -> dict[str, Any]:
    event = user_event(intent)
    event["text"] = text
    event["parse_data"]["intent"]["confidence"] = confidence
    event["parse_data"]["intent_ranking"] = [{"name": intent, "confidence": confidence}]
    return event


def test_keyboard_mash_is_not_understood_whatever_the_model_guessed() -> None:
    """Random letters are a miss, not a need; the second in a row gets the council."""
    _, events = run(ActionSignpostNeed(), tracker_after(mash("other_council_service", 0.31)))
    assert events == [{"event": "followup", "name": "action_fallback", "timestamp": None}]
    first = tracker_after(mash("other_council_service", 0.31))
    messages, _ = run(ActionFallback(), first)
    assert "say it another way" in texts(messages)[0]  # no guessed needs as buttons
    second = tracker_after(mash("other_council_service", 0.31), mash("debt_advice", 0.4, "vrop"))
    assert consecutive_fallbacks(second) == 2
    assert load_taxonomy().council.phone in texts(run(ActionFallback(), second)[0])[0]


@pytest.mark.parametrize(
    ("intent", "confidence", "text"),
    [
        ("other_council_service", 0.31, "bins"),  # a word from the training data
        ("home_repairs", 0.3, "sumthin wrong with the boiler"),  # an English word
        ("benefits_advice", 0.3, "£400"),  # a number is an answer
        ("benefits_advice", 0.9, "benifts"),  # a typo the model is sure of
    ],
)
def test_a_message_with_a_known_word_or_a_sure_model_is_not_mash(intent, confidence, text):
    assert not is_keyboard_mash({**mash(intent, confidence, text)["parse_data"], "text": text})


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
    assert facts(messages)["need"] == "benefits_advice"
    assert facts(messages)["crisis"] is False


def test_a_figure_of_speech_with_no_good_second_guess_asks_again() -> None:
    messages, _ = run(ActionSignpostNeed(), crisis_guess("dying for a brew", "greet", 0.1))
    assert "say it another way" in texts(messages)[0]
    assert facts(messages)["outcome"] == "no_match"


def test_real_danger_beside_a_saying_stays_a_crisis() -> None:
    text = "this form is killing me and i want to end it all"
    messages, _ = run(ActionSignpostNeed(), crisis_guess(text, "benefits_advice", 0.35))
    assert facts(messages)["crisis"] is True
    assert texts(messages) == [load_taxonomy().crisis.reply, SAFE_NOW]


def test_the_model_is_trusted_when_no_saying_matches() -> None:
    messages, _ = run(ActionSignpostNeed(), crisis_guess("i cant do this any more", "greet", 0.3))
    assert facts(messages)["crisis"] is True


def shown(need: str, knowledge: KnowledgeClient) -> dict[str, Any]:
    cards = knowledge.cards_for_need(need)
    return {
        "last_need": need,
        "shown_services": [c.id for c in cards],
        "services_offset": float(len(cards)),
    }


def asked(text: str, intent: str, slots: dict[str, Any]) -> Tracker:
    event = user_event(intent)
    event["text"] = text
    return tracker_after(event, slots=slots)


def test_contact_details_of_the_services_shown(knowledge: KnowledgeClient) -> None:
    slots = shown("debt_advice", knowledge)
    messages, _ = run(ActionServiceContact(), asked("whats their number", "x", slots))
    cards = facts(messages)["services"]
    assert [c["id"] for c in cards] == slots["shown_services"]
    assert all(c["phone"] in texts(messages)[0] for c in cards if c["phone"])


def test_opening_times_on_the_day_asked_about(knowledge: KnowledgeClient) -> None:
    slots = {"last_need": "social_housing", "shown_services": ["thirteen-customer-services"]}
    messages, _ = run(ActionOpeningTimes(), asked("are they open saturday", "x", slots))
    assert texts(messages)[0] == "Thirteen customer services: open on Saturday, 9am to 3pm."
    messages, _ = run(ActionOpeningTimes(), asked("are they open on sunday", "x", slots))
    assert texts(messages)[0] == "Thirteen customer services: closed on Sunday."


def test_follow_ups_before_any_service_was_shown_ask_for_the_need() -> None:
    for action in (ActionServiceContact(), ActionOpeningTimes(), ActionMoreServices()):
        messages, _ = run(action, asked("whats their number", "x", {}))
        assert "what you need help with first" in texts(messages)[0]


def test_a_follow_up_asked_first_is_answered_as_the_need_it_names() -> None:
    event = {**user_event("ask_opening_times"), "text": "hub north what time close"}
    event["parse_data"]["intent_ranking"] = [
        {"name": "ask_opening_times", "confidence": 0.28},
        {"name": "community_hubs", "confidence": 0.27},
    ]
    messages, events = run(ActionOpeningTimes(), tracker_after(event))
    assert facts(messages)["need"] == "community_hubs"
    assert {"event": "slot", "name": "last_need", "value": "community_hubs", "timestamp": None} in (
        events
    )
    # No need likely enough to offer: ask for the need, as before.
    event["parse_data"]["intent_ranking"][1]["confidence"] = 0.1
    messages, _ = run(ActionOpeningTimes(), tracker_after(event))
    assert "what you need help with first" in texts(messages)[0]


def test_anything_else_shows_the_next_services_then_a_person(knowledge) -> None:
    slots = shown("benefits_advice", knowledge)
    messages, _ = run(ActionMoreServices(), asked("anything else", "x", slots))
    more = [c["id"] for c in facts(messages)["services"]]
    assert more and not set(more) & set(slots["shown_services"])
    slots["services_offset"] = 99.0
    messages, _ = run(ActionMoreServices(), asked("anything else", "x", slots))
    assert load_taxonomy().council.phone in texts(messages)[0]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("TS25 5AA", "TS25"),
        ("ts24", "TS24"),
        ("seaton carew", "Seaton Carew"),
        ("De Bruce", "De Bruce"),
    ],
)
def test_hub_form_accepts_districts_postcodes_wards_and_places(typed: str, kept: str) -> None:
    result = ValidateHubAreaForm().validate_area(typed, CollectingDispatcher(), tracker_after(), {})
    assert result == {"area": kept, "area_attempts": 0.0}  # never the full postcode


def test_hub_form_reasks_kindly_then_shows_every_hub() -> None:
    dispatcher = CollectingDispatcher()
    first = ValidateHubAreaForm().validate_area("my house", dispatcher, tracker_after(), {})
    assert first == {"area": None, "area_attempts": 1.0}
    assert "did not recognise" in dispatcher.messages[0]["text"]
    again = tracker_after(slots={"area_attempts": 1.0})
    second = ValidateHubAreaForm().validate_area("blah", CollectingDispatcher(), again, {})
    assert second["area"] == "all"


def test_hub_form_explains_a_postcode_outside_hartlepool() -> None:
    dispatcher = CollectingDispatcher()
    result = ValidateHubAreaForm().validate_area("SW1A 1AA", dispatcher, tracker_after(), {})
    assert result["area"] is None
    assert "not in Hartlepool" in dispatcher.messages[0]["text"]


def test_nearest_hub_names_the_hub_for_the_area() -> None:
    messages, _ = run(ActionNearestHub(), tracker_after(slots={"area": "TS25"}))
    cards = facts(messages)["services"]
    assert len(cards) == 1 and cards[0]["hub"] == "south-community-hub"
    assert texts(messages)[0].startswith("The hub for TS25 is")


def test_all_hubs_when_the_area_is_unknown() -> None:
    """Every hub in hubs.yml, Coastal and Seaton Carew too (not only the district hubs)."""
    from knowledge.hubs import hub_names

    messages, _ = run(ActionNearestHub(), tracker_after(slots={"area": "all"}))
    assert [c["hub"] for c in facts(messages)["services"]] == list(hub_names())


def test_asking_what_is_open_ranks_open_services_first(monkeypatch, knowledge) -> None:
    asked_open: list[bool] = []
    real = knowledge.cards_for_need

    def spy(need_id: str, **options):
        asked_open.append(options.get("open_first", False))
        return real(need_id, **options)

    monkeypatch.setattr(knowledge, "cards_for_need", spy)
    event = user_event("homelessness")
    event["text"] = "somewhere open now, weve been kicked out"
    run(ActionSignpostNeed(), tracker_after(event))
    run(ActionSignpostNeed(), tracker_after(user_event("homelessness")))
    assert asked_open == [True, False]


def test_open_first_puts_open_services_before_closed_ones(knowledge) -> None:
    from datetime import datetime

    sunday_night = datetime(2026, 11, 29, 23, 0, tzinfo=LONDON)
    cards = knowledge.cards_for_need("homelessness", open_first=True, at=sunday_night)
    order = {True: 0, None: 1, False: 2}
    assert [order[c.open_now] for c in cards] == sorted(order[c.open_now] for c in cards)


def test_signpost_names_the_nearest_hub_once_the_area_is_known() -> None:
    messages, _ = run(
        ActionSignpostNeed(),
        tracker_after(user_event("food_and_essentials"), slots={"area": "TS25"}),
    )
    assert any(t.startswith("Your nearest community hub is") for t in texts(messages))


def test_the_emergency_reply_has_no_cards_and_asks_if_the_resident_is_safe() -> None:
    messages, _ = run(ActionCrisis(), tracker_after(user_event("crisis_emergency")))
    assert texts(messages) == [load_taxonomy().crisis.reply, SAFE_NOW]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/affirm", "/deny"]
    assert "services" not in facts(messages)


def test_the_gateways_kind_of_danger_chooses_the_reply() -> None:
    event = user_event(
        "crisis_emergency", [{"entity": "crisis_category", "value": "overdose_poisoning"}]
    )
    messages, events = run(ActionCrisis(), tracker_after(event))
    assert texts(messages)[0] == load_taxonomy().crisis.reply_for("overdose_poisoning")
    assert facts(messages)["crisis_category"] == "overdose_poisoning"
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "crisis_category",
        "value": "overdose_poisoning",
    } in events


def test_safe_now_offers_the_help_that_fits_what_happened() -> None:
    tracker = tracker_after(user_event("affirm"), slots={"crisis_category": "violence_now"})
    messages, _ = run(ActionAfterCrisis(), tracker)
    assert "safe" in texts(messages)[0]
    assert texts(messages)[1] == load_taxonomy().need("domestic_abuse").reply
    assert facts(messages)["need"] == "domestic_abuse"


@pytest.mark.parametrize("need", ["benefits_advice", "energy_bills", "child_costs"])
def test_every_money_answer_offers_the_entitlements_check(need: str) -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(user_event(need)))
    buttons = [b for m in messages for b in m.get("buttons") or []]
    assert {"title": "Check what I can get", "payload": "/entitlements_check"} in buttons


def test_other_answers_do_not_offer_it() -> None:
    messages, _ = run(ActionSignpostNeed(), tracker_after(user_event("stop_smoking")))
    assert not any(m.get("buttons") for m in messages)


def test_the_crisis_action_answers_a_saying_the_model_took_for_danger() -> None:
    messages, _ = run(
        ActionCrisis(), crisis_guess("this benefits form is killing me", "benefits_advice", 0.35)
    )
    assert facts(messages)["need"] == "benefits_advice"
    assert facts(messages)["crisis"] is False


def test_not_safe_gets_the_emergency_reply_again() -> None:
    messages, _ = run(ActionCrisis(), tracker_after(user_event("deny")))
    assert texts(messages) == [load_taxonomy().crisis.reply, SAFE_NOW]


@pytest.mark.parametrize(("need", "offered"), [("energy_bills", True), ("home_repairs", False)])
def test_an_answer_that_offers_the_check_says_so_for_a_typed_yes(need: str, offered: bool) -> None:
    messages, events = run(ActionSignpostNeed(), tracker_after(user_event(need)))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["check_offered"] is offered
    assert any(m.get("buttons") == [START_BUTTON] for m in messages) is offered


def area_event(text: str) -> dict[str, Any]:
    return {**user_event("inform_area"), "text": text}


def test_an_area_after_an_answer_gives_its_services_and_the_nearest_hub() -> None:
    tracker = tracker_after(area_event("TS24"), slots={"last_need": "home_repairs"})
    messages, events = run(ActionLocalHelp(), tracker)
    assert texts(messages)[0].startswith("Your nearest community hub is")
    assert facts(messages)["need"] == "home_repairs" and facts(messages)["services"]
    assert "outcome" not in facts(messages)  # counted once, when it was answered
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["area"] == "TS24"


def test_a_full_postcode_is_kept_only_as_its_district() -> None:
    messages, events = run(ActionLocalHelp(), tracker_after(area_event("TS25 5AB")))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["area"] == "TS25"
    assert "What do you need help with?" in texts(messages)[-1]


def test_a_place_the_assistant_does_not_know_is_asked_again_plainly() -> None:
    messages, events = run(ActionLocalHelp(), tracker_after(area_event("Narnia")))
    assert "did not recognise that place" in texts(messages)[0] and events == []


def said(intent: str, text: str) -> Tracker:
    return tracker_after({**user_event(intent), "text": text})


def test_another_councils_bins_are_sent_to_that_council() -> None:
    message = "i live in billingham, my bins werent emptied"
    messages, _ = run(ActionSignpostNeed(), said("other_council_service", message))
    note, reply = texts(messages)[:2]
    assert note.startswith("If this is about somewhere in Stockton-on-Tees Borough Council's area")
    assert "https://www.stockton.gov.uk" in note
    # Hartlepool's bins page is no use there: counted and answered as out of scope.
    assert reply == load_taxonomy().need("out_of_scope").reply
    assert facts(messages)["need"] == "out_of_scope"


def test_another_help_keeps_its_answer_after_the_note() -> None:
    message = "we live in wingate, is there help with carers for my husband"
    messages, _ = run(ActionSignpostNeed(), said("adult_social_care", message))
    assert "Durham County Council" in texts(messages)[0]
    assert texts(messages)[1] == load_taxonomy().need("adult_social_care").reply


@pytest.mark.parametrize(
    "message",
    [
        "pothole on stockton road nearly wrecked my tyre",
        "just moved from middlesbrough, which bin goes out which week",
        "I live in Durham but my dad in Seaton Carew needs carers",
        "my son is in durham prison, can i get help with visits",
        "his special school is in stockton, can he get a taxi",
    ],
)
def test_hartlepool_questions_that_name_a_neighbour_get_no_note(message: str) -> None:
    messages, _ = run(ActionSignpostNeed(), said("other_council_service", message))
    assert texts(messages)[0] == load_taxonomy().need("other_council_service").reply


# --- a team asked for by name ---------------------------------------------------------------


def test_a_team_named_decides_over_the_models_reading() -> None:
    message = "can you put me through to housing options"
    messages, _ = run(ActionSignpostNeed(), said("social_housing", message))
    assert facts(messages)["need"] == "homelessness"
    assert texts(messages)[0] == load_taxonomy().need("homelessness").reply


def test_a_team_named_when_the_model_did_not_understand_is_answered() -> None:
    _, events = run(ActionFallback(), said("nlu_fallback", "ASB team number"))
    assert events == [{"event": "followup", "name": "action_signpost_need", "timestamp": None}]
    messages, _ = run(ActionSignpostNeed(), said("nlu_fallback", "ASB team number"))
    assert facts(messages)["need"] == "antisocial_behaviour"


def test_the_models_danger_stands_when_the_message_says_more_than_the_request() -> None:
    story = "put me through to the asb team they are kicking my door in now"
    messages, _ = run(ActionSignpostNeed(), crisis_guess(story, "antisocial_behaviour", 0.3))
    assert facts(messages)["crisis"] is True
    bare = "can you put me through to planning"
    messages, _ = run(ActionSignpostNeed(), crisis_guess(bare, "other_council_service", 0.3))
    assert facts(messages)["need"] == "other_council_service"
    assert facts(messages)["crisis"] is False


def test_a_team_named_in_a_question_about_contact_details_is_answered_as_its_need() -> None:
    tracker = said("ask_contact_details", "whats the number for talking therapies")
    _, events = run(ActionServiceContact(), tracker)
    assert events == [{"event": "followup", "name": "action_signpost_need", "timestamp": None}]
    messages, _ = run(ActionSignpostNeed(), said("ask_contact_details", "mash phone number"))
    assert facts(messages)["need"] == "safeguarding_child"


# --- an area and a word ("ts25 rent") -------------------------------------------------------


def area_and_words(text: str, *ranking: tuple[str, float]) -> Tracker:
    event = area_event(text)
    event["parse_data"]["intent"] = {"name": "inform_area", "confidence": ranking[0][1]}
    event["parse_data"]["intent_ranking"] = [
        {"name": name, "confidence": score} for name, score in ranking
    ]
    return tracker_after(event)


def test_an_area_and_a_word_is_answered_as_the_word_with_the_nearest_hub() -> None:
    tracker = area_and_words("ts25 rent", ("inform_area", 0.75), ("help_with_rent", 0.24))
    messages, events = run(ActionLocalHelp(), tracker)
    assert texts(messages)[0] == load_taxonomy().need("help_with_rent").reply
    assert any(t.startswith("Your nearest community hub is") for t in texts(messages))
    assert facts(messages)["need"] == "help_with_rent" and facts(messages)["area"] == "TS25"
    assert facts(messages)["outcome"] == "signposted"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["area"] == "TS25"


def test_an_area_and_words_the_model_is_unsure_of_asks_which_need() -> None:
    ranking = (("inform_area", 0.93), ("send_support", 0.015), ("community_hubs", 0.01))
    tracker = area_and_words("owton manor. SEN transport", *ranking, ("social_housing", 0.01))
    messages, _ = run(ActionLocalHelp(), tracker)
    assert "Is it about one of these?" in texts(messages)[0]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[:2] == ["/send_support", "/community_hubs"]


def test_an_area_with_nothing_else_the_model_saw_gets_the_areas_own_reply() -> None:
    tracker = area_and_words("hart station", ("inform_area", 0.995), ("out_of_scope", 0.004))
    messages, _ = run(ActionLocalHelp(), tracker)
    assert texts(messages)[0].startswith("Your nearest community hub is")
    assert "What do you need help with?" in texts(messages)[1]


def test_an_area_named_with_a_need_gives_the_nearest_hub_and_is_kept() -> None:
    messages, events = run(ActionSignpostNeed(), said("food_and_essentials", "food bank ts25"))
    assert any(t.startswith("Your nearest community hub is") for t in texts(messages))
    assert facts(messages)["area"] == "TS25"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["area"] == "TS25"
    # A word that only looks like a place is not taken for one.
    messages, events = run(ActionSignpostNeed(), said("food_and_essentials", "food bank seatn"))
    assert "area" not in {e["name"] for e in events if e["event"] == "slot"}
