"""Words and payloads that several actions share, built from the knowledge base."""

from __future__ import annotations

from typing import Any

from core.contracts import ReplyFacts
from knowledge.taxonomy import Taxonomy
from knowledge.vocabulary import has_known_word

HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5
# Below this, a message with no known word is keyboard mash, not a need: the model's
# guess for random letters was 0.31. A typo the model is sure of ("benifts") passes.
MASH_CONFIDENCE = 0.5


def handoff_text(taxonomy: Taxonomy) -> str:
    council = taxonomy.council
    return (
        f"To talk to a person, call {council.name} on {council.phone}. "
        "You can also go to your community hub and ask at the desk. "
        "In an emergency, call 999."
    )


def topic_buttons(taxonomy: Taxonomy) -> list[dict[str, str]]:
    """One button per council priority, in the resident's words, plus other services."""
    buttons = [
        {"title": p.label, "payload": f'/show_topics{{"topic":"{p.id}"}}'}
        for p in taxonomy.priorities
    ]
    buttons.append({"title": "Other council services", "payload": "/other_council_service"})
    return buttons


def need_buttons(taxonomy: Taxonomy, priority_id: str) -> list[dict[str, str]]:
    return [{"title": n.title, "payload": f"/{n.id}"} for n in taxonomy.needs_for(priority_id)]


def facts(need: str | None = None, **extra: Any) -> dict[str, Any]:
    """The custom payload the gateway reads (core.contracts.ReplyFacts), as JSON.

    Checked here, so a misspelt or mistyped field fails where it is made. Only the
    fields given are sent, and `need` always."""
    return ReplyFacts(need=need, **extra).model_dump(mode="json", exclude_unset=True)


def confidence_band(latest_message: dict[str, Any]) -> str | None:
    """How sure the model was, in three bands: enough for analysts, no raw scores."""
    confidence = (latest_message.get("intent") or {}).get("confidence")
    if confidence is None:
        return None
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    return "medium" if confidence >= MEDIUM_CONFIDENCE else "low"


def is_keyboard_mash(parse_data: dict[str, Any]) -> bool:
    """A guess the model is unsure of, for a message with no word in it (knowledge.vocabulary)."""
    confidence = (parse_data.get("intent") or {}).get("confidence") or 0.0
    return confidence < MASH_CONFIDENCE and not has_known_word(parse_data.get("text") or "")


def best_guess_need(latest_message: dict[str, Any], taxonomy: Taxonomy) -> str | None:
    """The need the model ranked highest, for messages it was not sure enough about."""
    for guess in latest_message.get("intent_ranking") or []:
        if taxonomy.need(guess.get("name") or ""):
            return guess["name"]
    return None
