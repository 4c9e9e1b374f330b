"""The emergency reply and the "are you safe right now?" question that follows it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import facts
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy

CATEGORY_SLOT = "crisis_category"
SAFE_BUTTONS = [
    {"title": "Yes, I am safe now", "payload": "/affirm"},
    {"title": "No, I am not safe", "payload": "/deny"},
]


def gateway_category(tracker: Tracker) -> str | None:
    """The kind of danger the gateway saw in the latest message, if it was the gateway."""
    return next(tracker.get_latest_entity_values(CATEGORY_SLOT), None)


def emergency_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The category's reply (the general one when the kind is not known), then the question."""
    guidance = load_taxonomy().crisis
    category = gateway_category(tracker)
    if guidance.category(category) is None:
        category = None
    dispatcher.utter_message(text=guidance.reply_for(category))
    dispatcher.utter_message(text=guidance.safe_now_question, buttons=SAFE_BUTTONS)
    dispatcher.utter_message(
        json_message=facts(
            CRISIS_NEED,
            crisis=True,
            crisis_category=category,
            outcome="crisis",
            area=tracker.get_slot("area"),
        )
    )
    return [SlotSet(CATEGORY_SLOT, category)]
