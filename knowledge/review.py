"""What the council's content team must check before going live, and when.

Lists every service that is not verified, every service past its review date,
and the locations and area data that are not verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from knowledge import models as m
from knowledge.entries import Content


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    id: str
    name: str
    reason: str
    source_url: str
    where: str


def review_items(db: Session, content: Content, today: date) -> list[ReviewItem]:
    items = [_service_item(s, today) for s in _services_to_review(db, today)]
    items += [
        ReviewItem("location", loc.id, loc.name, "not verified", loc.source_url, "content")
        for loc in content.locations()
        if not loc.verified
    ]
    if not content.area.verified:
        items.append(
            ReviewItem(
                "area",
                "area",
                "Districts, wards and the hub serving each",
                "not verified",
                content.area.source_url,
                "area.yml",
            )
        )
    return items


def _services_to_review(db: Session, today: date) -> list[m.Service]:
    query = select(m.Service).where(or_(~m.Service.verified, m.Service.review_due <= today))
    return list(db.scalars(query.order_by(m.Service.source_file, m.Service.id)))


def _service_item(service: m.Service, today: date) -> ReviewItem:
    reasons = []
    if not service.verified:
        reasons.append("not verified")
    if service.review_due <= today:
        reasons.append(f"review overdue since {service.review_due.isoformat()}")
    where = service.source_file.removeprefix("content:")
    return ReviewItem(
        "service", service.id, service.name, "; ".join(reasons), service.source_url, where
    )


def format_report(items: list[ReviewItem], today: date) -> str:
    if not items:
        return f"Nothing to review on {today.isoformat()}: every entry is verified and in date."
    lines = [f"{len(items)} entries to check before residents rely on them ({today.isoformat()}):"]
    for item in items:
        lines.append(
            f"- {item.kind} {item.id} ({item.where}): {item.name}. {item.reason}. "
            f"Source: {item.source_url}"
        )
    return "\n".join(lines)
