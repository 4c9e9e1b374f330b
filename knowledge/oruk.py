"""The directory as Open Referral UK (HSDS 3.0, UK profile) JSON, and the queries behind it.

The UK profile wants a UUID for every id, while ours are readable slugs, so
each is published as a uuid5 of its kind and slug: stable across loads, and
the API resolves it back. Ids that are already UUIDs (imported ORUK data) are
published as they are. Values we do not hold are left out, never sent as
null, because the schemas type every field as a plain string or number.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from knowledge import models as m
from knowledge.opening import DAY_CODES, DAY_NAMES

ORUK_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.hartlepool.gov.uk/oruk")

CODE_BY_NAME = {name.lower(): code for name, code in zip(DAY_NAMES, DAY_CODES, strict=True)}
# Service areas that include every Hartlepool postcode, and those that include any UK one.
COVERS_HARTLEPOOL = ("Hartlepool", "England", "United Kingdom")
COVERS_ANYWHERE = ("United Kingdom",)
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?$")

Json = dict[str, Any]


# --- ids -----------------------------------------------------------------------


def oruk_id(kind: str, our_id: str) -> str:
    """The UUID we publish for one of our rows; `kind` keeps tables apart."""
    try:
        return str(uuid.UUID(our_id))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"{kind}:{our_id}"))


def find_service(db: Session, service_id: str) -> m.Service | None:
    """A service by our id or by its published UUID."""
    if service := db.get(m.Service, service_id):
        return service
    if not _is_uuid(service_id):
        return None
    wanted = oruk_id("service", service_id)
    ours = next(
        (s for s in db.scalars(select(m.Service.id)) if oruk_id("service", s) == wanted), None
    )
    return db.get(m.Service, ours) if ours else None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --- query parameters ----------------------------------------------------------


def day_code(value: str | None) -> str | None:
    """MO..SU from "mo", "MO" or "monday"; ValueError for anything else."""
    if value is None:
        return None
    text = value.strip().lower()
    code = CODE_BY_NAME.get(text, text.upper())
    if code not in DAY_CODES:
        raise ValueError("use a day from MO to SU, or monday to sunday")
    return code


def postcode_district(value: str | None) -> str | None:
    """The district ("TS25") of a full postcode or district; ValueError if it is neither."""
    if value is None:
        return None
    match = _POSTCODE.match(value.strip().upper())
    if not match:
        raise ValueError("use a postcode such as TS25 5AA, or a district such as TS25")
    return match.group(1)


def resolve_terms(db: Session, value: str) -> frozenset[str]:
    """Term ids for a taxonomy, a term (our id or its UUID) or a need code."""
    terms = db.scalars(select(m.TaxonomyTerm)).all()
    for taxonomy_id in db.scalars(select(m.Taxonomy.id)):
        if value in (taxonomy_id, oruk_id("taxonomy", taxonomy_id)):
            return frozenset(t.id for t in terms if t.taxonomy_id == taxonomy_id)
    return frozenset(t.id for t in terms if value in (t.id, t.code, oruk_id("taxonomy_term", t.id)))


# --- queries -------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    text: str | None = None
    term_ids: frozenset[str] | None = None  # None: any; empty: nothing matches
    day: str | None = None  # MO..SU


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    conditions = []
    for word in (filters.text or "").split():
        columns = (m.Service.name, m.Service.summary, m.Service.description)
        conditions.append(or_(*(c.icontains(word, autoescape=True) for c in columns)))
    if filters.term_ids is not None:
        tagged = select(m.Attribute.link_id).where(
            m.Attribute.taxonomy_term_id.in_(filters.term_ids)
        )
        conditions.append(m.Service.id.in_(tagged))
    if filters.day:
        # Two-letter codes joined by commas, so a substring test cannot mistake one day for another.
        scheduled = select(m.Schedule.service_id).where(m.Schedule.byday.contains(filters.day))
        conditions.append(or_(m.Service.open_24_7, m.Service.id.in_(scheduled)))
    return conditions


def list_services(
    db: Session, filters: Filters, page: int, per_page: int
) -> tuple[list[m.Service], int]:
    """One page of matching services, by name, and how many match in all."""
    conditions = _conditions(filters)
    total = db.scalar(select(func.count()).select_from(m.Service).where(*conditions)) or 0
    query = (
        select(m.Service)
        .where(*conditions)
        .options(selectinload(m.Service.organization))
        .order_by(m.Service.name, m.Service.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(db.scalars(query)), total


Placement = tuple[m.ServiceAtLocation | None, m.Service]


def list_service_at_locations(
    db: Session, filters: Filters, district: str | None, page: int, per_page: int
) -> tuple[list[Placement], int]:
    """One page of (service at location, service) pairs, and how many match in all.

    Services offered nowhere in particular (phone lines, websites) come with no
    location, so that every service can be found here. With a postcode, only the
    hub that serves its district counts, plus location-free services whose area
    covers it; a postcode outside Hartlepool matches only UK-wide services.
    """
    conditions = _conditions(filters)
    located = (
        select(m.ServiceAtLocation, m.Service)
        .join(m.Service, m.Service.id == m.ServiceAtLocation.service_id)
        .where(*conditions)
        .options(selectinload(m.ServiceAtLocation.location), selectinload(m.Service.organization))
    )
    unlocated = (
        select(m.Service)
        .where(*conditions, ~m.Service.service_at_locations.any())
        .options(selectinload(m.Service.organization))
    )
    if district:
        served = db.get(m.PostcodeDistrict, district)
        hub = served.hub_location_id if served else None
        located = located.where(m.ServiceAtLocation.location_id == hub) if hub else None
        areas = COVERS_HARTLEPOOL if hub else COVERS_ANYWHERE
        unlocated = unlocated.where(m.Service.service_areas.any(m.ServiceArea.name.in_(areas)))
    pairs: list[Placement] = (
        [(sal, s) for sal, s in db.execute(located)] if located is not None else []
    )
    pairs += [(None, s) for s in db.scalars(unlocated)]
    # The directory is small (hundreds of rows), so sorting and slicing here is cheap.
    pairs.sort(key=lambda p: (p[1].name, p[1].id, p[0].location.name if p[0] else ""))
    start = (page - 1) * per_page
    return pairs[start : start + per_page], len(pairs)


def list_taxonomies(db: Session, page: int, per_page: int) -> tuple[list[m.Taxonomy], int]:
    total = db.scalar(select(func.count()).select_from(m.Taxonomy)) or 0
    query = select(m.Taxonomy).order_by(m.Taxonomy.id).offset((page - 1) * per_page)
    return list(db.scalars(query.limit(per_page))), total


def list_taxonomy_terms(
    db: Session, term_ids: frozenset[str] | None, page: int, per_page: int
) -> tuple[list[m.TaxonomyTerm], int]:
    wanted = [m.TaxonomyTerm.id.in_(term_ids)] if term_ids is not None else []
    total = db.scalar(select(func.count()).select_from(m.TaxonomyTerm).where(*wanted)) or 0
    query = (
        select(m.TaxonomyTerm)
        .where(*wanted)
        .options(selectinload(m.TaxonomyTerm.taxonomy))
        .order_by(m.TaxonomyTerm.taxonomy_id, m.TaxonomyTerm.code)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(db.scalars(query)), total


# --- JSON ----------------------------------------------------------------------


def root_info() -> Json:
    return {"version": ORUK_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def page(contents: list[Json], total: int, page_number: int, per_page: int) -> Json:
    """The ORUK paging envelope around one page of results."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def service_item(service: m.Service) -> Json:
    """A service's one-to-one fields and its organisation (list entries)."""
    return _compact(
        {
            "id": oruk_id("service", service.id),
            "organization_id": oruk_id("organization", service.organization_id),
            "name": service.name,
            "description": _description(service),
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "assured_date": service.assured_date.isoformat(),
            "organization": organization(service.organization),
        }
    )


