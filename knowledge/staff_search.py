"""The staff console's search: services by need, free text and area, merged as cards.

Search words are neither logged nor stored. Bad filters raise InvalidRequest, which
the API answers with a 422 and the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from core.contracts import ServiceCard
from core.errors import InvalidRequest
from knowledge import models as m
from knowledge.area import find_area
from knowledge.cards import hub_card, service_card
from knowledge.search import NEEDS_TAXONOMY, search_text, services_for_need, term_id
from knowledge.taxonomy import load_taxonomy

MAX_RESULTS = 10
MAX_QUERY_CHARS = 200
MAX_AREA_CHARS = 100
OUTSIDE_HARTLEPOOL = "That area is outside Hartlepool, so there is no hub for it here."


@dataclass
class StaffSearch:
    services: list[ServiceCard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def staff_search(db: Session, need: str, q: str, area: str, at: datetime) -> StaffSearch:
    """The area's hub first, then the need's services (narrowed by the words, if any), or
    the words' matches; one card per service, at most MAX_RESULTS."""
    need, q, area = need.strip(), q.strip(), area.strip()
    check_search(need, q, area)
    found = StaffSearch()
    if area:
        _add_hub(db, area, at, found)
    if need and q:
        for_need = {s.id for s in services_for_need(db, need)}
        matches = [s for s in search_text(db, q, limit=50) if s.id in for_need]
        found.services += [service_card(s, need, at) for s in matches]
    elif need:
        found.services += [service_card(s, need, at) for s in services_for_need(db, need)]
    elif q:
        matches = search_text(db, q, MAX_RESULTS)
        found.services += [service_card(s, _first_need(s), at) for s in matches]
    found.services = _unique(found.services)[:MAX_RESULTS]
    return found


def check_search(need: str, q: str, area: str) -> None:
    if not (need or q or area):
        raise InvalidRequest("Give at least one of 'need', 'q' (words to search for) or 'area'.")
    if need and load_taxonomy().need(need) is None:
        raise InvalidRequest("The 'need' field is not one of the needs.")
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidRequest(f"The 'q' field must be {MAX_QUERY_CHARS} characters or fewer.")
    if len(area) > MAX_AREA_CHARS:
        raise InvalidRequest(f"The 'area' field must be {MAX_AREA_CHARS} characters or fewer.")


def _add_hub(db: Session, area: str, at: datetime, found: StaffSearch) -> None:
    match = find_area(area)
    if match is None:
        raise InvalidRequest(
            "The 'area' was not recognised: try a postcode such as TS24 8, "
            "a ward or a place in Hartlepool."
        )
    if not match.in_hartlepool:
        found.notes.append(OUTSIDE_HARTLEPOOL)
    elif card := hub_card(db, match.hub, at):
        found.services.append(card)


def _first_need(service: m.Service) -> str:
    """A card names one need; for a free-text match, the service's first."""
    prefix = term_id(NEEDS_TAXONOMY, "")
    terms = (a.taxonomy_term_id for a in service.attributes)
    return next((t.removeprefix(prefix) for t in terms if t.startswith(prefix)), "")


def _unique(cards: list[ServiceCard]) -> list[ServiceCard]:
    """One card per service, the first kept (so the local hub beats the general hub card)."""
    seen: set[str] = set()
    unique = []
    for card in cards:
        if card.id not in seen:
            seen.add(card.id)
            unique.append(card)
    return unique
