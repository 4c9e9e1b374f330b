"""Signposting: answer a need with where to go next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import facts
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy


class ActionSignpostNeed(Action):
    """Replies to the need the resident's latest message expresses."""

    def name(self) -> str:
        return "action_signpost_need"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taxonomy = load_taxonomy()
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        need = taxonomy.need(intent)
        if need is None:  # only if a rule and the taxonomy disagree
            dispatcher.utter_message(
                text="Sorry, I did not follow that. What do you need help with?"
            )
            return []
        crisis = need.id == CRISIS_NEED
        dispatcher.utter_message(text=taxonomy.crisis.reply if crisis else need.reply)
        dispatcher.utter_message(json_message=facts(need.id, crisis=crisis, services=[]))
        return []
