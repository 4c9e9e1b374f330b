"""The Open Referral UK input the importer accepts, checked field by field.

Only the fields we have tables for are read; the rest are ignored.
knowledge.importing maps these models onto our rows.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(min_length=1, max_length=120)]
Text = Annotated[str, Field(min_length=1)]


class _In(BaseModel):
    # Other ORUK fields (funding, languages, contacts, ...) have no table here yet.
    model_config = ConfigDict(extra="ignore")


class TaxonomyTermIn(_In):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: str | None = None
    taxonomy: str | None = None
    taxonomy_id: Id | None = None
    term: Annotated[str, Field(max_length=120)] | None = None
    parent_id: Id | None = None


class AttributeIn(_In):
    id: Id | None = None
    taxonomy_term_id: Id | None = None
    taxonomy_term: TaxonomyTermIn | None = None


class AddressIn(_In):
    id: Id | None = None
    address_1: Annotated[str, Field(min_length=1, max_length=255)]
    city: Annotated[str, Field(min_length=1, max_length=100)]
    postal_code: Annotated[str, Field(max_length=10)] | None = None
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] = "GB"
    address_type: Literal["physical", "postal", "virtual"] = "physical"


class LocationIn(_In):
    id: Id
    name: Annotated[str, Field(max_length=255)] | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[AddressIn] = []


class ServiceAtLocationIn(_In):
    id: Id | None = None
    location: LocationIn


class ScheduleIn(_In):
    id: Id | None = None
    freq: str | None = None
    byday: Annotated[str, Field(max_length=30)] | None = None
    opens_at: time | None = None
    closes_at: time | None = None
    description: Annotated[str, Field(max_length=255)] | None = None


class PhoneIn(_In):
    id: Id | None = None
    number: Annotated[str, Field(min_length=1, max_length=40)]
    description: Annotated[str, Field(max_length=255)] | None = None


class ContactIn(_In):
    id: Id | None = None
    name: Annotated[str, Field(max_length=255)] | None = None
    title: Annotated[str, Field(max_length=255)] | None = None


class CostOptionIn(_In):
    id: Id | None = None
    option: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class ServiceAreaIn(_In):
    id: Id | None = None
    name: str | None = None
    service_area: str | None = None


class OrganizationIn(_In):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: Text
    email: Annotated[str, Field(max_length=255)] | None = None
    website: Annotated[str, Field(max_length=500)] | None = None


class ServiceIn(_In):
    id: Id
    name: Annotated[str, Field(min_length=1, max_length=255)]
    description: str | None = None
    url: Annotated[str, Field(max_length=500)] | None = None
    email: Annotated[str, Field(max_length=255)] | None = None
    status: Literal["active", "inactive", "defunct", "temporarily closed"] = "active"
    assured_date: date | None = None
    organization_id: Id | None = None
    organization: OrganizationIn | None = None
    phones: list[PhoneIn] = []
    contacts: list[ContactIn] = []
    schedules: list[ScheduleIn] = []
    service_areas: list[ServiceAreaIn] = []
    service_at_locations: list[ServiceAtLocationIn] = []
    cost_options: list[CostOptionIn] = []
    attributes: list[AttributeIn] = []
