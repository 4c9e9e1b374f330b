"""Signposting: answer a need with where to go next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ask_to_rephrase
from actions.replies import facts
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import CRISIS_NEED, Need, load_taxonomy

# Below this, the model's second guess is no better than not understanding.
MIN_SECOND_GUESS_CONFIDENCE = 0.3


class ActionSignpostNeed(Action):
    """Replies to the need the resident's latest message expresses."""

    def name(self) -> str:
        return "action_signpost_need"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        need = understood_need(tracker.latest_message)
        if need is None:
            ask_to_rephrase(dispatcher)
            return []
        crisis = need.id == CRISIS_NEED
        taxonomy = load_taxonomy()
        dispatcher.utter_message(text=taxonomy.crisis.reply if crisis else need.reply)
        dispatcher.utter_message(json_message=facts(need.id, crisis=crisis, services=[]))
        return []


def understood_need(latest_message: dict[str, Any]) -> Need | None:
    """The need the model found, unless it took a figure of speech for a crisis.

    "This form is killing me" is not an emergency: when no danger phrase matches
    and a known saying does, use the model's next guess instead.
    """
    taxonomy = load_taxonomy()
    intent = (latest_message.get("intent") or {}).get("name") or ""
    text = latest_message.get("text") or ""
    if intent != CRISIS_NEED or not get_safety_net().is_only_a_figure_of_speech(text):
        return taxonomy.need(intent)
    for guess in latest_message.get("intent_ranking") or []:
        need = taxonomy.need(guess.get("name") or "")
        if need and need.id != CRISIS_NEED:
            return need if guess.get("confidence", 0) >= MIN_SECOND_GUESS_CONFIDENCE else None
    return None
