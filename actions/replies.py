"""Words and payloads that several actions share, built from the knowledge base."""

from __future__ import annotations

from typing import Any

from knowledge.taxonomy import Taxonomy


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
    """The custom payload the gateway reads: never shown to the resident as text."""
    return {"need": need, **extra}
