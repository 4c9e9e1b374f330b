"""Words and payloads that several actions share, built from the knowledge base."""

from __future__ import annotations

from typing import Any

from knowledge.taxonomy import Taxonomy

HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5


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
    """The custom payload the gateway reads: never shown to the resident as text.

    An `outcome` marks a routed request, which the gateway logs as a demand
    event with the `confidence` band and the resident's `area` (slot) if given;
    for a message not understood, `guess` is the need the model thought likeliest.
    """
    return {"need": need, **extra}


def confidence_band(latest_message: dict[str, Any]) -> str | None:
    """How sure the model was, in three bands: enough for analysts, no raw scores."""
    confidence = (latest_message.get("intent") or {}).get("confidence")
    if confidence is None:
        return None
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    return "medium" if confidence >= MEDIUM_CONFIDENCE else "low"


def best_guess_need(latest_message: dict[str, Any], taxonomy: Taxonomy) -> str | None:
    """The need the model ranked highest, for messages it was not sure enough about."""
    for guess in latest_message.get("intent_ranking") or []:
        if taxonomy.need(guess.get("name") or ""):
            return guess["name"]
    return None
