"""The action server's one way into the knowledge base."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.replies import facts
from core.clock import london_now
from core.contracts import ServiceCard
from core.db import session_scope
from core.settings import get_settings
from knowledge.area import AreaMatch, find_area, load_area
from knowledge.cards import hub_card, service_card
from knowledge.cards import open_first as open_first_order
from knowledge.search import services_for_need

CARDS_PER_REPLY = 3
logger = logging.getLogger(__name__)


class KnowledgeUnavailable(Exception):
    """The database of services did not answer."""


class KnowledgeClient:
    """Reads services and hubs for the actions, a short session per question."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url

    def cards_for_need(
        self, need_id: str, *, skip: int = 0, open_first: bool = False, at: datetime | None = None
    ) -> list[ServiceCard]:
        """The next few services for a need, local first (open first, when asked)."""
        when = at or london_now()
        with self._reading() as db:
            cards = [service_card(s, need_id, when) for s in services_for_need(db, need_id)]
            if open_first:
                cards = open_first_order(cards)
            return cards[skip : skip + CARDS_PER_REPLY]

    def cards_for_ids(
        self, ids: list[str], need_id: str, at: datetime | None = None
    ) -> list[ServiceCard]:
        """Cards for services already shown, in the order they were shown."""
        when = at or london_now()
        with self._reading() as db:
            found = {s.id: s for s in services_for_need(db, need_id) if s.id in ids}
            return [service_card(found[i], need_id, when) for i in ids if i in found]

    def hub_for(self, area_text: str) -> AreaMatch | None:
        return find_area(area_text, load_area())

    def hub_card(self, hub_location_id: str, at: datetime | None = None) -> ServiceCard | None:
        """The community hub service offered at this hub, as a card."""
        with self._reading() as db:
            return hub_card(db, hub_location_id, at or london_now())

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with session_scope(self._url) as db:
                yield db
        except SQLAlchemyError as error:
            raise KnowledgeUnavailable(type(error).__name__) from error


@cache
def get_knowledge() -> KnowledgeClient:
    return KnowledgeClient(get_settings().database_url)


Run = TypeVar("Run", bound=Callable[..., list[dict[str, Any]]])


def unless_knowledge_is_down(run: Run) -> Run:
    """An action's `run` that needs the knowledge base. While it is down the action says
    nothing but a fact, and the gateway gives its degraded reply: the council's number and
    the emergency numbers, where "did not understand" would mislead the resident."""

    @functools.wraps(run)
    def guarded(self: Any, dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        try:
            return run(self, dispatcher, tracker, domain)
        except KnowledgeUnavailable as error:
            logger.warning("knowledge base unavailable to %s (%s)", self.name(), error)
            dispatcher.utter_message(json_message=facts(unavailable=True))
            return []

    return guarded  # type: ignore[return-value]
