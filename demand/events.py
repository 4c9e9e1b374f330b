"""Writing demand events: one per routed request, and never a lost one.

The gateway calls `DemandLog.record` after each reply. If the database cannot
take the event, it goes to the spool and is replayed, exactly once, the next
time the database can (or by `python -m demand replay`). The resident never
waits on this or sees it fail.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from core.db import get_engine
from demand.models import CONFIDENCE_BANDS, OUTCOMES, DemandEvent, UnmetDemandSample
from demand.spool import Row, Spool
from knowledge.taxonomy import Taxonomy

logger = logging.getLogger(__name__)
_BATCH = 500  # ids per IN (...) check when replaying a long spool


@dataclass(frozen=True)
class DemandFacts:
    """What one reply tells the council about demand, as the action server saw it."""

    outcome: str
    need_id: str | None = None
    area: str | None = None
    service_ids: list[str] = field(default_factory=list)
    confidence_band: str | None = None
    entitlement_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if self.confidence_band not in (*CONFIDENCE_BANDS, None):
            raise ValueError(f"unknown confidence band {self.confidence_band!r}")


@dataclass(frozen=True)
class Channel:
    """Where a conversation happens: the website, or a hub desk with staff."""

    name: str = "web"
    hub_id: str | None = None


WEBSITE = Channel()


def to_the_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class DemandLog:
    def __init__(self, database_url: str, spool: Spool, taxonomy: Taxonomy) -> None:
        self._url = database_url
        self._spool = spool
        self._taxonomy = taxonomy

    def record(
        self,
        facts: DemandFacts,
        *,
        channel: Channel,
        conversation_key: str,
        at: datetime | None = None,
    ) -> None:
        """Store one event, or spool it if the database cannot take it."""
        row = self._event_row(facts, channel, conversation_key, at or datetime.now(UTC))
        try:
            self._insert_new([row])
        except SQLAlchemyError as error:
            logger.warning("demand database unavailable, event spooled (%s)", type(error).__name__)
            self._spool.append(_to_json(row))
            return
        self.replay()

    def keep_sample(self, scrubbed_text: str, channel: Channel, at: datetime | None = None) -> None:
        """Keep a scrubbed message that was not understood (only when the setting is on)."""
        sample = {
            "id": str(uuid.uuid4()),
            "occurred_hour": to_the_hour(at or datetime.now(UTC)),
            "channel": channel.name,
            "text": scrubbed_text,
        }
        try:
            with get_engine(self._url).begin() as connection:
                connection.execute(insert(UnmetDemandSample), [sample])
        except SQLAlchemyError as error:
            # A sample is optional; losing one during an outage is acceptable.
            logger.warning("unmet demand sample not kept (%s)", type(error).__name__)

    def replay(self) -> int:
        """Write spooled events to the database; 0 if there were none or it is still down."""
        if self._spool.is_empty():
            return 0
        try:
            count = self._spool.replay(lambda rows: self._insert_new([_from_json(r) for r in rows]))
        except SQLAlchemyError as error:
            logger.warning("demand spool not replayed yet (%s)", type(error).__name__)
            return 0
        logger.info("replayed %d spooled demand events", count)
        return count

    def _event_row(
        self, facts: DemandFacts, channel: Channel, conversation_key: str, at: datetime
    ) -> Row:
        need = self._taxonomy.need(facts.need_id) if facts.need_id else None
        return {
            "id": str(uuid.uuid4()),
            "occurred_hour": to_the_hour(at),
            "need_id": need.id if need else None,
            "priority_id": need.priority if need else None,
            "secondary_priority_ids": list(need.also) if need else [],
            "channel": channel.name,
            "hub_id": channel.hub_id if channel.name == "hub" else None,
            "area": facts.area,
            "outcome": facts.outcome,
            "service_ids": list(facts.service_ids),
            "entitlement_ids": list(facts.entitlement_ids),
            "confidence_band": facts.confidence_band,
            "conversation_key": conversation_key,
        }

    def _insert_new(self, rows: list[Row]) -> None:
        """Insert the rows whose ids are not in the table yet, in one transaction."""
        with get_engine(self._url).begin() as connection:
            for start in range(0, len(rows), _BATCH):
                batch = rows[start : start + _BATCH]
                ids = [r["id"] for r in batch]
                query = select(DemandEvent.id).where(DemandEvent.id.in_(ids))
                present = set(connection.scalars(query))
                new = [r for r in batch if r["id"] not in present]
                if new:
                    connection.execute(insert(DemandEvent), new)


def _to_json(row: Row) -> Row:
    return {**row, "occurred_hour": row["occurred_hour"].isoformat()}


def _from_json(row: dict[str, Any]) -> Row:
    return {**row, "occurred_hour": datetime.fromisoformat(row["occurred_hour"])}
