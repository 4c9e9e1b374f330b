"""The action server's one way into the knowledge base."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from core.clock import london_now
from core.contracts import ServiceCard
from core.db import session_scope
from core.settings import get_settings
from knowledge.area import AreaMatch, find_area, load_area
from knowledge.cards import hub_card, service_card
from knowledge.cards import open_first as open_first_order
from knowledge.search import services_for_need

CARDS_PER_REPLY = 3


class KnowledgeClient:
    """Reads services and hubs for the actions, a short session per question."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url

    def cards_for_need(
        self, need_id: str, *, skip: int = 0, open_first: bool = False, at: datetime | None = None
    ) -> list[ServiceCard]:
        """The next few services for a need, local first (open first, when asked)."""
        when = at or london_now()
        with session_scope(self._url) as db:
            cards = [service_card(s, need_id, when) for s in services_for_need(db, need_id)]
            if open_first:
                cards = open_first_order(cards)
            return cards[skip : skip + CARDS_PER_REPLY]

    def cards_for_ids(
        self, ids: list[str], need_id: str, at: datetime | None = None
    ) -> list[ServiceCard]:
        """Cards for services already shown, in the order they were shown."""
        when = at or london_now()
        with session_scope(self._url) as db:
            found = {s.id: s for s in services_for_need(db, need_id) if s.id in ids}
            return [service_card(found[i], need_id, when) for i in ids if i in found]

    def hub_for(self, area_text: str) -> AreaMatch | None:
        return find_area(area_text, load_area())

    def hub_card(self, hub_location_id: str, at: datetime | None = None) -> ServiceCard | None:
        """The community hub service offered at this hub, as a card."""
        with session_scope(self._url) as db:
            return hub_card(db, hub_location_id, at or london_now())


@cache
def get_knowledge() -> KnowledgeClient:
    return KnowledgeClient(get_settings().database_url)
