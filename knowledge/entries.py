"""The shape of the reviewable YAML in knowledge/content/, checked entry by entry.

Errors name the file, the entry and the field, so the content team can fix
them without reading code.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.taxonomy import load_taxonomy

CONTENT_DIR = Path(__file__).parent / "content"
AREA_FILE = "area.yml"
HUBS_FILE = "hubs.yml"  # the community hubs: their locations are the hub ids

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
WebAddress = Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=500)]
# UK numbers as residents dial them: digits and spaces, 3 (999, 101) to 13 digits.
PhoneNumber = Annotated[str, Field(pattern=r"^\d[\d ]{1,14}\d$")]
# A full UK postcode as Royal Mail writes it (TS24 8AY), so a typo is caught at load.
Postcode = Annotated[str, Field(pattern=r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")]
Day = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MAX_SUMMARY_WORDS = 20


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhoneEntry(Entry):
    number: PhoneNumber
    description: str | None = None


class OpeningHours(Entry):
    days: list[Day] = Field(min_length=1)
    opens: time
    closes: time

    @field_validator("closes")
    @classmethod
    def _closes_at_another_time(cls, closes: time, info) -> time:
        # Closing before opening means open overnight (22:00 to 02:00).
        if closes == info.data.get("opens"):
            raise ValueError("must differ from opens (use open_24_7 for all day)")
        return closes


class AddressEntry(Entry):
    line: str
    town: str
    postcode: Postcode | None = None  # published as the ORUK address's postal_code


class OrganizationEntry(Entry):
    id: Slug
    name: str
    description: str
    url: WebAddress | None = None
    phone: PhoneNumber | None = None


class LocationEntry(Entry):
    id: Slug
    name: str
    organization: Slug | None = None
    address: AddressEntry | None = None
    latitude: float | None = None
    longitude: float | None = None
    source_url: WebAddress
    verified: bool


class ServiceEntry(Entry):
    id: Slug
    organization: Slug
    name: str
    summary: str
    description: str
    needs: list[str] = Field(min_length=1)
    esd_service_types: list[str] = []
    scope: Literal["local", "national"]
    url: WebAddress | None = None
    email: str | None = None
    phones: list[PhoneEntry] = []
    locations: list[Slug] = []
    schedule: list[OpeningHours] = []
    open_24_7: bool = False
    eligibility: str | None = None
    cost: str | None = None
    what_to_bring: list[str] = []
    service_area: str
    source_url: WebAddress
    last_reviewed: date
    verified: bool
    review_due: date

    @field_validator("summary")
    @classmethod
    def _summary_is_one_short_line(cls, summary: str) -> str:
        if len(summary.split()) > MAX_SUMMARY_WORDS:
            raise ValueError(f"must be {MAX_SUMMARY_WORDS} words or fewer")
        return summary.strip()

    @field_validator("needs")
    @classmethod
    def _needs_are_in_the_taxonomy(cls, needs: list[str]) -> list[str]:
        unknown = [n for n in needs if load_taxonomy().need(n) is None]
        if unknown:
            raise ValueError(f"unknown need id(s): {', '.join(unknown)}")
        return needs


class ContentFile(Entry):
    organizations: list[OrganizationEntry] = []
    locations: list[LocationEntry] = []
    services: list[ServiceEntry] = []


class DistrictEntry(Entry):
    code: Annotated[str, Field(pattern=r"^TS2[4-7]$")]
    places: list[str] = []
    hub: Slug
    place_hubs: dict[str, Slug] = {}  # a place served by another hub than the district
    note: str | None = None

    @field_validator("place_hubs")
    @classmethod
    def _known_places(cls, place_hubs: dict[str, str], info) -> dict[str, str]:
        unknown = set(place_hubs) - set(info.data.get("places") or ())
        if unknown:
            raise ValueError(f"not in places: {', '.join(sorted(unknown))}")
        return place_hubs


class WardEntry(Entry):
    name: str
    districts: list[str] = Field(min_length=1)
    hub: Slug


class AreaFile(Entry):
    districts: list[DistrictEntry]
    wards: list[WardEntry]
    source_url: WebAddress
    last_reviewed: date
    verified: bool


class ContentError(Exception):
    """One or more entries are wrong; the message lists each, by file and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Content(BaseModel):
    """Everything in knowledge/content/, validated, with cross-references checked."""

    files: dict[str, ContentFile]
    area: AreaFile

    def services(self) -> list[tuple[str, ServiceEntry]]:
        return [(name, s) for name, f in self.files.items() for s in f.services]

    def organizations(self) -> list[OrganizationEntry]:
        return [o for f in self.files.values() for o in f.organizations]

    def locations(self) -> list[LocationEntry]:
        return [loc for f in self.files.values() for loc in f.locations]


def read_content(directory: Path = CONTENT_DIR) -> Content:
    """Read and check every YAML file; raise ContentError listing every problem."""
    problems: list[str] = []
    files: dict[str, ContentFile] = {}
    area: AreaFile | None = None
    for path in sorted(directory.glob("*.yml")):
        schema = AreaFile if path.name == AREA_FILE else ContentFile
        parsed = _parse(path, schema, problems)
        if isinstance(parsed, AreaFile):
            area = parsed
        elif parsed is not None:
            files[path.name] = parsed
    if area is None and not any(p.startswith(AREA_FILE) for p in problems):
        problems.append(f"{AREA_FILE}: missing")
    if problems:
        raise ContentError(problems)
    content = Content(files=files, area=area)
    problems.extend(_cross_reference_problems(content))
    if problems:
        raise ContentError(problems)
    return content


def _parse(path: Path, schema: type[Entry], problems: list[str]) -> Entry | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems.extend(
            f"{path.name}: {_where(data, e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return None


def _where(data: object, loc: tuple) -> str:
    """services[3] (hbc-welfare).phones[0].number: the entry's id makes it findable."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, dict) and "id" in node:
                parts[-1] += f" ({node['id']})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def _cross_reference_problems(content: Content) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    for name, file in content.files.items():
        for kind, entries in (
            ("organization", file.organizations),
            ("location", file.locations),
            ("service", file.services),
        ):
            for entry in entries:
                key = f"{kind}:{entry.id}"
                if key in seen:
                    problems.append(f"{name}: {kind} id {entry.id!r} is also in {seen[key]}")
                seen[key] = name
    organizations = {o.id for o in content.organizations()}
    locations = {loc.id for loc in content.locations()}
    for name, service in content.services():
        if service.organization not in organizations:
            problems.append(
                f"{name}: services ({service.id}).organization: "
                f"no organisation {service.organization!r}"
            )
        for location in service.locations:
            if location not in locations:
                problems.append(
                    f"{name}: services ({service.id}).locations: no location {location!r}"
                )
    for area in (*content.area.districts, *content.area.wards):
        hubs = [area.hub, *getattr(area, "place_hubs", {}).values()]
        for hub in hubs:
            if hub not in locations:
                problems.append(
                    f"{AREA_FILE}: {getattr(area, 'code', None) or area.name}.hub: "
                    f"no location {hub!r}"
                )
    return problems
