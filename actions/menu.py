"""The topic menu: what the assistant can help with, by council priority."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import need_buttons, topic_buttons
from knowledge.taxonomy import load_taxonomy


class ActionShowTopics(Action):
    """Lists the topics, or the needs within the topic the resident chose."""

    def name(self) -> str:
        return "action_show_topics"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taxonomy = load_taxonomy()
        topic = next(tracker.get_latest_entity_values("topic"), None)
        priority = taxonomy.priority(topic) if topic else None
        if priority is None:
            dispatcher.utter_message(
                text="I can help with these things. Choose one, or type what you need.",
                buttons=topic_buttons(taxonomy),
            )
        else:
            dispatcher.utter_message(
                text=f"{priority.label}. Choose what you need help with, or type it.",
                buttons=need_buttons(taxonomy, priority.id),
            )
        return []


class ActionStartAgain(Action):
    """Clears what the conversation has gathered and offers the topics afresh."""

    def name(self) -> str:
        return "action_start_again"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="OK, let's start again. What do you need help with? Choose a topic or type it.",
            buttons=topic_buttons(load_taxonomy()),
        )
        return [AllSlotsReset()]
