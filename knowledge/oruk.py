"""The Open Referral UK (HSDS 3.0, UK profile) view of the directory: ids and queries.

The UK profile wants a UUID for every id, while ours are readable slugs, so
each is published as a uuid5 of its kind and slug: stable across loads, and
the API resolves it back. Ids that are already UUIDs (imported ORUK data) are
published as they are. The JSON itself is made in knowledge.oruk_serialise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from knowledge import models as m
from knowledge.area import parse_postcode
from knowledge.opening import DAY_CODES, DAY_NAMES

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.hartlepool.gov.uk/oruk")

CODE_BY_NAME = {name.lower(): code for name, code in zip(DAY_NAMES, DAY_CODES, strict=True)}
# Service areas that include every Hartlepool postcode, and those that include any UK one.
COVERS_HARTLEPOOL = ("Hartlepool", "England", "United Kingdom")
COVERS_ANYWHERE = ("United Kingdom",)

Row = TypeVar("Row", m.Service, m.ServiceAtLocation, m.Taxonomy, m.TaxonomyTerm)


# --- ids -----------------------------------------------------------------------


def oruk_id(kind: str, our_id: str) -> str:
    """The UUID we publish for one of our rows; `kind` keeps tables apart."""
    try:
        return str(uuid.UUID(our_id))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"{kind}:{our_id}"))


def unlocated_id(service_id: str) -> str:
    """Our id for the entry of a service offered nowhere in particular (no row holds it)."""
    return f"{service_id}-no-location"


def find_service(db: Session, service_id: str) -> m.Service | None:
    """A service by our id or by its published UUID."""
    return _find(db, m.Service, "service", service_id)


def find_taxonomy(db: Session, taxonomy_id: str) -> m.Taxonomy | None:
    return _find(db, m.Taxonomy, "taxonomy", taxonomy_id)


def find_taxonomy_term(db: Session, term_id: str) -> m.TaxonomyTerm | None:
    return _find(db, m.TaxonomyTerm, "taxonomy_term", term_id)


def _find(db: Session, model: type[Row], kind: str, any_id: str) -> Row | None:
    """A row by our id, or by the UUID we publish for it."""
    if row := db.get(model, any_id):
        return row
    if not _is_uuid(any_id):
        return None
    wanted = oruk_id(kind, any_id)
    # Published UUIDs are hashes, so they are matched by hashing ours: the directory is small.
    ours = next((i for i in db.scalars(select(model.id)) if oruk_id(kind, i) == wanted), None)
    return db.get(model, ours) if ours else None


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
    """The district ("TS25") of a postcode, sector or district; ValueError if it is none."""
    if value is None:
        return None
    postcode = parse_postcode(value, whole=True)
    if postcode is None:
        raise ValueError("use a postcode such as TS25 5AA, or a district such as TS25")
    return postcode.district


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


def find_service_at_location(db: Session, sal_id: str) -> Placement | None:
    """A service at a location, by our id or UUID, as GET /service_at_locations lists it.

    That list gives a service offered nowhere in particular one entry with no
    location, so its id must resolve here too.
    """
    if sal := _find(db, m.ServiceAtLocation, "service_at_location", sal_id):
        service = db.get(m.Service, sal.service_id)
        return (sal, service) if service else None
    # Our id and its UUID both hash to the published UUID, so one comparison covers each.
    wanted = oruk_id("service_at_location", sal_id)
    for service in db.scalars(select(m.Service).where(~m.Service.service_at_locations.any())):
        if oruk_id("service_at_location", unlocated_id(service.id)) == wanted:
            return None, service
    return None


def taxonomy_terms_of(db: Session, taxonomy: m.Taxonomy) -> list[m.TaxonomyTerm]:
    query = select(m.TaxonomyTerm).where(m.TaxonomyTerm.taxonomy_id == taxonomy.id)
    return list(db.scalars(query.order_by(m.TaxonomyTerm.code)))
