"""Follow-up questions about the services just shown: contact, opening times, more."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import CLARIFY_FLOOR, SIGNPOST_ACTION
from actions.knowledge_client import get_knowledge, unless_knowledge_is_down
from actions.replies import facts, handoff_text
from actions.signpost import likeliest_need, remember_shown, signpost
from core.contracts import ServiceCard
from knowledge.opening import DAY_CODES, DAY_NAMES
from knowledge.taxonomy import load_taxonomy
from knowledge.teams import asked_for_team

NOTHING_SHOWN = "Tell me what you need help with first, and I will find places that can help."
# Each day's full name first (used in replies), then what residents type for it.
DAYS = {
    code: (name.lower(), name[:3].lower(), *{"TU": ("tues",), "TH": ("thurs",)}.get(code, ()))
    for code, name in zip(DAY_CODES, DAY_NAMES, strict=True)
}


def _shown_cards(tracker: Tracker) -> tuple[str | None, list[ServiceCard]]:
    need = tracker.get_slot("last_need")
    ids = tracker.get_slot("shown_services") or []
    if not need or not ids:
        return need, []
    return need, get_knowledge().cards_for_ids(ids, need)


class AboutShownServices(Action, ABC):
    """A question about the services just shown, answered one line per service.

    Abstract, so the action server does not register it as an action itself.
    """

    @abstractmethod
    def line(self, card: ServiceCard, tracker: Tracker) -> str:
        """One line about one service."""

    @unless_knowledge_is_down
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        need, cards = _shown_cards(tracker)
        if not cards:
            # Asked first, before anything was shown: "hub north what time close",
            # "sendiass number". The need it names, if likely enough to offer as a
            # choice, is answered, with its services' times and numbers on the cards.
            named = likeliest_need(tracker.latest_message, CLARIFY_FLOOR)
            if named is not None:
                return signpost(dispatcher, tracker, named)
            dispatcher.utter_message(text=NOTHING_SHOWN)
            return []
        dispatcher.utter_message(text="\n".join(self.line(c, tracker) for c in cards))
        dispatcher.utter_message(json_message=facts(need, services=cards))
        return []


class ActionServiceContact(AboutShownServices):
    """Answers "what's their number?" with phone, website and address."""

    def name(self) -> str:
        return "action_service_contact"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if asked_for_team(tracker.latest_message.get("text") or ""):
            # "What's the number for the ASB team?" names a team, not the services shown.
            return [FollowupAction(SIGNPOST_ACTION)]
        return super().run(dispatcher, tracker, domain)

    def line(self, card: ServiceCard, tracker: Tracker) -> str:
        return contact_line(card)


def contact_line(card: ServiceCard) -> str:
    ways = []
    if card.phone:
        ways.append(f"call {card.phone}")
    if card.url:
        ways.append(f"go to {card.url}")
    if card.address:
        ways.append(f"visit {card.address}")
    return f"{card.name}: {', or '.join(ways) or 'no contact details yet'}."


class ActionOpeningTimes(AboutShownServices):
    """Answers "are they open Saturday?" for that day, or for today and the week."""

    def name(self) -> str:
        return "action_opening_times"

    def line(self, card: ServiceCard, tracker: Tracker) -> str:
        return opening_line(card, day_asked_about(tracker.latest_message.get("text") or ""))


def day_asked_about(text: str) -> str | None:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return next((code for code, names in DAYS.items() if words & set(names)), None)


def opening_line(card: ServiceCard, day: str | None) -> str:
    if day is None:
        week = "; ".join(card.opening_times)
        return f"{card.name}: {card.opening_today}." + (f" {week}." if week else "")
    hours = card.hours_by_day
    day_name = DAYS[day][0].capitalize()
    if not hours:
        return f"{card.name}: I do not know if they are open on {day_name}. Check before you go."
    if day in hours:
        return f"{card.name}: open on {day_name}, {hours[day]}."
    return f"{card.name}: closed on {day_name}."


class ActionMoreServices(Action):
    """Answers "anything else?" with the next few services for the need, then a person."""

    def name(self) -> str:
        return "action_more_services"

    @unless_knowledge_is_down
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        need = tracker.get_slot("last_need")
        if not need:
            dispatcher.utter_message(text=NOTHING_SHOWN)
            return []
        offset = int(tracker.get_slot("services_offset") or 0)
        cards = get_knowledge().cards_for_need(need, skip=offset)
        if not cards:
            title = load_taxonomy().need(need).title.lower()
            dispatcher.utter_message(
                text=f"That is all I know about for {title}. {handoff_text(load_taxonomy())}"
            )
            dispatcher.utter_message(
                json_message=facts(need, outcome="handoff", area=tracker.get_slot("area"))
            )
            return []
        dispatcher.utter_message(text="Here are more places that can help.")
        dispatcher.utter_message(json_message=facts(need, services=cards))
        return remember_shown(need, cards, offset)
