"""When the assistant does not understand, and when the resident wants a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import best_guess_need, facts, handoff_text, topic_buttons
from knowledge.taxonomy import load_taxonomy

FALLBACK_INTENT = "nlu_fallback"
START_AGAIN_ACTION = "action_start_again"


class ActionFallback(Action):
    """Two stages: first ask to rephrase with the topics as buttons, then hand off."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taxonomy = load_taxonomy()
        if consecutive_fallbacks(tracker) < 2:
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
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count
