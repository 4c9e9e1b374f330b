"""Tables of the demand log. Nothing in them names, locates or links to a person."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from sqlalchemy import JSON, CheckConstraint, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.contracts import ConfidenceBand, Outcome
from core.db import Base

CHANNELS = ("web", "hub")
# The action server's outcomes (core/contracts.py), and the gateway's own "degraded".
OUTCOMES: tuple[str, ...] = (*get_args(Outcome), "degraded")
CONFIDENCE_BANDS: tuple[str, ...] = get_args(ConfidenceBand)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DemandEvent(Base):
    """One routed request: a need met with help, a crisis reply, or no match.

    `occurred_hour` is cut to the hour and `area` is a postcode district or a
    ward, so an event cannot be matched to a visit or an address.
    `conversation_key` is random and rotated: it counts conversations, and no
    other table or log holds it.
    """

    __tablename__ = "demand_events"
    __table_args__ = (
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(_one_of("outcome", OUTCOMES), name="outcome"),
        Index("ix_demand_events_priority_hour", "priority_id", "occurred_hour"),
    )

    # A random id made when the event is, so a spooled event is replayed once.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurred_hour: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    need_id: Mapped[str | None] = mapped_column(String(64), index=True)
    priority_id: Mapped[str | None] = mapped_column(String(64))
    secondary_priority_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(8))
    hub_id: Mapped[str | None] = mapped_column(String(120))
    area: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    service_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # For a finished entitlements check: which entitlements came out (ids only).
    entitlement_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidence_band: Mapped[str | None] = mapped_column(String(8))
    conversation_key: Mapped[str] = mapped_column(String(32))


class UnmetDemandSample(Base):
    """A message the assistant did not understand, scrubbed of personal data.

    Kept only when the `unmet_demand_samples` setting is on, so the content
    team can see what residents ask for that the assistant cannot yet answer.
    """

    __tablename__ = "unmet_demand_samples"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurred_hour: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
