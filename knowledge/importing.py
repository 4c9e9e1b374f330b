"""Import Open Referral UK services (a service, a list of them, or a page) into our tables.

Rows keep the ids they have in the file, so importing the same file again
updates them (`Session.merge`) instead of adding copies. Imported services are
local and unverified until the content team has checked them; review is due
six months after the date they were last assured.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from knowledge import models as m
from knowledge.oruk_input import (
    AttributeIn,
    CostOptionIn,
    LocationIn,
    OrganizationIn,
    PhoneIn,
    ScheduleIn,
    ServiceAreaIn,
    ServiceAtLocationIn,
    ServiceIn,
    TaxonomyTermIn,
)
from knowledge.search import refresh_search_index

IMPORT_SOURCE = "import:"
DEFAULT_SOURCE_URL = "https://www.hartlepool.gov.uk"
REVIEW_MONTHS = 6
SUMMARY_CHARS = 500
AREA_CHARS = 100


class ImportProblem(Exception):
    """The file cannot be imported; the message says why, naming file and field."""


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    added: int
    updated: int
    locations: int

    def summary(self) -> str:
        services = self.added + self.updated
        return (
            f"Imported {services} service(s) from {self.file_name}: {self.added} new, "
            f"{self.updated} updated, {self.locations} location(s); all unverified until reviewed."
        )


def import_file(db: Session, path: Path, today: date | None = None) -> ImportReport:
    """Read, check and import one ORUK JSON file; ImportProblem says what is wrong."""
    services = parse_services(_read_json(path), path.name)
    try:
        report = import_services(db, services, path.name, today or date.today())
    except SQLAlchemyError as error:
        db.rollback()
        cause = getattr(error, "orig", None) or error
        raise ImportProblem(f"{path.name}: could not be saved: {cause}") from None
    return report


def parse_services(data: Any, file_name: str) -> list[ServiceIn]:
    """The services in a parsed file, checked field by field."""
    items = _service_items(data, file_name)
    labels = ["service"] if len(items) == 1 else [f"services[{i}]" for i in range(len(items))]
    services, problems = [], []
    for label, item in zip(labels, items, strict=True):
        try:
            service = ServiceIn.model_validate(item)
        except ValidationError as error:
            problems += [
                f"{file_name}: {label}{_field(e['loc'])}: {e['msg']}" for e in error.errors()
            ]
            continue
        if service.organization is None and service.organization_id is None:
            problems.append(f"{file_name}: {label}: has no organization or organization_id")
        services.append(service)
    if problems:
        raise ImportProblem("\n".join(problems))
    return services


def import_services(
    db: Session, services: list[ServiceIn], file_name: str, today: date
) -> ImportReport:
    existing = set(db.scalars(select(m.Service.id).where(m.Service.id.in_(s.id for s in services))))
    for service in services:
        _missing_organization(db, service, file_name)
    for service in services:
        if service.organization:
            db.merge(_organization(service.organization))
        for attribute in service.attributes:
            if attribute.taxonomy_term:
                _merge_term(db, attribute.taxonomy_term)
        db.flush()
        db.merge(_service(db, service, file_name, today))
    db.flush()
    refresh_search_index(db)
    db.commit()
    locations = {sal.location.id for s in services for sal in s.service_at_locations}
    return ImportReport(file_name, len(services) - len(existing), len(existing), len(locations))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportProblem(f"{path.name}: cannot be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ImportProblem(f"{path.name}: is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"{path.name}: is not valid JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def _service_items(data: Any, file_name: str) -> list[Any]:
    """A service object, a list of services (service package) or a page with `contents`."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items = data["contents"]
    elif isinstance(data, dict) and "contents" not in data:
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        items = None
    if items == []:
        raise ImportProblem(f"{file_name}: has no services to import")
    if not items or not all(isinstance(item, dict) for item in items):
        raise ImportProblem(
            f"{file_name}: expected an Open Referral UK service, a list of services, "
            "or a page of services with 'contents'"
        )
    return items


