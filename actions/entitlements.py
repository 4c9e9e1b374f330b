"""The entitlements check: a short form, then what the resident may be able to get.

The answers stay in the conversation's slots until the results are shown, then
they are cleared. They go to the gateway's `POST /api/entitlements/check` and
nowhere else; nothing here logs them.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import check_answers as answers
from actions.replies import facts, handoff_text
from core.clock import london_today
from core.settings import get_settings
from knowledge.entitlements import estimates
from knowledge.entitlements.household import Household
from knowledge.entitlements.rules import check
from knowledge.entitlements.ruleset import load_ruleset
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy

logger = logging.getLogger(__name__)

QUESTIONS = (
    "check_age",
    "check_born",
    "check_partner",
    "check_children",
    "check_housing",
    "check_rent",
    "check_pay",
    "check_savings",
    "check_health",
)
READERS = {
    "check_age": answers.read_age,
    "check_born": answers.read_born,
    "check_partner": answers.read_partner,
    "check_children": answers.read_children,
    "check_housing": answers.read_housing,
    "check_rent": answers.read_money({}),
    "check_pay": answers.read_money(answers.PAY_BANDS),
    "check_pension_income": answers.read_money(answers.PENSION_INCOME_BANDS),
    "check_savings": answers.read_money(answers.SAVINGS_BANDS),
    "check_health": answers.read_health,
}
RETRY_HINTS = {
    "check_age": "Please type your age in years, like 42, or choose an answer.",
    "check_born": "Please type the month and year, like November 1960, or choose an answer.",
    "check_partner": 'Please choose "Yes" or "No".',
    "check_children": 'Please type the children\'s ages, like 3 and 9, or choose "No children".',
    "check_housing": "Please choose the answer that fits best.",
    "check_rent": "Please type the rent as an amount, like 450 a month or 100 a week.",
    "check_pay": "Please choose an answer, or type an amount, like 900 a month.",
    "check_pension_income": "Please choose an answer, or type an amount, like 1,100 a month.",
    "check_savings": "Please choose an answer, or type an amount, like 2,000.",
    "check_health": 'Please choose one, or type what applies. If none do, choose "None of these".',
}
# A need this likely, asked about inside the check in words that are no answer,
# pauses the check and is answered: "actually I just need a food bank today".
NEW_NEED_CONFIDENCE = 0.8
# The check is the benefits advice need's own service: its replies are about that need.
CHECK_NEED = "benefits_advice"
NOT_A_NEW_NEED = frozenset({CHECK_NEED, CRISIS_NEED, "out_of_scope"})
CHECK_OFFER = "I can check what money you may be able to get. It takes about 2 minutes."
START_BUTTON = {"title": "Check what I can get", "payload": "/entitlements_check"}
RESTART_BUTTON = {"title": "Start the check again", "payload": "/restart_entitlements_check"}
HUB_BUTTON = {"title": "Find my nearest hub", "payload": "/community_hubs"}


def clear_answers() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in QUESTIONS] + [
        SlotSet("check_stopped", False),
        SlotSet("check_attempts", 0.0),
        SlotSet("check_pension_age", None),
    ]


def age_in_years(age: str | None) -> int | None:
    # Before validation the form sees the raw answer ("25 to 65"): only a read one counts.
    return int(age) if age and str(age).isdigit() else None


def at_pension_age(age: str | None, born: str | None = None) -> bool | None:
    """From State Pension age (this tax year's ruleset) the check asks for all income.

    None when the age alone cannot tell (66, for people born from April 1960).
    """
    years = age_in_years(age)
    born_month = born if born not in (None, answers.SKIPPED) else None
    if years is None and born_month is None:
        return None
    spa = load_ruleset().figures.state_pension_age
    return spa.reached(years, born_month, london_today())


class ActionStartCheck(Action):
    """Starts the check, or carries on where the resident stopped."""

    def name(self) -> str:
        return "action_start_check"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if get_settings().estimates_warm_up:
            # Amounts need PolicyEngine's system (seconds to build): build it while the
            # resident answers, in the worker process that will work them out.
            estimates.warm_up_in_background()
        # The reply names its need, as every answer does ("benefits check pls" is answered,
        # not misunderstood); with no outcome it makes no demand event: the check's end does.
        about = facts(CHECK_NEED)
        if any(tracker.get_slot(slot) for slot in QUESTIONS):
            dispatcher.utter_message(text="OK, let's carry on with the check.", json_message=about)
        else:
            dispatcher.utter_message(
                text="I will ask up to 9 short questions. You can skip any of them, "
                'or type "stop" at any time. I do not keep your answers.',
                json_message=about,
            )
        return [
            SlotSet("check_stopped", False),
            SlotSet("check_attempts", 0.0),
            SlotSet("check_offered", False),
        ]


class ActionRestartCheck(Action):
    def name(self) -> str:
        return "action_restart_check"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="OK, let's start the check again from the first question.")
        return clear_answers()


class ValidateEntitlementsForm(FormValidationAction):
    """Reads each answer, asks again kindly once, then skips it with an explanation."""

    def name(self) -> str:
        return "validate_entitlements_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("check_stopped"):
            return []  # the form ends, and the result action says how to carry on
        renting = tracker.get_slot("check_housing") in answers.RENTING
        # The birth month only where the age cannot say whether State Pension age is reached.
        age = tracker.get_slot("check_age")
        born_matters = age_in_years(age) is not None and at_pension_age(age) is None
        skip = {"check_rent"} if not renting else set()
        if not born_matters:
            skip.add("check_born")
        return [s for s in domain_slots if s not in skip]

    def validate_check_age(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        found = self._validate("check_age", value, dispatcher, tracker)
        age = found.get("check_age")
        if age not in (None, answers.SKIPPED):
            found["check_pension_age"] = at_pension_age(age)
        return found

    def validate_check_born(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        found = self._validate("check_born", value, dispatcher, tracker)
        born = found.get("check_born")
        if born is not None:
            found["check_pension_age"] = at_pension_age(tracker.get_slot("check_age"), born)
        return found

    def validate_check_partner(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_partner", value, dispatcher, tracker)

    def validate_check_children(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_children", value, dispatcher, tracker)

    def validate_check_housing(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_housing", value, dispatcher, tracker)

    def validate_check_rent(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_rent", value, dispatcher, tracker)

    def validate_check_pay(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        # From State Pension age the question asks for all income, in other bands.
        reader = "check_pension_income" if tracker.get_slot("check_pension_age") else "check_pay"
        found = self._validate(reader, value, dispatcher, tracker)
        return {("check_pay" if k == reader else k): v for k, v in found.items()}

    def validate_check_savings(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_savings", value, dispatcher, tracker)

    def validate_check_health(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._validate("check_health", value, dispatcher, tracker)

    def _validate(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        text = str(value or "")
        if text == answers.SKIPPED:  # answered before the resident stopped; kept as it was
            return {slot: answers.SKIPPED}
        if answers.wants_to_stop(text):
            return {slot: None, "check_stopped": True}
        answer = READERS[slot](text)
        if answer is not None:
            return {slot: answer, "check_attempts": 0.0}
        other = new_need(tracker.latest_message)
        if other:
            return {slot: None, "check_stopped": True, "check_new_need": other}
        attempts = int(tracker.get_slot("check_attempts") or 0) + 1
        if attempts >= 2:
            dispatcher.utter_message(
                text="I could not work that out, so I have skipped this question. "
                "An adviser can go through it with you later."
            )
            return {slot: answers.SKIPPED, "check_attempts": 0.0}
        dispatcher.utter_message(text=f"Sorry, I did not understand. {RETRY_HINTS[slot]}")
        return {slot: None, "check_attempts": float(attempts)}


class ActionEntitlementsResult(Action):
    """Shows what the resident may be able to get, or how to carry on a stopped check."""

    def name(self) -> str:
        return "action_entitlements_result"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        other = tracker.get_slot("check_new_need")
        if tracker.get_slot("check_stopped") and other:
            return pause_for(other, dispatcher, tracker)
        if tracker.get_slot("check_stopped"):
            dispatcher.utter_message(
                text="OK, I have stopped the check. You can carry on later, or start again.",
                buttons=[{**START_BUTTON, "title": "Carry on with the check"}, RESTART_BUTTON],
            )
            return [SlotSet("check_stopped", False)]
        try:
            result = run_check(household(tracker))
        except Exception as error:  # a failed check hands over to a person, never a 500
            logger.warning("entitlements check failed (%s)", type(error).__name__)
            dispatcher.utter_message(
                text="Sorry, I cannot finish the check right now. "
                f"A benefits adviser can do it with you. {handoff_text(load_taxonomy())}"
            )
            dispatcher.utter_message(json_message=facts(CHECK_NEED, outcome="handoff"))
            return clear_answers()
        for text in result_texts(result):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(
            text="A benefits adviser can check everything with you, for free.",
            buttons=[HUB_BUTTON, RESTART_BUTTON],
        )
        ids = [r["id"] for r in result["results"]]
        dispatcher.utter_message(
            json_message=facts(CHECK_NEED, outcome="check_completed", entitlements=ids)
        )
        return clear_answers()


def new_need(latest_message: dict[str, Any]) -> str | None:
    """A need other than the check's own, if the model is sure of it."""
    intent = latest_message.get("intent") or {}
    name = intent.get("name") or ""
    if name in NOT_A_NEW_NEED or load_taxonomy().need(name) is None:
        return None
    return name if (intent.get("confidence") or 0.0) >= NEW_NEED_CONFIDENCE else None


def pause_for(
    need_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """Answer the new need; the check's answers wait in case the resident carries on."""
    from actions.signpost import signpost  # signposting offers the check: imports this

    dispatcher.utter_message(
        text="OK, I have paused the check. You can carry on with it later.",
        buttons=[{**START_BUTTON, "title": "Carry on with the check"}],
    )
    events = signpost(dispatcher, tracker, load_taxonomy().need(need_id))
    return [SlotSet("check_stopped", False), SlotSet("check_new_need", None), *events]


def household(tracker: Tracker) -> dict[str, Any]:
    """The check's request from the answers; a skipped answer is left out ("don't know")."""
    given = {s: tracker.get_slot(s) for s in QUESTIONS}
    known = {s: v for s, v in given.items() if v not in (None, answers.SKIPPED)}
    request: dict[str, Any] = {}
    if "check_age" in known:
        request["age"] = int(known["check_age"])
    if "check_born" in known:
        request["born_month"] = known["check_born"]
    if "check_partner" in known:
        request["partner"] = known["check_partner"] == "yes"
    if "check_children" in known:
        ages = known["check_children"]
        request["children_ages"] = [] if ages == "none" else [int(a) for a in ages.split(",")]
    if known.get("check_housing") in answers.HOUSING:
        request["housing"] = known["check_housing"]
    pension_age = at_pension_age(known.get("check_age"), known.get("check_born"))
    income = "pension_age_income_monthly" if pension_age else "take_home_pay_monthly"
    for slot, field in (
        ("check_rent", "rent_monthly"),
        ("check_pay", income),
        ("check_savings", "savings"),
    ):
        if slot in known:
            request[field] = float(known[slot])
    if "check_health" in known:
        flags = set(known["check_health"].split(","))
        request["care_needs"] = "care_needs" in flags
        request["disability"] = "disability" in flags or request["care_needs"]
        request["caring_35_hours"] = "caring" in flags
    return request


def run_check(request: dict[str, Any]) -> dict[str, Any]:
    """The rules in this process (knowledge/entitlements), as the API's check returns them."""
    return check(Household.model_validate(request)).model_dump(mode="json")


def result_texts(result: dict[str, Any]) -> list[str]:
    """Plain messages: what they may get and why, roughly how much, and how to claim."""
    found = result.get("results") or []
    if not found:
        texts = [
            "From your answers, I did not find anything more you are likely to get. "
            "Things can change, so it is still worth a full check."
        ]
    else:
        texts = [
            "From your answers, you may be able to get these. This is not a decision: "
            "the real amount depends on your full claim."
        ]
        texts += [entitlement_text(r) for r in found]
    notes = result.get("notes") or []
    if notes:
        texts.append(" ".join(notes))
    return texts


def entitlement_text(result: dict[str, Any]) -> str:
    parts = [f"{result['title']}. {result['reason']}"]
    if result.get("estimate_monthly"):
        parts.append(f"About £{result['estimate_monthly']:,.0f} a month.")
    claim = result.get("how_to_claim") or {}
    where = " or call ".join(p for p in (claim.get("url"), claim.get("phone")) if p)
    if where:
        parts.append(f"How to claim: {where}.")
    return " ".join(parts)
