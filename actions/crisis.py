"""Danger to life: the emergency reply, then "are you safe right now?".

The gateway sends `/crisis_emergency{"crisis_category": ...}` when its own
layers see danger, so the reply fits the kind of danger; when only the Rasa
model saw it, the general emergency reply goes out. Rules (data/rules.yml) end
any form first, and tie a yes or no to the question asked here.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.emergency import CATEGORY_SLOT, emergency_reply, gateway_category
from actions.signpost import ActionSignpostNeed, signpost
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy

# Where a resident who is safe now is pointed when the kind of danger is unknown.
DEFAULT_FOLLOW_UP_NEED = "mental_wellbeing"


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if gateway_category(tracker) is None and _intent(tracker) == CRISIS_NEED:
            # The model alone saw danger: signposting already tells a saying ("this
            # form is killing me") from the real thing, and answers either.
            return ActionSignpostNeed().run(dispatcher, tracker, domain)
        return emergency_reply(dispatcher, tracker)


class ActionAfterCrisis(Action):
    """Safe now: offer the help that fits what happened, with its services."""

    def name(self) -> str:
        return "action_after_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taxonomy = load_taxonomy()
        category = taxonomy.crisis.category(tracker.get_slot(CATEGORY_SLOT))
        need = taxonomy.need(category.follow_up_need if category else DEFAULT_FOLLOW_UP_NEED)
        dispatcher.utter_message(text="I am glad you are safe. This help is there for you.")
        return [SlotSet(CATEGORY_SLOT, None), *signpost(dispatcher, tracker, need)]


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")
