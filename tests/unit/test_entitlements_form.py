"""The entitlements check in the conversation: reading answers, the form, the results."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import check_answers as answers
from actions import entitlements
from actions.entitlements import (
    ActionEntitlementsResult,
    ActionStartCheck,
    ValidateEntitlementsForm,
    household,
)
from knowledge.taxonomy import load_taxonomy

S = answers.SKIPPED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", "42"),
        ("I'm 34", "34"),
        ("67 or older", "70"),
        ("66", "66"),
        ("under 25", "22"),
        ("dunno", S),
        ("skip", S),
        ("old", None),
        ("12", None),
        ("34 or 35", None),
    ],
)
def test_age(text: str, expected: str | None) -> None:
    assert answers.read_age(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("Yeah, my wife", "yes"),
        ("no", "no"),
        ("just me", "no"),
        ("Skip", S),
        ("maybe", None),
    ],
)
def test_partner(text: str, expected: str | None) -> None:
    assert answers.read_partner(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no children", "none"),
        ("none", "none"),
        ("3 and 9", "3,9"),
        ("a baby and 4", "4,0"),
        ("2, 5, 11", "2,5,11"),
        ("25", None),
        ("some", None),
        ("don't know", S),
    ],
)
def test_children(text: str, expected: str | None) -> None:
    assert answers.read_children(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("council or housing association", "social_rent"),
        ("private landlord", "private_rent"),
        ("I own my home", "own"),
        ("temporary housing", "supported"),
        ("living with my parents", "other"),
        ("rent", None),
    ],
)
def test_housing(text: str, expected: str | None) -> None:
    assert answers.read_housing(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("450", "450"),
        ("£1,200 a month", "1200"),
        ("£100 a week", "433"),
        ("190 a fortnight", "412"),
        ("not sure", S),
        ("lots", None),
        ("300 or 400", None),
    ],
)
def test_rent(text: str, expected: str | None) -> None:
    assert answers.read_money({})(text) == expected


def test_pay_and_savings_buttons_stand_for_an_amount() -> None:
    assert answers.read_money(answers.PAY_BANDS)("£500 to £1,000") == "750"
    assert answers.read_money(answers.PAY_BANDS)("None") == "0"
    assert answers.read_money(answers.SAVINGS_BANDS)("more than £16,000") == "20000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none of these", "none"),
        ("disability or long-term illness", "disability"),
        ("needs help with daily care", "care_needs"),
        ("I care for someone 35 hours a week", "caring"),
        ("I'm disabled and I look after my mam", "caring,disability"),
        ("banana", None),
    ],
)
def test_health(text: str, expected: str | None) -> None:
    assert answers.read_health(text) == expected


@pytest.mark.parametrize("text", ["stop", "Cancel", "quit please", "can you stop the check"])
def test_stopping(text: str) -> None:
    assert answers.wants_to_stop(text)


def test_an_answer_that_was_read_reads_the_same_again() -> None:
    # The form validates earlier answers again when a stopped check carries on.
    for reader, text in (
        (answers.read_age, "40"),
        (answers.read_children, "3,9"),
        (answers.read_housing, "private_rent"),
        (answers.read_health, "care_needs,disability"),
    ):
        assert reader(reader(text)) == reader(text)


def tracker(slots: dict[str, Any], text: str = "", requested: str | None = None) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": {**slots, "requested_slot": requested},
            "latest_message": {"text": text, "intent": {"name": "inform", "confidence": 0.9}},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": "entitlements_form"},
            "latest_action_name": "action_listen",
        }
    )


FORM = ValidateEntitlementsForm()


def test_a_miss_is_asked_again_kindly_then_skipped_with_an_explanation() -> None:
    dispatcher = CollectingDispatcher()
    first = FORM.validate_check_age("banana", dispatcher, tracker({}), {})
    assert first == {"check_age": None, "check_attempts": 1.0}
    assert "Sorry, I did not understand" in dispatcher.messages[0]["text"]
    second = FORM.validate_check_age("old", dispatcher, tracker({"check_attempts": 1.0}), {})
    assert second == {"check_age": S, "check_attempts": 0.0}
    assert "skipped this question" in dispatcher.messages[1]["text"]


def test_stop_ends_the_form() -> None:
    result = FORM.validate_check_pay("stop", CollectingDispatcher(), tracker({}), {})
    assert result == {"check_pay": None, "check_stopped": True}


@pytest.fixture
def december_2026(monkeypatch) -> None:
    """State Pension age depends on the day: people born from April 1960 wait months more."""
    monkeypatch.setattr(entitlements, "london_today", lambda: date(2026, 12, 1))


@pytest.mark.parametrize(("age", "pension_age"), [("65", False), ("66", None), ("81", True)])
def test_the_age_answer_says_whether_the_income_question_is_for_pension_age(
    december_2026, age: str, pension_age: bool | None
) -> None:
    found = FORM.validate_check_age(age, CollectingDispatcher(), tracker({}), {})
    assert found["check_pension_age"] is pension_age


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 1960", "1960-11"),
        ("nov 60", "1960-11"),
        ("born in Sept, 1960", "1960-09"),
        ("11/1960", "1960-11"),
        ("1960-5", "1960-05"),
        ("before April 1960", "1960-03"),
        ("skip", S),
        ("last year", None),
        ("13/1960", None),
    ],
)
def test_birth_month(text: str, expected: str | None) -> None:
    assert answers.read_born(text) == expected


def _slots_asked(filled: dict[str, Any]) -> list[str]:
    domain_slots = list(entitlements.QUESTIONS)
    return asyncio.run(
        FORM.required_slots(domain_slots, CollectingDispatcher(), tracker(filled), {})
    )


def test_the_birth_month_is_asked_only_when_the_age_cannot_tell(december_2026) -> None:
    assert "check_born" in _slots_asked({"check_age": "66"})
    # "25 to 65" is the raw answer the form sees before validation reads it as 40.
    for age in ("40", "70", S, "25 to 65", "67 or older"):
        assert "check_born" not in _slots_asked({"check_age": age})


@pytest.mark.parametrize(
    ("born", "pension_age"), [("1960-02", True), ("1960-11", False), ("1960-03", True)]
)
def test_the_birth_month_settles_state_pension_age(december_2026, born, pension_age) -> None:
    found = FORM.validate_check_born(born, CollectingDispatcher(), tracker({"check_age": "66"}), {})
    assert found["check_born"] == born
    assert found["check_pension_age"] is pension_age


def test_a_66_year_old_born_in_november_1960_is_asked_about_pay(december_2026) -> None:
    slots = {"check_age": "66", "check_born": "1960-11", "check_pay": "700"}
    request = household(tracker(slots))
    assert request["born_month"] == "1960-11"
    assert request["take_home_pay_monthly"] == 700.0


def test_from_state_pension_age_the_income_bands_are_all_income() -> None:
    pensioner = tracker({"check_age": "70", "check_pension_age": True})
    found = FORM.validate_check_pay("under £1,000", CollectingDispatcher(), pensioner, {})
    assert found == {"check_pay": "800", "check_attempts": 0.0}
    worker = tracker({"check_age": "40", "check_pension_age": False})
    found = FORM.validate_check_pay("under £500", CollectingDispatcher(), worker, {})
    assert found == {"check_pay": "300", "check_attempts": 0.0}


def test_a_pensioner_who_answers_none_is_not_told_about_pension_credit() -> None:
    """Issue 13: "none" from work was read as no income at all."""
    from knowledge.entitlements.household import Household
    from knowledge.entitlements.rules import check

    slots = {"check_age": "70", "check_partner": "no", "check_housing": "own"}
    request = household(tracker({**slots, "check_pay": "0"}))
    assert request["pension_age_income_monthly"] == 0.0  # they said all income is none
    no_income_given = household(tracker(slots))
    ids = [r.id for r in check(Household(**no_income_given, take_home_pay_monthly=0)).results]
    assert "pension_credit" not in ids


def required(slots: dict[str, Any]) -> list[str]:
    questions = list(entitlements.QUESTIONS)
    return asyncio.run(FORM.required_slots(questions, CollectingDispatcher(), tracker(slots), {}))


def test_rent_is_asked_only_of_renters() -> None:
    owner = required({"check_housing": "own"})
    renter = required({"check_housing": "social_rent"})
    stopped = required({"check_stopped": True})
    assert "check_rent" not in owner and "check_rent" in renter and stopped == []
    assert len(renter) <= 8


def test_the_request_leaves_out_what_was_skipped() -> None:
    slots = {
        "check_age": "70",
        "check_partner": "no",
        "check_children": "none",
        "check_housing": "private_rent",
        "check_rent": "500",
        "check_pay": S,
        "check_savings": "2000",
        "check_health": "care_needs",
    }
    assert household(tracker(slots)) == {
        "age": 70,
        "partner": False,
        "children_ages": [],
        "housing": "private_rent",
        "rent_monthly": 500.0,
        "savings": 2000.0,
        "care_needs": True,
        "disability": True,
        "caring_35_hours": False,
    }


RESULT = {
    "tax_year": "2026-27",
    "results": [
        {
            "id": "pension_credit",
            "title": "Pension Credit",
            "reason": "Because you are over State Pension age and your income is low.",
            "how_to_claim": {
                "url": "https://www.gov.uk/pension-credit/how-to-claim",
                "phone": "0800 99 1234",
            },
            "estimate_monthly": 312.4,
            "source_url": "https://www.gov.uk/pension-credit",
            "verified": True,
        }
    ],
    "notes": ["You may be able to get more with a full check."],
}


def run(action, slots: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker(slots), {})
    return dispatcher.messages, events


def test_results_say_why_how_much_and_how_to_claim_then_forget_the_answers(monkeypatch) -> None:
    sent = []
    monkeypatch.setattr(entitlements, "run_check", lambda request: sent.append(request) or RESULT)
    messages, events = run(ActionEntitlementsResult(), {"check_age": "70", "check_pay": "300"})
    text = " ".join(m["text"] for m in messages if m.get("text"))
    assert "Pension Credit. Because you are over State Pension age" in text
    assert "About £312 a month." in text
    assert "https://www.gov.uk/pension-credit/how-to-claim or call 0800 99 1234" in text
    assert "not a decision" in text
    custom = next(m["custom"] for m in messages if m.get("custom"))
    assert custom == {
        "need": "benefits_advice",
        "outcome": "check_completed",
        "entitlements": ["pension_credit"],
    }
    # From State Pension age the income question asks for all income, pensions included.
    assert sent == [{"age": 70, "pension_age_income_monthly": 300.0}]
    cleared = {e["name"]: e["value"] for e in events}
    assert all(cleared[slot] is None for slot in entitlements.QUESTIONS)


def test_a_stopped_check_offers_to_carry_on_or_start_again(monkeypatch) -> None:
    monkeypatch.setattr(entitlements, "run_check", lambda request: pytest.fail("no check"))
    messages, _ = run(ActionEntitlementsResult(), {"check_stopped": True, "check_age": "40"})
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/entitlements_check", "/restart_entitlements_check"]


def test_when_the_check_cannot_run_the_resident_gets_an_adviser(monkeypatch) -> None:
    def down(request):
        raise RuntimeError("the rules could not load")

    monkeypatch.setattr(entitlements, "run_check", down)
    messages, _ = run(ActionEntitlementsResult(), {"check_age": "40"})
    assert "01429 266522" in messages[0]["text"]


def test_the_check_starts_by_saying_what_happens_to_the_answers() -> None:
    messages, _ = run(ActionStartCheck(), {})
    assert "I do not keep your answers" in messages[0]["text"]
    messages, _ = run(ActionStartCheck(), {"check_age": "40"})
    assert "carry on" in messages[0]["text"]


def test_the_check_says_it_is_about_benefits_without_a_demand_event() -> None:
    messages, _ = run(ActionStartCheck(), {})
    assert messages[0]["custom"] == {"need": "benefits_advice"}


def test_the_check_runs_the_rules_in_this_process(monkeypatch) -> None:
    """No call to the gateway: the same answer the API gives, from knowledge/entitlements."""
    monkeypatch.setitem(sys.modules, "knowledge.entitlements.estimates", None)  # no amounts
    from knowledge.entitlements.household import Household
    from knowledge.entitlements.rules import check

    request = {"age": 70, "pension_age_income_monthly": 300.0, "savings": 0.0}
    expected = check(Household.model_validate(request), estimate=False).model_dump(mode="json")
    found = entitlements.run_check(request)
    assert [r["id"] for r in found["results"]] == [r["id"] for r in expected["results"]]
    assert "pension_credit" in [r["id"] for r in found["results"]]


def tracker_saying(text: str, intent: str, confidence: float, slots: dict | None = None) -> Tracker:
    found = tracker(slots or {}, text)
    found.latest_message["intent"] = {"name": intent, "confidence": confidence}
    return found


def test_a_clear_new_need_inside_the_check_pauses_it() -> None:
    said = tracker_saying("actually i just need a food bank today", "food_and_essentials", 0.95)
    found = FORM.validate_check_partner(
        said.latest_message["text"], CollectingDispatcher(), said, {}
    )
    assert found == {
        "check_partner": None,
        "check_stopped": True,
        "check_new_need": "food_and_essentials",
    }


@pytest.mark.parametrize(
    ("text", "intent", "confidence"),
    [
        ("council house", "social_housing", 0.95),  # an answer the question can read
        ("what about pip", "benefits_advice", 0.95),  # what the check itself is about
        ("food maybe", "food_and_essentials", 0.5),  # not sure enough
    ],
)
def test_only_a_sure_new_need_that_is_no_answer_pauses_the_check(text, intent, confidence) -> None:
    said = tracker_saying(text, intent, confidence)
    found = FORM.validate_check_housing(text, CollectingDispatcher(), said, {})
    assert "check_new_need" not in found


def test_the_paused_check_answers_the_new_need_and_offers_to_carry_on(monkeypatch) -> None:
    from actions import signpost as signposting

    monkeypatch.setattr(signposting, "get_knowledge", lambda: NoCards())
    slots = {"check_stopped": True, "check_new_need": "food_and_essentials", "check_age": "40"}
    said = tracker_saying(
        "actually i just need a food bank today", "food_and_essentials", 0.95, slots
    )
    dispatcher = CollectingDispatcher()
    events = ActionEntitlementsResult().run(dispatcher, said, {})
    texts = [m.get("text") for m in dispatcher.messages]
    assert texts[0] == "OK, I have paused the check. You can carry on with it later."
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/entitlements_check"
    assert load_taxonomy().need("food_and_essentials").reply in texts
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["check_new_need"] is None and values["check_stopped"] is False
    assert "check_age" not in values  # the answers wait for the resident to carry on


class NoCards:
    def cards_for_need(self, need_id: str, open_first: bool = False) -> list:
        return []

    def hub_for(self, area: str) -> None:
        return None
