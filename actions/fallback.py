"""When the assistant does not understand, and when the resident wants a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.corrections import corrected_need
from actions.replies import (
    best_guess_need,
    facts,
    handoff_text,
    is_keyboard_mash,
    topic_buttons,
)
from knowledge.area import find_area
from knowledge.taxonomy import Taxonomy, load_taxonomy
from knowledge.teams import asked_for_team

FALLBACK_INTENT = "nlu_fallback"
START_AGAIN_ACTION = "action_start_again"
SIGNPOST_ACTION = "action_signpost_need"
LOCAL_HELP_ACTION = "action_local_help"
AREA_INTENT = "inform_area"
# A need the model gives at least this score is worth offering as a choice;
# below it for every need, the message was not understood at all.
CLARIFY_FLOOR = 0.2
CLARIFY_CHOICES = 3
# Needs never offered as a guess: danger is never a button, and "something
# else" is already one.
NOT_OFFERED = frozenset({"crisis_emergency", "out_of_scope"})


class ActionFallback(Action):
    """When unsure: ask which of the likeliest needs it is; if none is likely, or the
    resident is still not understood, ask to rephrase and then hand off."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if corrected_need(tracker) or asked_for_team(tracker.latest_message.get("text") or ""):
            # "I mean…" read with the message before it, or a team asked for by name
            # ("ASB team number"): the need is clear after all.
            return [FollowupAction(SIGNPOST_ACTION)]
        if read_as_an_area(tracker.latest_message):
            # "ts24 damp": the area and the need beside it read about as likely as each
            # other. The local help sets the area aside and answers the words beside it.
            return [FollowupAction(LOCAL_HELP_ACTION)]
        taxonomy = load_taxonomy()
        misses = consecutive_fallbacks(tracker)
        choices = likely_needs(tracker.latest_message, taxonomy)
        if misses < 2 and choices:
            ask_which_need(dispatcher, tracker, choices)
        elif misses < 2:
            ask_to_rephrase(dispatcher, tracker)
        else:
            dispatcher.utter_message(
                text=f"Sorry, I still do not understand. {handoff_text(taxonomy)}"
            )
            dispatcher.utter_message(
                json_message=facts(outcome="handoff", area=tracker.get_slot("area"))
            )
        return []


class ActionHandoff(Action):
    """Gives the council's contact route when the resident asks for a person."""

    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=handoff_text(load_taxonomy()))
        dispatcher.utter_message(
            json_message=facts(
                tracker.get_slot("last_need"), outcome="handoff", area=tracker.get_slot("area")
            )
        )
        return []


def read_as_an_area(latest_message: dict[str, Any]) -> bool:
    """One of the model's two likeliest readings is an area given, and the message names a
    place in Hartlepool."""
    ranking = [
        guess.get("name")
        for guess in latest_message.get("intent_ranking") or []
        if guess.get("name") != FALLBACK_INTENT
    ]
    if AREA_INTENT not in ranking[:2]:
        return False
    match = find_area(latest_message.get("text") or "")
    return bool(match and match.in_hartlepool)


def likely_needs(latest_message: dict[str, Any], taxonomy: Taxonomy) -> list[str]:
    """The needs worth offering as choices, likeliest first (none if nothing is likely)."""
    if is_keyboard_mash(latest_message):
        return []
    choices = []
    for guess in latest_message.get("intent_ranking") or []:
        name = guess.get("name") or ""
        if name in NOT_OFFERED or not taxonomy.need(name):
            continue
        if (guess.get("confidence") or 0.0) < CLARIFY_FLOOR:
            break
        choices.append(name)
    return choices[:CLARIFY_CHOICES]


def ask_which_need(dispatcher: CollectingDispatcher, tracker: Tracker, choices: list[str]) -> None:
    """A close call: offer the likeliest needs rather than guess or give up.

    No demand event yet: the resident's choice makes one, so a clarified
    request is counted once, under the need they chose.
    """
    taxonomy = load_taxonomy()
    buttons = [{"title": taxonomy.need(n).title, "payload": f"/{n}"} for n in choices]
    buttons.append({"title": "Something else", "payload": "/show_topics"})
    dispatcher.utter_message(
        text="I want to get this right. Is it about one of these? "
        "Choose one, or type it another way.",
        buttons=buttons,
    )
    dispatcher.utter_message(json_message=facts(clarify=choices, area=tracker.get_slot("area")))


def ask_to_rephrase(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The first stage: say so kindly and offer the topics as buttons.

    The demand event keeps the model's best guess, so analysts can see which
    needs residents struggle to put into words the assistant understands.
    """
    taxonomy = load_taxonomy()
    dispatcher.utter_message(
        text="Sorry, I did not understand. Can you say it another way, in a few words? "
        "Or choose a topic.",
        buttons=topic_buttons(taxonomy),
    )
    guess = best_guess_need(tracker.latest_message, taxonomy)
    # Not `need`: the chat API's need stays empty for a message not understood.
    dispatcher.utter_message(
        json_message=facts(
            outcome="no_match", guess=guess, confidence="low", area=tracker.get_slot("area")
        )
    )


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the resident's latest messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") in {"session_started", "restart"}:
            break
        if event.get("event") == "action" and event.get("name") == START_AGAIN_ACTION:
            break
        if event.get("event") != "user":
            continue
        if not not_understood({**(event.get("parse_data") or {}), "text": event.get("text")}):
            break
        count += 1
    return count


def not_understood(parse_data: dict[str, Any]) -> bool:
    intent = (parse_data.get("intent") or {}).get("name")
    return intent == FALLBACK_INTENT or is_keyboard_mash(parse_data)