def service_full(service: m.Service) -> Json:
    """A service with everything related to it (GET /services/{id})."""
    sid = oruk_id("service", service.id)
    return service_item(service) | {
        # Not in the UK profile's compiled service, but HSDS 3.0's own shape (phone.json).
        "phones": [_phone(p) for p in service.phones],
        "contacts": [
            _compact(
                {
                    "id": oruk_id("contact", c.id),
                    "service_id": sid,
                    "name": c.name,
                    "title": c.title,
                }
            )
            for c in service.contacts
        ],
        "schedules": [_schedule(r, sid) for r in service.schedules] + _all_day(service, sid),
        "service_areas": [
            {"id": oruk_id("service_area", a.id), "service_id": sid, "name": a.name}
            for a in service.service_areas
        ],
        "service_at_locations": [
            _service_at_location(sal, sid, full=True) for sal in service.service_at_locations
        ],
        "cost_options": [
            {"id": oruk_id("cost_option", c.id), "service_id": sid, "option": c.option}
            for c in service.cost_options
        ],
        "attributes": [_attribute(a) for a in service.attributes],
    }


def service_at_location_item(sal: m.ServiceAtLocation | None, service: m.Service) -> Json:
    """A list entry: where a service is offered, or no location if it is offered anywhere."""
    sid = oruk_id("service", service.id)
    if sal is None:
        item = {"id": oruk_id("service_at_location", f"{service.id}-no-location")}
        return item | {"service_id": sid, "service": service_item(service)}
    return _service_at_location(sal, sid, full=False) | {"service": service_item(service)}


