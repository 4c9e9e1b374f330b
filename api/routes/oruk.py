"""The Open Referral UK read API under /oruk: open data, readable from any website."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from api.deps import DbSession
from core.errors import NotFound
from knowledge import oruk
from knowledge import oruk_serialise as out

MAX_PER_PAGE = 100
T = TypeVar("T")


# Open to every website: see api/cors.py.
router = APIRouter(prefix="/oruk", tags=["open referral"])

# Bounded, so a huge page number is a plain 422 rather than an SQL overflow.
MAX_PAGE = 100_000
MAX_SEARCH_CHARS = 200
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Results per page, 1 to 100.")]
Search = Annotated[
    str | None, Query(max_length=MAX_SEARCH_CHARS, description="Words that must all appear.")
]
TaxonomyId = Annotated[
    str | None, Query(description="A taxonomy, a taxonomy term (id or UUID) or a need code.")
]
Day = Annotated[
    str | None,
    Query(description="MO to SU, or monday to sunday."),
    AfterValidator(oruk.day_code),
]
Postcode = Annotated[
    str | None,
    Query(description="A Hartlepool postcode (TS25 5AA) or district (TS25)."),
    AfterValidator(oruk.postcode_district),
]
Json = dict[str, Any]


@router.get("/")
def root() -> Json:
    """Which HSDS version and profile this API serves."""
    return out.root_info()


@router.get("/services")
def services(
    db: DbSession,
    search: Search = None,
    text: Search = None,
    taxonomy_id: TaxonomyId = None,
    taxonomy_term_id: TaxonomyId = None,
    day: Day = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> Json:
    filters = _filters(db, search or text, taxonomy_id, taxonomy_term_id, day)
    rows, total = oruk.list_services(db, filters, page, per_page)
    return out.page([out.service_item(s) for s in rows], total, page, per_page)


@router.get("/services/{service_id}")
def service(service_id: str, db: DbSession) -> Json:
    """A service with everything related to it, by our id or its UUID."""
    found = _or_404(oruk.find_service(db, service_id), "service")
    return out.service_full(found)


@router.get("/service_at_locations")
def service_at_locations(
    db: DbSession,
    search: Search = None,
    text: Search = None,
    taxonomy_id: TaxonomyId = None,
    taxonomy_term_id: TaxonomyId = None,
    postcode: Postcode = None,
    day: Day = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> Json:
    filters = _filters(db, search or text, taxonomy_id, taxonomy_term_id, day)
    rows, total = oruk.list_service_at_locations(db, filters, postcode, page, per_page)
    items = [out.service_at_location_item(sal, s) for sal, s in rows]
    return out.page(items, total, page, per_page)


@router.get("/service_at_locations/{service_at_location_id}")
def service_at_location(service_at_location_id: str, db: DbSession) -> Json:
    """A service at one location (or at none), with the service in full, by our id or UUID."""
    found = _or_404(
        oruk.find_service_at_location(db, service_at_location_id), "service at location"
    )
    return out.service_at_location_full(*found)


@router.get("/taxonomies")
def taxonomies(db: DbSession, page: Page = 1, per_page: PerPage = 50) -> Json:
    rows, total = oruk.list_taxonomies(db, page, per_page)
    return out.page([out.taxonomy(t) for t in rows], total, page, per_page)


@router.get("/taxonomies/{taxonomy_id}")
def taxonomy(taxonomy_id: str, db: DbSession) -> Json:
    """A taxonomy and its terms, by our id or its UUID."""
    found = _or_404(oruk.find_taxonomy(db, taxonomy_id), "taxonomy")
    return out.taxonomy_full(found, oruk.taxonomy_terms_of(db, found))


@router.get("/taxonomy_terms")
def taxonomy_terms(
    db: DbSession, taxonomy_id: TaxonomyId = None, page: Page = 1, per_page: PerPage = 50
) -> Json:
    term_ids = oruk.resolve_terms(db, taxonomy_id) if taxonomy_id else None
    rows, total = oruk.list_taxonomy_terms(db, term_ids, page, per_page)
    return out.page([out.taxonomy_term(t) for t in rows], total, page, per_page)


@router.get("/taxonomy_terms/{term_id}")
def taxonomy_term(term_id: str, db: DbSession) -> Json:
    """One taxonomy term, by our id or its UUID."""
    found = _or_404(oruk.find_taxonomy_term(db, term_id), "taxonomy term")
    return out.taxonomy_term(found)


def _or_404(found: T | None, what: str) -> T:
    """An unknown id is a 404 in JSON, worded the same for every kind."""
    if found is None:
        raise NotFound(f"There is no {what} with that id.")
    return found


def _filters(
    db: DbSession, text: str | None, taxonomy_id: str | None, term_id: str | None, day: str | None
) -> oruk.Filters:
    wanted = [oruk.resolve_terms(db, v) for v in (taxonomy_id, term_id) if v]
    term_ids = frozenset.intersection(*wanted) if wanted else None
    return oruk.Filters(text=text, term_ids=term_ids, day=day)
