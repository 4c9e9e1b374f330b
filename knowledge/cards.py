"""Service cards: what the chat API and the widget show a resident about a service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.contracts import ServiceCard
from knowledge import models as m
from knowledge.opening import (
    LONDON,
    describe_schedules,
    hours_by_day,
    is_open,
    load_bank_holidays,
    opening_today,
)
from knowledge.review import checked_line, default_max_age_days, is_stale
from knowledge.search import services_for_need

HUB_NEED = "community_hubs"  # the need whose services are the community hubs
# The fields the chat API promises on every card (a contract the widget relies on).
CARD_FIELDS = frozenset(ServiceCard.model_fields)


def service_card(
    service: m.Service, need_id: str, at: datetime, max_age_days: int | None = None
) -> ServiceCard:
    """The chat API's card: id, name, need, summary, phone, url, address, opening_times,
    open_now and verified, plus what the widget and follow-up questions use.

    Freshness: `last_reviewed` (YYYY-MM-DD) and `checked` ("Checked March 2026") say when the
    details were last checked against their source; `check_before_you_go` is true when they
    are unverified or were checked more than `max_age_days` ago (the review_max_age_days
    setting), and the widget and staff console then ask the resident to check first."""
    holidays = load_bank_holidays()
    max_age = default_max_age_days() if max_age_days is None else max_age_days
    stale = is_stale(service.assured_date, at.astimezone(LONDON).date(), max_age)
    phone = _phone(service)
    return ServiceCard(
        id=service.id,
        name=service.name,
        need=need_id,
        summary=service.summary,
        phone=phone.number if phone else None,
        phone_description=phone.description if phone else None,
        url=service.url,
        address=_address(service),
        opening_times=describe_schedules(service.schedules, service.open_24_7),
        hours_by_day=hours_by_day(service.schedules, service.open_24_7),
        opening_today=opening_today(service.schedules, service.open_24_7, at, holidays),
        open_now=is_open(service.schedules, service.open_24_7, at, holidays),
        verified=service.verified,
        last_reviewed=service.assured_date.isoformat(),
        checked=checked_line(service.assured_date),
        check_before_you_go=not service.verified or stale,
        what_to_bring=list(service.what_to_bring or []),
        provider=service.organization.name,
    )


def open_first(cards: list[ServiceCard]) -> list[ServiceCard]:
    """Open now first, then not known, then closed; otherwise keep the order given."""
    order = {True: 0, None: 1, False: 2}
    return sorted(cards, key=lambda card: order[card.open_now])


def _phone(service: m.Service) -> m.Phone | None:
    if service.phones:
        return service.phones[0]
    return service.organization.phones[0] if service.organization.phones else None


def _address(service: m.Service) -> str | None:
    for at_location in service.service_at_locations:
        if address := location_address(at_location.location):
            return address
    return None


def location_address(location: m.Location) -> str | None:
    for address in location.addresses:
        parts = [location.name, address.address_1, address.city, address.postal_code]
        return ", ".join(p for p in parts if p)
    return None


def hub_card(db: Session, hub_location_id: str, at: datetime) -> ServiceCard | None:
    """The community hub service as offered at one hub: that hub's name and address."""
    location = db.get(m.Location, hub_location_id)
    if location is None:
        return None
    for service in services_for_need(db, HUB_NEED):
        if any(sal.location_id == hub_location_id for sal in service.service_at_locations):
            card = service_card(service, HUB_NEED, at)
            address = location_address(location)
            update = {"name": location.name, "address": address, "hub": hub_location_id}
            return card.model_copy(update=update)
    return None