def _field(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def _missing_organization(db: Session, service: ServiceIn, file_name: str) -> None:
    if service.organization is None and db.get(m.Organization, service.organization_id) is None:
        raise ImportProblem(
            f"{file_name}: service {service.id}: organization {service.organization_id} is "
            "neither in the file nor in the database"
        )


def _organization(org: OrganizationIn) -> m.Organization:
    return m.Organization(
        id=org.id, name=org.name, description=org.description, website=org.website, email=org.email
    )


def _merge_term(db: Session, term: TaxonomyTermIn) -> None:
    taxonomy_id = term.taxonomy_id or "import-" + _slug(term.taxonomy or "taxonomy")
    if db.get(m.Taxonomy, taxonomy_id) is None:
        name = term.taxonomy or "Imported taxonomy"
        description = "Taxonomy terms imported from Open Referral UK data."
        db.add(m.Taxonomy(id=taxonomy_id, name=name[:255], description=description))
        db.flush()
    # A parent we do not hold would break the foreign key, so it is dropped.
    parent = term.parent_id if term.parent_id and db.get(m.TaxonomyTerm, term.parent_id) else None
    db.merge(
        m.TaxonomyTerm(
            id=term.id,
            taxonomy_id=taxonomy_id,
            code=term.term or term.id,
            name=term.name,
            description=term.description or term.name,
            parent_id=parent,
        )
    )


def _service(db: Session, s: ServiceIn, file_name: str, today: date) -> m.Service:
    assured = s.assured_date or today
    description = s.description or s.name
    return m.Service(
        id=s.id,
        organization_id=s.organization.id if s.organization else s.organization_id,
        name=s.name,
        summary=_clip(_first_sentence(description), SUMMARY_CHARS),
        description=description,
        url=s.url,
        email=s.email,
        status=s.status,
        scope="local",
        eligibility_description=None,
        what_to_bring=[],
        open_24_7=False,
        source_url=s.url or DEFAULT_SOURCE_URL,
        assured_date=assured,
        review_due=_add_months(assured, REVIEW_MONTHS),
        verified=False,
        source_file=IMPORT_SOURCE + file_name,
        phones=[_phone(s.id, i, p) for i, p in enumerate(s.phones)],
        contacts=[
            m.Contact(id=c.id or f"{s.id}-contact-{i}", service_id=s.id, name=c.name, title=c.title)
            for i, c in enumerate(s.contacts)
        ],
        schedules=[_schedule(s.id, i, r) for i, r in enumerate(s.schedules) if _weekly(r)],
        cost_options=[_cost(s.id, i, c) for i, c in enumerate(s.cost_options) if _cost_text(c)],
        service_areas=[_area(s.id, i, a) for i, a in enumerate(s.service_areas) if _area_name(a)],
        service_at_locations=[
            _service_at_location(s, i, sal) for i, sal in enumerate(s.service_at_locations)
        ],
        attributes=[a for i, x in enumerate(s.attributes) if (a := _attribute(db, s.id, i, x))],
    )


def _phone(sid: str, i: int, p: PhoneIn) -> m.Phone:
    pid = p.id or f"{sid}-phone-{i}"
    return m.Phone(id=pid, service_id=sid, number=p.number, description=p.description)


def _weekly(row: ScheduleIn) -> bool:
    # Our schedule table holds regular weekly hours only; other rules are left out.
    return (row.freq or "WEEKLY") == "WEEKLY" and bool(row.byday and row.opens_at and row.closes_at)


def _schedule(sid: str, i: int, row: ScheduleIn) -> m.Schedule:
    return m.Schedule(
        id=row.id or f"{sid}-schedule-{i}",
        service_id=sid,
        freq="WEEKLY",
        byday=row.byday.upper().replace(" ", ""),
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        description=row.description,
    )


def _cost_text(cost: CostOptionIn) -> str:
    amount = f"{cost.amount:g}" if cost.amount is not None else None
    price = " ".join(p for p in (amount, cost.amount_description) if p)
    return ": ".join(p for p in (cost.option, price) if p)


def _cost(sid: str, i: int, cost: CostOptionIn) -> m.CostOption:
    return m.CostOption(id=cost.id or f"{sid}-cost-{i}", service_id=sid, option=_cost_text(cost))


def _area_name(area: ServiceAreaIn) -> str:
    return area.name or area.service_area or ""


def _area(sid: str, i: int, area: ServiceAreaIn) -> m.ServiceArea:
    name = _clip(_area_name(area), AREA_CHARS)
    return m.ServiceArea(id=area.id or f"{sid}-area-{i}", service_id=sid, name=name)


def _service_at_location(s: ServiceIn, i: int, sal: ServiceAtLocationIn) -> m.ServiceAtLocation:
    return m.ServiceAtLocation(
        id=sal.id or f"{s.id}-at-{i}",
        service_id=s.id,
        location_id=sal.location.id,
        location=_location(s, sal.location),
    )


def _location(s: ServiceIn, loc: LocationIn) -> m.Location:
    addresses = [
        m.Address(
            id=a.id or f"{loc.id}-address-{i}",
            location_id=loc.id,
            address_1=a.address_1,
            city=a.city,
            postal_code=a.postal_code,
            country=a.country.upper(),
            address_type=a.address_type,
        )
        for i, a in enumerate(loc.addresses)
    ]
    name = loc.name or (loc.addresses[0].address_1 if loc.addresses else s.name)
    return m.Location(
        id=loc.id,
        organization_id=None,
        name=name,
        latitude=loc.latitude,
        longitude=loc.longitude,
        source_url=s.url or DEFAULT_SOURCE_URL,
        verified=False,
        addresses=addresses,
    )


def _attribute(db: Session, sid: str, i: int, attribute: AttributeIn) -> m.Attribute | None:
    """A link to a term in the file or already held; links to unknown terms are skipped."""
    term_id = attribute.taxonomy_term.id if attribute.taxonomy_term else attribute.taxonomy_term_id
    if term_id is None or db.get(m.TaxonomyTerm, term_id) is None:
        return None
    return m.Attribute(
        id=attribute.id or f"{sid}-attribute-{i}", link_id=sid, taxonomy_term_id=term_id
    )


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "taxonomy"


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
