"""Load the validated content into the directory tables, idempotently.

Every row has an id derived from the content, and `Session.merge` updates rows
that exist, adds new ones and drops children that were removed, so loading
twice changes nothing. Services that were loaded from a content file and are
no longer in it are deleted; services imported from elsewhere are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import models as m
from knowledge.entries import Content, LocationEntry, OrganizationEntry, ServiceEntry
from knowledge.search import NEEDS_TAXONOMY, refresh_search_index, term_id
from knowledge.taxonomy import load_taxonomy

ESD_TAXONOMY = "esd-service-types"
CONTENT_SOURCE = "content:"


@dataclass(frozen=True)
class LoadReport:
    organizations: int
    locations: int
    services: int
    removed: int


def load_content(db: Session, content: Content) -> LoadReport:
    _load_taxonomies(db, content)
    for organization in content.organizations():
        db.merge(_organization(organization))
    db.flush()
    for location in content.locations():
        db.merge(_location(location))
    db.flush()
    for file_name, service in content.services():
        db.merge(_service(service, CONTENT_SOURCE + file_name))
    _load_area(db, content)
    removed = _remove_withdrawn(db, {s.id for _, s in content.services()})
    db.flush()
    refresh_search_index(db)
    db.commit()
    return LoadReport(
        len(content.organizations()), len(content.locations()), len(content.services()), removed
    )


def _organization(entry: OrganizationEntry) -> m.Organization:
    phones = [m.Phone(id=f"{entry.id}-phone", organization_id=entry.id, number=entry.phone)]
    return m.Organization(
        id=entry.id,
        name=entry.name,
        description=entry.description,
        website=entry.url,
        email=None,
        phones=phones if entry.phone else [],
    )


def _location(entry: LocationEntry) -> m.Location:
    addresses = []
    if entry.address:
        addresses.append(
            m.Address(
                id=f"{entry.id}-address",
                location_id=entry.id,
                address_1=entry.address.line,
                city=entry.address.town,
                postal_code=entry.address.postcode,
            )
        )
    return m.Location(
        id=entry.id,
        organization_id=entry.organization,
        name=entry.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        source_url=entry.source_url,
        verified=entry.verified,
        addresses=addresses,
    )


def _service(entry: ServiceEntry, source: str) -> m.Service:
    sid = entry.id
    return m.Service(
        id=sid,
        organization_id=entry.organization,
        name=entry.name,
        summary=entry.summary,
        description=entry.description,
        url=entry.url,
        email=entry.email,
        status="active",
        scope=entry.scope,
        eligibility_description=entry.eligibility,
        what_to_bring=list(entry.what_to_bring),
        open_24_7=entry.open_24_7,
        source_url=entry.source_url,
        assured_date=entry.last_reviewed,
        review_due=entry.review_due,
        verified=entry.verified,
        source_file=source,
        phones=[
            m.Phone(
                id=f"{sid}-phone-{i}", service_id=sid, number=p.number, description=p.description
            )
            for i, p in enumerate(entry.phones)
        ],
        schedules=[
            m.Schedule(
                id=f"{sid}-schedule-{i}",
                service_id=sid,
                byday=",".join(h.days),
                opens_at=h.opens,
                closes_at=h.closes,
            )
            for i, h in enumerate(entry.schedule)
        ],
        cost_options=[m.CostOption(id=f"{sid}-cost", service_id=sid, option=entry.cost)]
        if entry.cost
        else [],
        service_areas=[m.ServiceArea(id=f"{sid}-area", service_id=sid, name=entry.service_area)],
        service_at_locations=[
            m.ServiceAtLocation(id=f"{sid}-at-{loc}", service_id=sid, location_id=loc)
            for loc in entry.locations
        ],
        attributes=[
            m.Attribute(
                id=f"{sid}-need-{n}", link_id=sid, taxonomy_term_id=term_id(NEEDS_TAXONOMY, n)
            )
            for n in entry.needs
        ]
        + [
            m.Attribute(
                id=f"{sid}-esd-{code}", link_id=sid, taxonomy_term_id=term_id(ESD_TAXONOMY, code)
            )
            for code in entry.esd_service_types
        ],
    )


def _load_taxonomies(db: Session, content: Content) -> None:
    db.merge(
        m.Taxonomy(
            id=NEEDS_TAXONOMY,
            name="Hartlepool resident needs",
            version="2030",
            description="Needs residents bring to the assistant, by Council Plan 2030 priority.",
            uri=None,
        )
    )
    for need in load_taxonomy().needs:
        db.merge(
            m.TaxonomyTerm(
                id=term_id(NEEDS_TAXONOMY, need.id),
                taxonomy_id=NEEDS_TAXONOMY,
                code=need.id,
                name=need.title,
                description=need.title,
            )
        )
    esd_codes = {c for _, s in content.services() for c in s.esd_service_types}
    if esd_codes:
        db.merge(
            m.Taxonomy(
                id=ESD_TAXONOMY,
                name="LGA/ESD service types",
                version=None,
                description="Local Government Association service types (ESD standards).",
                uri="https://standards.esd.org.uk/?uri=list%2FserviceTypes",
            )
        )
        for code in sorted(esd_codes):
            db.merge(
                m.TaxonomyTerm(
                    id=term_id(ESD_TAXONOMY, code),
                    taxonomy_id=ESD_TAXONOMY,
                    code=code,
                    name=f"Service type {code}",
                    description=f"ESD service type {code}",
                )
            )
    db.flush()


def _load_area(db: Session, content: Content) -> None:
    for district in content.area.districts:
        db.merge(
            m.PostcodeDistrict(
                code=district.code,
                hub_location_id=district.hub,
                places=list(district.places),
                note=district.note,
            )
        )
    for ward in content.area.wards:
        db.merge(m.Ward(name=ward.name, hub_location_id=ward.hub, districts=list(ward.districts)))


def _remove_withdrawn(db: Session, current_ids: set[str]) -> int:
    loaded = select(m.Service.id).where(m.Service.source_file.startswith(CONTENT_SOURCE))
    withdrawn = [sid for sid in db.scalars(loaded) if sid not in current_ids]
    for sid in withdrawn:
        db.delete(db.get(m.Service, sid))  # its attributes, phones and the rest go with it
    return len(withdrawn)
