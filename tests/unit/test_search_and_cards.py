"""Finding services and turning them into cards, on the real content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from core.clock import LONDON
from core.db import session_scope
from knowledge.cards import CARD_FIELDS, open_first, service_card
from knowledge.search import search_text, services_for_need
from knowledge.taxonomy import load_taxonomy


@pytest.fixture
def db(content_url: str) -> Iterator[Session]:
    with session_scope(content_url) as session:
        yield session


def test_every_need_finds_services_local_first(db: Session) -> None:
    for need in load_taxonomy().needs:
        services = services_for_need(db, need.id)
        assert len(services) >= 2, need.id
        scopes = [s.scope for s in services]
        assert scopes == sorted(scopes, key=lambda scope: scope != "local"), need.id


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("food bank", "trussell-find-a-food-bank"),
        ("damp mould", "hbc-private-sector-housing"),
        ("stop smoking", "hbc-stop-smoking-service"),
        ("holiday club", "govuk-holiday-activities-and-food"),
    ],
)
def test_free_text_search_finds_the_obvious_service(db: Session, words, expected) -> None:
    assert expected in [s.id for s in search_text(db, words)[:3]]


@pytest.mark.parametrize("need", ["child_costs", "food_and_essentials"])
def test_holiday_clubs_with_food_are_offered_for_either_need(db: Session, need: str) -> None:
    # Residents ask about them as the costs of children or as food; both answers show them.
    assert "govuk-holiday-activities-and-food" in [s.id for s in services_for_need(db, need)]


@pytest.mark.parametrize("words", ["", "   ", '"; DROP TABLE services; --', "NEAR(a b)", "*"])
def test_free_text_search_is_safe_with_any_input(db: Session, words: str) -> None:
    search_text(db, words)  # no syntax error, whatever residents type


def test_open_services_rank_first(db: Session) -> None:
    at = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    cards = [service_card(s, "homelessness", at) for s in services_for_need(db, "homelessness")]
    cards = [c.model_copy(update={"open_now": None}) for c in cards]
    cards[-1] = cards[-1].model_copy(update={"open_now": True})
    cards[0] = cards[0].model_copy(update={"open_now": False})
    reordered = open_first(cards)
    assert reordered[0].id == cards[-1].id
    assert reordered[-1].id == cards[0].id


def test_cards_carry_the_contract_fields(db: Session) -> None:
    at = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)  # a Tuesday morning
    for need in load_taxonomy().needs:
        for service in services_for_need(db, need.id):
            card = service_card(service, need.id, at)
            assert set(card.model_dump()) >= CARD_FIELDS, service.id
            assert card.need == need.id
            assert card.phone or card.url, service.id


def test_a_card_says_when_a_service_with_hours_is_open(db: Session) -> None:
    service = next(s for s in services_for_need(db, "social_housing") if s.schedules)
    tuesday_morning = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    tuesday_midnight = datetime(2026, 11, 24, 23, 59, tzinfo=LONDON)
    assert service_card(service, "social_housing", tuesday_morning).open_now is True
    assert service_card(service, "social_housing", tuesday_midnight).open_now is False
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)
    assert service_card(service, "social_housing", christmas).open_now is False
