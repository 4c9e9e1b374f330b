"""Signposting: answer a need with where to go next."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.corrections import corrected_need
from actions.emergency import emergency_reply
from actions.entitlements import CHECK_OFFER, START_BUTTON
from actions.fallback import ask_to_rephrase
from actions.knowledge_client import get_knowledge, unless_knowledge_is_down
from actions.replies import confidence_band, facts, is_keyboard_mash
from core.contracts import ServiceCard
from knowledge.area import named_area
from knowledge.entitlements import CHECK_PRIORITY
from knowledge.neighbours import neighbour_council, neighbour_note
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import CRISIS_NEED, OUT_OF_SCOPE, Need, load_taxonomy
from knowledge.teams import asked_for_team

OPEN_NOW = re.compile(r"\bopen (now|today|tonight|right now)\b|\bstill open\b", re.IGNORECASE)
# Below this, the model's second guess is no better than not understanding.
MIN_SECOND_GUESS_CONFIDENCE = 0.3
# A runner-up need scoring this much is offered as a button beside the answer, so a
# resident answered about the wrong need corrects it with a tap. Chosen on the
# development sets: the right need is then one tap away for about 2 in 100 more
# messages, and about 7 in 100 right answers carry the extra button.
RUNNER_UP_FLOOR = 0.15
NEVER_A_RUNNER_UP = frozenset({CRISIS_NEED, OUT_OF_SCOPE})
# Bins, potholes and planning: Hartlepool's pages are no use to another council's resident.
LOCAL_SERVICES = "other_council_service"
FALLBACK_ACTION = "action_fallback"


class ActionSignpostNeed(Action):
    """Replies to the need the resident's latest message expresses."""

    def name(self) -> str:
        return "action_signpost_need"

    @unless_knowledge_is_down
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if is_keyboard_mash(tracker.latest_message):
            return [FollowupAction(FALLBACK_ACTION)]
        text = tracker.latest_message.get("text") or ""
        understood = corrected_need(tracker) or understood_need(tracker.latest_message)
        need = with_named_team(text, understood)
        if need is None:
            ask_to_rephrase(dispatcher, tracker)
            return []
        if need.id == CRISIS_NEED:
            return emergency_reply(dispatcher, tracker)
        neighbour = neighbour_council(text)
        if neighbour:
            dispatcher.utter_message(text=neighbour_note(neighbour))
            if need.id == LOCAL_SERVICES:
                need = load_taxonomy().need(OUT_OF_SCOPE) or need
        return signpost(dispatcher, tracker, need)


def signpost(
    dispatcher: CollectingDispatcher, tracker: Tracker, need: Need, area: str | None = None
) -> list[dict[str, Any]]:
    """The need's reply, its service cards, the nearest hub and, for money, the check.

    The area is the one given in the same message ("ts25 rent", "food bank near the
    Headland") or, failing that, the one the resident gave before.
    """
    text = tracker.latest_message.get("text") or ""
    if area is None:
        named = named_area(text)
        area = named.name if named else tracker.get_slot("area")
    knowledge = get_knowledge()
    cards = knowledge.cards_for_need(need.id, open_first=asks_what_is_open(text))
    dispatcher.utter_message(text=need.reply)
    if cards:
        dispatcher.utter_message(text=cards_intro(len(cards)))
        hub = nearest_hub_text(area)
        if hub:
            dispatcher.utter_message(text=hub)
    if need.priority == CHECK_PRIORITY:
        dispatcher.utter_message(text=CHECK_OFFER, buttons=[START_BUTTON])
    other = runner_up(tracker.latest_message, need)
    if other:
        dispatcher.utter_message(
            text="If this is not what you need, try:",
            buttons=[{"title": other.title, "payload": f"/{other.id}"}],
        )
    dispatcher.utter_message(
        json_message=facts(
            need.id,
            crisis=False,
            services=cards,
            outcome="signposted",
            confidence=confidence_band(tracker.latest_message),
            area=area,
        )
    )
    offered = need.priority == CHECK_PRIORITY
    events = [*remember_shown(need.id, cards, offset=0), SlotSet("check_offered", offered)]
    return [*events, SlotSet("area", area)] if area else events


def asks_what_is_open(text: str) -> bool:
    return bool(OPEN_NOW.search(text))


def nearest_hub_text(area: str | None) -> str | None:
    """Once the resident has said where they are, say which hub can help in person."""
    match = get_knowledge().hub_for(area) if area else None
    card = get_knowledge().hub_card(match.hub) if match and match.in_hartlepool else None
    if card is None:
        return None
    return f"Your nearest community hub is {card.name}. Staff there can help you in person."


def cards_intro(count: int) -> str:
    places = "this place" if count == 1 else f"these {count} places"
    return (
        f"You can contact {places}. Ask me for their number or opening times, "
        'or say "anything else" for more.'
    )


def remember_shown(need_id: str, cards: list[ServiceCard], offset: int) -> list[dict[str, Any]]:
    """Slots for follow-up questions: which need, which services, how far down the list."""
    return [
        SlotSet("last_need", need_id),
        SlotSet("shown_services", [c.id for c in cards]),
        SlotSet("services_offset", float(offset + len(cards))),
    ]


def runner_up(latest_message: dict[str, Any], answered: Need) -> Need | None:
    """The next likeliest need, if the model gave it enough weight to be worth a button."""
    return likeliest_need(latest_message, RUNNER_UP_FLOOR, NEVER_A_RUNNER_UP | {answered.id})


def likeliest_need(
    latest_message: dict[str, Any], floor: float, passed_over: frozenset[str] = frozenset()
) -> Need | None:
    """The model's likeliest need, danger and `passed_over` aside, if it scored `floor`."""
    taxonomy = load_taxonomy()
    for guess in latest_message.get("intent_ranking") or []:
        need = taxonomy.need(guess.get("name") or "")
        if need is None or need.id == CRISIS_NEED or need.id in passed_over:
            continue
        return need if (guess.get("confidence") or 0.0) >= floor else None
    return None


def with_named_team(text: str, understood: Need | None) -> Need | None:
    """The need whose team the resident asked for by name ("ASB team number"), if any.

    The name decides over the model's reading: "put me through to housing options" is
    homelessness, though the model reads it as social housing. Only danger the model
    found in a message that says more than the request stands: the model is the
    gateway's third crisis layer.
    """
    request = asked_for_team(text)
    if request is None:
        return understood
    if understood and understood.id == CRISIS_NEED and not request.only_a_request:
        return understood
    return load_taxonomy().need(request.need)


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
    return likeliest_need(latest_message, MIN_SECOND_GUESS_CONFIDENCE)
