"""Where is my nearest hub, and is it open: a short form that asks for the area."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.fallback import CLARIFY_CHOICES, CLARIFY_FLOOR, ask_which_need
from actions.knowledge_client import get_knowledge, unless_knowledge_is_down
from actions.replies import facts, topic_buttons
from actions.signpost import cards_intro, nearest_hub_text, remember_shown, signpost
from knowledge.area import words_beside
from knowledge.cards import HUB_NEED
from knowledge.hubs import community_hubs
from knowledge.taxonomy import CRISIS_NEED, Taxonomy, load_taxonomy

ALL_HUBS = "all"  # after two misses: show every hub rather than ask a third time
# "ts25 rent" reads to the model as an area given alone ("inform_area" at 0.75, help with
# rent at 0.24). Set the area aside and a need with this share of the rest is the answer;
# needs with CLARIFY_FLOOR of it are offered as choices. Under BESIDE_AREA_MIN_SHARE in
# all, the model saw nothing but the area ("hart station"): the area's own reply.
BESIDE_AREA_SURE = 0.5
BESIDE_AREA_MIN_SHARE = 0.02


def needs_beside_area(
    latest_message: dict[str, Any], taxonomy: Taxonomy
) -> list[tuple[str, float]]:
    """The model's needs for a message it read as an area, each with its share of what
    the model gave to needs at all; none when it saw almost nothing but the area."""
    ranking = [
        (guess.get("name") or "", float(guess.get("confidence") or 0.0))
        for guess in latest_message.get("intent_ranking") or []
    ]
    # Danger is the gateway's to decide, never a need to answer from here.
    needs = [(n, score) for n, score in ranking if n in taxonomy.need_ids and n != CRISIS_NEED]
    total = sum(score for _, score in needs)
    if total < BESIDE_AREA_MIN_SHARE:
        return []
    return [(name, score / total) for name, score in needs]


class ActionAskArea(Action):
    """The form's question. Asks for the postcode district, not the full postcode."""

    def name(self) -> str:
        return "action_ask_area"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="Which part of Hartlepool are you in? Type the first part of your postcode, "
            "like TS25, or your area, like Seaton Carew."
        )
        dispatcher.utter_message(json_message=facts(HUB_NEED))
        return []


class ValidateHubAreaForm(FormValidationAction):
    """Accepts a postcode district, a full postcode, a ward or a place in Hartlepool."""

    def name(self) -> str:
        return "validate_hub_area_form"

    def validate_area(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        match = get_knowledge().hub_for(str(value or ""))
        if match and match.in_hartlepool:
            # Keep only the district, ward or place: never the full postcode.
            return {"area": match.name, "area_attempts": 0.0}
        attempts = int(tracker.get_slot("area_attempts") or 0) + 1
        if attempts >= 2:
            dispatcher.utter_message(
                text="I could not find that place, so here are all of Hartlepool's hubs."
            )
            return {"area": ALL_HUBS, "area_attempts": 0.0}
        if match:  # a real postcode, outside Hartlepool
            dispatcher.utter_message(
                text="That postcode is not in Hartlepool. I can only find Hartlepool's hubs. "
                "Type a Hartlepool postcode, like TS25, or an area, like Seaton Carew."
            )
        else:
            dispatcher.utter_message(
                text="Sorry, I did not recognise that place. Type the first part of your "
                "postcode, like TS24, or the name of your area, like the Headland."
            )
        return {"area": None, "area_attempts": float(attempts)}


class ActionNearestHub(Action):
    """Names the hub that serves the resident's area, with its card and opening today."""

    def name(self) -> str:
        return "action_nearest_hub"

    @unless_knowledge_is_down
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        knowledge = get_knowledge()
        area = tracker.get_slot("area") or ALL_HUBS
        match = None if area == ALL_HUBS else knowledge.hub_for(area)
        hub_ids = [match.hub] if match else [hub.id for hub in community_hubs()]
        cards = [c for c in (knowledge.hub_card(h) for h in hub_ids) if c]
        if match and cards:
            dispatcher.utter_message(
                text=f"The hub for {match.name} is {cards[0].name}. {cards[0].opening_today}."
            )
        else:
            dispatcher.utter_message(text="These are Hartlepool's community hubs.")
        dispatcher.utter_message(
            json_message=facts(HUB_NEED, services=cards, area=area, outcome="signposted")
        )
        return remember_shown(HUB_NEED, cards, offset=0)


class ActionLocalHelp(Action):
    """An area typed on its own ("TS24", "Owton Manor"): the nearest hub and, after an
    answer, that need's services again; with a word or two beside it ("ts25 rent"), the
    need those words ask for. Only the district, ward or place is kept."""

    def name(self) -> str:
        return "action_local_help"

    @unless_knowledge_is_down
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        knowledge = get_knowledge()
        match = knowledge.hub_for(tracker.latest_message.get("text") or "")
        if not (match and match.in_hartlepool):
            dispatcher.utter_message(
                text="Sorry, I did not recognise that place in Hartlepool. Type the first part "
                "of your postcode, like TS24, or the name of your area, like the Headland."
            )
            return []
        events: list[dict[str, Any]] = [SlotSet("area", match.name)]
        taxonomy = load_taxonomy()
        text = tracker.latest_message.get("text") or ""
        if words_beside(text, match):
            # "ts25 rent": the model read the area, but the words beside it are the need.
            ranked = needs_beside_area(tracker.latest_message, taxonomy)
            beside = taxonomy.need(ranked[0][0]) if ranked else None
            if beside and ranked[0][1] >= BESIDE_AREA_SURE:
                return signpost(dispatcher, tracker, beside, match.name)
            choices = [n for n, share in ranked if share >= CLARIFY_FLOOR][:CLARIFY_CHOICES]
            if choices:
                ask_which_need(dispatcher, tracker, choices)
                return events
        hub = nearest_hub_text(match.name)
        if hub:
            dispatcher.utter_message(text=hub)
        need = taxonomy.need(tracker.get_slot("last_need") or "")
        if need is None:
            dispatcher.utter_message(
                text="What do you need help with? Type it in your own words, or choose a topic.",
                buttons=topic_buttons(taxonomy),
            )
            return events
        cards = knowledge.cards_for_need(need.id)
        if cards:
            dispatcher.utter_message(text=cards_intro(len(cards)))
        # No outcome: the request was counted when it was answered.
        dispatcher.utter_message(json_message=facts(need.id, services=cards, area=match.name))
        return [*events, *remember_shown(need.id, cards, offset=0)]