def organization(org: m.Organization) -> Json:
    return _compact(
        {
            "id": oruk_id("organization", org.id),
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
        }
    )


def taxonomy(row: m.Taxonomy) -> Json:
    return _compact(
        {
            "id": oruk_id("taxonomy", row.id),
            "name": row.name,
            "description": row.description,
            "uri": row.uri,
            "version": row.version,
        }
    )


def taxonomy_term(term: m.TaxonomyTerm) -> Json:
    return _compact(
        {
            "id": oruk_id("taxonomy_term", term.id),
            "name": term.name,
            "description": term.description,
            "parent_id": oruk_id("taxonomy_term", term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": oruk_id("taxonomy", term.taxonomy_id),
            "term": term.code,
        }
    )


def _description(service: m.Service) -> str:
    # The UK profile has no eligibility or "what to bring" field, so they join the description.
    parts = [service.description]
    if service.eligibility_description:
        parts.append(f"Who can use it: {service.eligibility_description}")
    if service.what_to_bring:
        parts.append("What to bring: " + "; ".join(service.what_to_bring))
    return "\n\n".join(parts)


def _phone(phone: m.Phone) -> Json:
    return _compact(
        {"id": oruk_id("phone", phone.id), "number": phone.number, "description": phone.description}
    )


def _schedule(row: m.Schedule, service_id: str) -> Json:
    return _compact(
        {
            "id": oruk_id("schedule", row.id),
            "service_id": service_id,
            "freq": row.freq,
            "interval": 1,
            "byday": row.byday,
            "opens_at": row.opens_at.strftime("%H:%M:%S"),
            "closes_at": row.closes_at.strftime("%H:%M:%S"),
            "description": row.description,
        }
    )


def _all_day(service: m.Service, service_id: str) -> list[Json]:
    """Lines open day and night have no schedule rows; say so as ORUK would."""
    if not service.open_24_7:
        return []
    return [
        {
            "id": oruk_id("schedule", f"{service.id}-24-7"),
            "service_id": service_id,
            "freq": "WEEKLY",
            "interval": 1,
            "byday": ",".join(DAY_CODES),
            "opens_at": "00:00:00",
            "closes_at": "23:59:59",
            "description": "Open 24 hours a day, every day.",
        }
    ]


def _service_at_location(sal: m.ServiceAtLocation, service_id: str, full: bool) -> Json:
    return {
        "id": oruk_id("service_at_location", sal.id),
        "service_id": service_id,
        "location_id": oruk_id("location", sal.location_id),
        "location": _location(sal.location, full),
    }


def _location(location: m.Location, full: bool) -> Json:
    lid = oruk_id("location", location.id)
    fields = {
        "id": lid,
        "location_type": "physical",
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }
    if full:
        fields["addresses"] = [_address(a, lid) for a in location.addresses]
    return _compact(fields)


def _address(address: m.Address, location_id: str) -> Json:
    # state_province and postal_code are required; we hold no county, and leave
    # out postcodes we could not confirm, so those are sent as empty strings.
    return {
        "id": oruk_id("address", address.id),
        "location_id": location_id,
        "address_1": address.address_1,
        "city": address.city,
        "state_province": "",
        "postal_code": address.postal_code or "",
        "country": address.country,
        "address_type": address.address_type,
    }


def _attribute(attribute: m.Attribute) -> Json:
    return {
        "id": oruk_id("attribute", attribute.id),
        "link_id": oruk_id("service", attribute.link_id),
        "link_type": attribute.link_type,
        "taxonomy_term_id": oruk_id("taxonomy_term", attribute.taxonomy_term_id),
        "taxonomy_term": taxonomy_term(attribute.taxonomy_term),
    }


def _compact(fields: Json) -> Json:
    return {k: v for k, v in fields.items() if v is not None}
