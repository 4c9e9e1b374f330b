"""The directory of services, shaped on Open Referral UK (HSDS 3.0, UK profile).

Table and column names follow the standard, so the ORUK API can publish them
as they are. The council's own additions are the governance fields on
`Service` (source_url, verified, review_due: `assured_date` is the date it was
last reviewed) and the area tables that say which hub serves where.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base

Id = String(120)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(255))
    phones: Mapped[list[Phone]] = relationship(
        primaryjoin="Organization.id == foreign(Phone.organization_id)",
        cascade="all, delete-orphan",
    )


class Service(Base):
    __tablename__ = "services"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="active")
    scope: Mapped[str] = mapped_column(String(20))  # local or national
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    what_to_bring: Mapped[list[str]] = mapped_column(JSON, default=list)
    open_24_7: Mapped[bool] = mapped_column(default=False)
    # Governance: where the facts come from, when they were checked, by when again.
    source_url: Mapped[str] = mapped_column(String(500))
    assured_date: Mapped[date] = mapped_column(Date)
    review_due: Mapped[date] = mapped_column(Date, index=True)
    verified: Mapped[bool] = mapped_column(index=True)
    source_file: Mapped[str] = mapped_column(String(120))

    organization: Mapped[Organization] = relationship()
    phones: Mapped[list[Phone]] = relationship(
        primaryjoin="Service.id == foreign(Phone.service_id)", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan")
    contacts: Mapped[list[Contact]] = relationship(cascade="all, delete-orphan")
    cost_options: Mapped[list[CostOption]] = relationship(cascade="all, delete-orphan")
    service_areas: Mapped[list[ServiceArea]] = relationship(cascade="all, delete-orphan")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        cascade="all, delete-orphan"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin="Service.id == foreign(Attribute.link_id)", cascade="all, delete-orphan"
    )


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(255))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    source_url: Mapped[str] = mapped_column(String(500))
    verified: Mapped[bool]
    addresses: Mapped[list[Address]] = relationship(cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "addresses"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"), index=True)
    address_1: Mapped[str] = mapped_column(String(255))
    city: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="GB")
    address_type: Mapped[str] = mapped_column(String(20), default="physical")


class ServiceAtLocation(Base):
    __tablename__ = "service_at_locations"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"), index=True)
    location: Mapped[Location] = relationship()


class Phone(Base):
    """A number for a service or an organisation (ORUK links phones to either)."""

    __tablename__ = "phones"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("services.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"))
    number: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(String(255))


class Contact(Base):
    """A named contact for a service (ORUK `contact`), such as a team or a role."""

    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))


class Schedule(Base):
    """Regular weekly opening hours, as an iCal-style rule (ORUK `schedule`)."""

    __tablename__ = "schedules"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    freq: Mapped[str] = mapped_column(String(10), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(30))  # e.g. "MO,TU,WE"
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    description: Mapped[str | None] = mapped_column(String(255))


class CostOption(Base):
    __tablename__ = "cost_options"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    option: Mapped[str] = mapped_column(Text)


class ServiceArea(Base):
    __tablename__ = "service_areas"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class Taxonomy(Base):
    __tablename__ = "taxonomies"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(20))


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_terms"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomies.id"), index=True)
    code: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_terms.id"))
    taxonomy: Mapped[Taxonomy] = relationship()


class Attribute(Base):
    """Links a service to a taxonomy term: our need ids, and LGA/ESD service types."""

    __tablename__ = "attributes"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    link_id: Mapped[str] = mapped_column(String(120), index=True)
    link_type: Mapped[str] = mapped_column(String(40), default="service")
    link_entity: Mapped[str] = mapped_column(String(40), default="service")
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_terms.id"), index=True)
    taxonomy_term: Mapped[TaxonomyTerm] = relationship()


class PostcodeDistrict(Base):
    """A Hartlepool postcode district (TS24 to TS27) and the hub that serves it."""

    __tablename__ = "postcode_districts"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    hub_location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"))
    places: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)


class Ward(Base):
    __tablename__ = "wards"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    hub_location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"))
    districts: Mapped[list[str]] = mapped_column(JSON, default=list)
