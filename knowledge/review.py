"""What the council's content team must check, and when.

Lists every service that is not verified, past its review date, or last checked more
than `review_max_age_days` ago (90 by default: Open Referral UK recommends an assured
date no more than three months old), the locations and area data that are not verified
or not recently checked, and the guidance beside the directory (`guidance_items`).
Each entry names the team that owns it and the source to check it against: as text to
read, or as CSV for the content team's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from knowledge import models as m
from knowledge.entitlements.ruleset import CURRENT_TAX_YEAR, load_ruleset, ruleset_path
from knowledge.entries import AREA_FILE, Content
from knowledge.importing import IMPORT_SOURCE
from knowledge.loading import CONTENT_SOURCE
from knowledge.taxonomy import load_taxonomy

# Who owns what. The content has no owner or team field, so the owning team is worked out
# from where an entry lives: each theme file is one topic (its header says which needs it
# covers), and the content team shares the review out by topic, so the file names the team.
# The hubs file and area.yml (which hub serves which area) belong to the community hubs.
# A file not listed here is named after itself (for example "transport.yml" is "Transport"),
# so a new theme file still gets a team without a code change. Services imported from
# another directory have no topic until someone moves them into a theme file, so they are
# listed together for whoever ran the import.
TEAMS = {
    "money.yml": "Money",
    "housing.yml": "Housing",
    "health.yml": "Health",
    "safety.yml": "Safety",
    "family.yml": "Family",
    "work.yml": "Work",
    "community.yml": "Community",
    "council.yml": "Council services",
    "hubs.yml": "Community hubs",
    AREA_FILE: "Community hubs",
}
# The guidance beside the directory is owned by topic too: crisis replies by Safety, the
# council's own contacts and its neighbours by Council services, the council plan's
# measures by Performance (analysts show them to councillors), benefit rules by Money.
GUIDANCE_TEAMS = {
    "taxonomy/crisis.yml": "Safety",
    "taxonomy/council.yml": "Council services",
    "taxonomy/measures.yml": "Performance",
    "entitlements": "Money",
}
IMPORTED_TEAM = "Imported, no team yet"
KIND_ORDER = {
    "service": 0,
    "location": 1,
    "area": 2,
    "crisis reply": 3,
    "council": 4,
    "neighbouring council": 5,
    "measure": 6,
    "entitlement": 7,
}
CSV_HEADER = (
    "team",
    "kind",
    "id",
    "name",
    "file",
    "reason",
    "last_reviewed",
    "review_due",
    "source_url",
)


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    id: str
    name: str
    reason: str
    source_url: str
    where: str
    team: str = ""
    last_reviewed: date | None = None
    review_due: date | None = None


def owning_team(where: str) -> str:
    """The team that looks after an entry, from the file it lives in (see TEAMS)."""
    if where.startswith(IMPORT_SOURCE):
        return IMPORTED_TEAM
    return (
        TEAMS.get(where)
        or GUIDANCE_TEAMS.get(Path(where).parent.name)
        or GUIDANCE_TEAMS.get(where)
        or Path(where).stem.replace("_", " ").capitalize()
    )


def is_stale(last_reviewed: date, today: date, max_age_days: int) -> bool:
    """True when the details were last checked more than `max_age_days` days before today."""
    return (today - last_reviewed).days > max_age_days


def checked_line(last_reviewed: date) -> str:
    """When the details were last checked, as a resident reads it: "Checked March 2026"."""
    return f"Checked {last_reviewed:%B %Y}"


def default_max_age_days() -> int:
    from core.settings import get_settings  # settings read only when no age is given

    return get_settings().review_max_age_days


def review_items(
    db: Session, content: Content, today: date, max_age_days: int | None = None
) -> list[ReviewItem]:
    """Every entry to check on `today`, sorted by team, then services, locations, area."""
    max_age = default_max_age_days() if max_age_days is None else max_age_days
    items = [_service_item(s, today, max_age) for s in _services_to_review(db, today, max_age)]
    items += [
        ReviewItem(
            "location",
            loc.id,
            loc.name,
            "not verified",
            loc.source_url,
            file_name,
            owning_team(file_name),
        )
        for file_name, content_file in content.files.items()
        for loc in content_file.locations
        if not loc.verified
    ]
    area = content.area
    if area_reason := _reasons(area.verified, area.last_reviewed, today, max_age):
        items.append(
            ReviewItem(
                "area",
                "area",
                "Districts, wards and the hub serving each",
                area_reason,
                area.source_url,
                AREA_FILE,
                owning_team(AREA_FILE),
                area.last_reviewed,
            )
        )
    items += guidance_items(today, max_age)
    return sorted(items, key=lambda i: (i.team, KIND_ORDER.get(i.kind, 9), i.where, i.id))


def guidance_items(today: date, max_age_days: int) -> list[ReviewItem]:
    """The crisis replies, council contacts, measures and entitlement rules to check."""
    return [
        *_crisis_items(today, max_age_days),
        *_council_items(today, max_age_days),
        *_measure_items(today, max_age_days),
        *_entitlement_items(today),
    ]


def _reasons(verified: bool, last_reviewed: date, today: date, max_age_days: int) -> str:
    reasons = [] if verified else ["not verified"]
    if is_stale(last_reviewed, today, max_age_days):
        reasons.append(stale_reason(last_reviewed, max_age_days))
    return "; ".join(reasons)


def _guidance_item(
    kind: str,
    item_id: str,
    name: str,
    reason: str,
    source_url: str,
    where: str,
    last_reviewed: date | None = None,
) -> ReviewItem:
    return ReviewItem(
        kind, item_id, name, reason, source_url, where, owning_team(where), last_reviewed
    )


def _crisis_items(today: date, max_age_days: int) -> list[ReviewItem]:
    crisis, where = load_taxonomy().crisis, "taxonomy/crisis.yml"
    return [
        _guidance_item(
            "crisis reply",
            c.id,
            c.title,
            reason,
            c.sources[0],
            where,
            last_reviewed=crisis.last_reviewed,
        )
        for c in crisis.categories
        if (reason := _reasons(c.verified, crisis.last_reviewed, today, max_age_days))
    ]


def _council_items(today: date, max_age_days: int) -> list[ReviewItem]:
    council, where = load_taxonomy().council, "taxonomy/council.yml"
    items = []
    if reason := _reasons(True, council.last_reviewed, today, max_age_days):
        name = f"{council.name}: phone {council.phone} and website"
        items.append(
            _guidance_item(
                "council",
                "council",
                name,
                reason,
                council.source_url,
                where,
                last_reviewed=council.last_reviewed,
            )
        )
    neighbours = council.neighbours
    if reason := _reasons(neighbours.verified, neighbours.last_reviewed, today, max_age_days):
        items += [
            _guidance_item(
                "neighbouring council",
                n.website.removeprefix("https://"),
                f"{n.name}: {', '.join(n.places)}",
                reason,
                n.website,
                where,
                last_reviewed=neighbours.last_reviewed,
            )
            for n in neighbours.councils
        ]
    return items


def _measure_items(today: date, max_age_days: int) -> list[ReviewItem]:
    measures, where = load_taxonomy().measures, "taxonomy/measures.yml"
    return [
        _guidance_item(
            "measure",
            measure.id,
            measure.title,
            reason,
            measures.source_url,
            where,
            last_reviewed=measures.last_reviewed,
        )
        for measure in measures.measures
        if (reason := _reasons(measure.verified, measures.last_reviewed, today, max_age_days))
    ]


def _entitlement_items(today: date) -> list[ReviewItem]:
    ruleset = load_ruleset(CURRENT_TAX_YEAR)
    where = f"entitlements/{ruleset_path(ruleset.tax_year).name}"
    ended = _tax_year_end(ruleset.tax_year) < today
    items = []
    for rule in ruleset.rules:
        for route in rule.routes:
            reasons = [] if route.verified else [f"not verified for {ruleset.tax_year}"]
            if ended:
                reasons.append(f"the {ruleset.tax_year} tax year is over: rules for the next one")
            if reasons:
                items.append(
                    _guidance_item(
                        "entitlement",
                        f"{rule.id}/{route.test}",
                        rule.title,
                        "; ".join(reasons),
                        route.source_url,
                        where,
                    )
                )
    return items


def _tax_year_end(tax_year: str) -> date:
    """5 April of the year the tax year ends in ("2026-27" ends on 5 April 2027)."""
    return date(int(tax_year[:4]) + 1, 4, 5)


def _services_to_review(db: Session, today: date, max_age_days: int) -> list[m.Service]:
    stale_before = today - timedelta(days=max_age_days)
    query = select(m.Service).where(
        or_(
            ~m.Service.verified,
            m.Service.review_due <= today,
            m.Service.assured_date < stale_before,
        )
    )
    return list(db.scalars(query.order_by(m.Service.source_file, m.Service.id)))


def _service_item(service: m.Service, today: date, max_age_days: int) -> ReviewItem:
    reasons = []
    if not service.verified:
        reasons.append("not verified")
    if service.review_due <= today:
        reasons.append(f"review overdue since {service.review_due.isoformat()}")
    if is_stale(service.assured_date, today, max_age_days):
        reasons.append(stale_reason(service.assured_date, max_age_days))
    where = service.source_file.removeprefix(CONTENT_SOURCE)
    return ReviewItem(
        "service",
        service.id,
        service.name,
        "; ".join(reasons),
        service.source_url,
        where,
        owning_team(where),
        service.assured_date,
        service.review_due,
    )


def stale_reason(last_reviewed: date, max_age_days: int) -> str:
    return f"last checked {last_reviewed.isoformat()}, more than {max_age_days} days ago"


def format_report(items: list[ReviewItem], today: date, max_age_days: int | None = None) -> str:
    """A readable listing, one section per team, each entry with its source to check."""
    if not items:
        return f"Nothing to review on {today.isoformat()}: every entry is verified and in date."
    lines = [f"{len(items)} entries to check before residents rely on them ({today.isoformat()})."]
    if max_age_days is not None:
        lines.append(f"Details last checked more than {max_age_days} days ago are listed too.")
    for team, group in groupby(items, key=lambda i: i.team or owning_team(i.where)):
        entries = list(group)
        lines += ["", f"{team} team: {len(entries)} to check"]
        for item in entries:
            reason = item.reason[:1].upper() + item.reason[1:]
            lines.append(f"- {item.kind} {item.id} ({item.where}): {item.name}. {reason}.")
            lines.append(f"  Check against: {item.source_url}")
    return "\n".join(lines)


def format_csv(items: list[ReviewItem]) -> str:
    """The same entries as CSV with a header row, for the content team's spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for item in items:
        writer.writerow(
            [
                _cell(item.team or owning_team(item.where)),
                item.kind,
                _cell(item.id),
                _cell(item.name),
                _cell(item.where),
                _cell(item.reason),
                item.last_reviewed.isoformat() if item.last_reviewed else "",
                item.review_due.isoformat() if item.review_due else "",
                _cell(item.source_url),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    # Imported services can carry any name, and a spreadsheet runs a cell starting with
    # = + - or @ as a formula: a leading apostrophe keeps it as text (OWASP's advice).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
