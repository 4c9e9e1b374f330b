"""Our directory rows as Open Referral UK (HSDS 3.0, UK profile) JSON.

The shapes follow the profile's compiled schemas (schema/compiled/*.json) for
each endpoint. Values we do not hold are left out, never sent as null, because
the schemas type every field as a plain string or number; the ids are the
UUIDs knowledge.oruk publishes.
"""

from __future__ import annotations

import math
from typing import Any

from knowledge import models as m
from knowledge.opening import DAY_CODES
from knowledge.oruk import oruk_id, unlocated_id

ORUK_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

Json = dict[str, Any]


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
    return _placement(sal, service, full=False) | {"service": service_item(service)}


def service_at_location_full(sal: m.ServiceAtLocation | None, service: m.Service) -> Json:
    """One placement, its location's addresses and the service in full.

    For GET /service_at_locations/{id}. The profile's openapi.json names
    compiled/service.json for it, but describes, and gives as its example, a
    nested service at location: compiled/service_at_location.json, served here.
    """
    nested = service_full(service)
    # That schema's service lists no placements of its own: this entry is the placement.
    del nested["service_at_locations"]
    return _placement(sal, service, full=True) | {"service": nested}


def _placement(sal: m.ServiceAtLocation | None, service: m.Service, full: bool) -> Json:
    sid = oruk_id("service", service.id)
    if sal is None:
        return {"id": oruk_id("service_at_location", unlocated_id(service.id)), "service_id": sid}
    return _service_at_location(sal, sid, full)


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


def taxonomy_full(row: m.Taxonomy, terms: list[m.TaxonomyTerm]) -> Json:
    """A taxonomy with its terms (GET /taxonomies/{id})."""
    return taxonomy(row) | {"taxonomy_terms": [taxonomy_term(t) for t in terms]}


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
