"""The Open Referral UK API and import, checked against the UK profile's own schemas.

Every response is validated against the schema that the profile's openapi.json
names for that endpoint (its remote `$ref`s point at the local copies in
/work/shared/oruk), with format checking, so ids must be UUIDs and web
addresses URIs.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from api.main import create_app
from core.db import session_scope
from core.settings import PROJECT_ROOT, Settings
from knowledge import models as m
from knowledge.__main__ import main as knowledge_cli
from knowledge.entries import CONTENT_DIR, HUBS_FILE, Content, ContentError, read_content
from knowledge.importing import ImportProblem, import_file
from knowledge.loading import load_content
from knowledge.oruk import COVERS_HARTLEPOOL, oruk_id, unlocated_id

ORUK_DIR = PROJECT_ROOT.parent / "shared" / "oruk"
# The base openapi.json uses for its schemas; resolved to the local copies below.
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page"}
PAGE_KEYS |= {"empty", "contents"}
CONTENT = read_content()
OTHER_SITE = "https://directory.example.org"


# --- schemas -------------------------------------------------------------------


def _is_uri(value: object) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme not in {"http", "https"})


def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(datetime.fromisoformat(value))


@pytest.fixture(scope="module")
def registry() -> Registry:
    if not ORUK_DIR.is_dir():
        pytest.skip(
            f"the Open Referral UK schemas are not at {ORUK_DIR}, so nothing to check against"
        )
    resources = []
    for path in (ORUK_DIR / "schema").rglob("*.json"):
        uri = SCHEMA_BASE + path.relative_to(ORUK_DIR / "schema").as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((uri, Resource.from_contents(contents, DRAFT202012)))
    return Registry().with_resources(resources)


def validator(registry: Registry, ref: str) -> Draft202012Validator:
    # jsonschema checks uuid and email itself; uri and date-time need extra packages.
    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return Draft202012Validator(
        {"$ref": SCHEMA_BASE + ref}, registry=registry, format_checker=checker
    )


def endpoint_schema(path: str) -> str:
    """The response schema openapi.json gives for GET `path`, as a reference."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"openapi.json#/paths/{escaped}/get/responses/200/content/application~1json/schema"


def assert_valid(registry: Registry, ref: str, instance: Any) -> None:
    errors = sorted(validator(registry, ref).iter_errors(instance), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:10])


def undeclared(instance: Any, schema: dict, path: str = "$") -> list[str]:
    """Properties the schema does not list (it allows them, but the profile does not use them)."""
    if isinstance(instance, dict) and "properties" in schema:
        found = []
        for key, value in instance.items():
            if key in schema["properties"]:
                found += undeclared(value, schema["properties"][key], f"{path}.{key}")
            else:
                found.append(f"{path}.{key}")
        return found
    if isinstance(instance, list) and "items" in schema:
        return [p for v in instance for p in undeclared(v, schema["items"], f"{path}[]")]
    return []


def schema(name: str) -> dict:
    return json.loads((ORUK_DIR / "schema" / name).read_text(encoding="utf-8"))


def assert_page(registry: Registry, path: str, body: dict, items_schema: str) -> None:
    assert_valid(registry, endpoint_schema(path), body)
    assert set(body) == PAGE_KEYS  # the Page schema lists these but requires none
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        assert undeclared(item, schema(items_schema)) == []


# --- app -----------------------------------------------------------------------


def serve(settings: Settings, content: Content) -> Iterator[TestClient]:
    with session_scope(settings.database_url) as db:
        load_content(db, content)
    # As a browser on another website would call it.
    with TestClient(create_app(settings), headers={"Origin": OTHER_SITE}) as test_client:
        yield test_client


@pytest.fixture
def client(settings: Settings, content_url: str) -> Iterator[TestClient]:
    """The real content, loaded once per session and copied for each test."""
    loaded = settings.model_copy(update={"database_url": content_url})
    with TestClient(create_app(loaded), headers={"Origin": OTHER_SITE}) as test_client:
        yield test_client


def all_pages(client: TestClient, path: str, **params: Any) -> list[dict]:
    contents, page = [], 1
    while True:
        body = client.get(path, params={**params, "page": page, "per_page": 100}).json()
        contents += body["contents"]
        if body["last_page"]:
            return contents
        page += 1


def service_uuid(service_id: str) -> str:
    return oruk_id("service", service_id)


def content_service(service_id: str):
    return next(s for _, s in CONTENT.services() if s.id == service_id)


# --- conformance ---------------------------------------------------------------


def test_root_says_which_standard_it_serves(client: TestClient, registry: Registry) -> None:
    body = client.get("/oruk/").json()
    assert_valid(registry, endpoint_schema("/"), body)
    assert body["version"] == "3.0"


def test_services_list_conforms(client: TestClient, registry: Registry) -> None:
    body = client.get("/oruk/services", params={"per_page": 100}).json()
    assert_page(registry, "/services", body, "compiled/service_list.json")
    assert body["total_items"] == len(CONTENT.services())


def test_every_service_in_full_conforms(client: TestClient, registry: Registry) -> None:
    phone = "compiled/service_with_definitions.json#/definitions/phone"
    for _, entry in CONTENT.services():
        body = client.get(f"/oruk/services/{entry.id}").json()
        assert_valid(registry, "compiled/service.json", body)
        # Phones are HSDS 3.0's own field; the UK profile's compiled service leaves them out.
        assert undeclared(body, schema("compiled/service.json")) == (
            ["$.phones"] if "phones" in body else []
        )
        for number in body.get("phones", []):
            assert_valid(registry, phone, number)
        assert body["id"] == service_uuid(entry.id)
        assert date.fromisoformat(body["assured_date"]) == entry.last_reviewed


def test_full_service_carries_what_we_hold(client: TestClient) -> None:
    body = client.get("/oruk/services/hbc-community-hubs").json()
    assert body["organization"]["website"] == "https://www.hartlepool.gov.uk"
    assert body["phones"][0]["number"] == "01429 266522"
    hubs = {loc.id: loc.name for loc in CONTENT.locations()}
    assert (
        {sal["location"]["name"] for sal in body["service_at_locations"]}
        == {hubs[loc] for loc in content_service("hbc-community-hubs").locations}
        >= {"Community Hub Central", "Community Hub North", "Community Hub South"}
    )
    need = body["attributes"][0]["taxonomy_term"]
    assert (need["term"], need["taxonomy"]) == ("community_hubs", "Hartlepool resident needs")
    family = client.get("/oruk/services/hbc-family-hubs").json()
    assert {(s["byday"], s["opens_at"], s["closes_at"]) for s in family["schedules"]} == {
        ("MO,TU,WE,TH", "08:30:00", "17:00:00"),
        ("FR", "08:30:00", "16:30:00"),
    }


def test_eligibility_is_published_in_the_description(client: TestClient) -> None:
    entry = next(s for _, s in CONTENT.services() if s.eligibility)
    body = client.get(f"/oruk/services/{entry.id}").json()
    assert entry.eligibility in body["description"]
    assert "eligibility_description" not in body


def test_services_answer_to_their_uuid_too(client: TestClient) -> None:
    by_slug = client.get("/oruk/services/hbc-community-hubs").json()
    by_uuid = client.get(f"/oruk/services/{by_slug['id']}").json()
    assert by_uuid == by_slug


def test_service_at_locations_conform(client: TestClient, registry: Registry) -> None:
    body = client.get("/oruk/service_at_locations", params={"per_page": 100}).json()
    assert_page(registry, "/service_at_locations", body, "compiled/service_at_location_list.json")
    # Every service appears: at each of its locations, or once with no location.
    expected = sum(len(s.locations) or 1 for _, s in CONTENT.services())
    assert body["total_items"] == expected


def test_taxonomies_conform(client: TestClient, registry: Registry) -> None:
    body = client.get("/oruk/taxonomies").json()
    assert_page(registry, "/taxonomies", body, "taxonomy.json")
    assert "Hartlepool resident needs" in {t["name"] for t in body["contents"]}


def test_taxonomy_terms_conform_and_filter(client: TestClient, registry: Registry) -> None:
    terms = all_pages(client, "/oruk/taxonomy_terms")
    for term in terms:
        assert_valid(registry, "taxonomy_term.json", term)
    assert_valid(
        registry, endpoint_schema("/taxonomy_terms"), client.get("/oruk/taxonomy_terms").json()
    )
    needs = client.get("/oruk/taxonomy_terms", params={"taxonomy_id": "hartlepool-needs"}).json()
    taxonomy = needs["contents"][0]["taxonomy_id"]
    by_uuid = client.get("/oruk/taxonomy_terms", params={"taxonomy_id": taxonomy}).json()
    assert needs["total_items"] == by_uuid["total_items"] == 31


def test_every_service_at_location_in_full_conforms(client: TestClient, registry: Registry) -> None:
    for item in all_pages(client, "/oruk/service_at_locations"):
        body = client.get(f"/oruk/service_at_locations/{item['id']}").json()
        # openapi.json names compiled/service.json here, but describes and exemplifies this shape.
        assert_valid(registry, "compiled/service_at_location.json", body)
        phones = ["$.service.phones"] if "phones" in body["service"] else []
        assert undeclared(body, schema("compiled/service_at_location.json")) == phones
        assert (body["id"], body["service"]["id"]) == (item["id"], item["service"]["id"])
        assert body.get("location_id") == item.get("location_id")
        full = client.get(f"/oruk/services/{item['service']['id']}").json()
        assert body["service"] == {k: v for k, v in full.items() if k != "service_at_locations"}


def test_the_profiles_service_at_location_example_has_the_shape_we_serve(
    registry: Registry,
) -> None:
    example = json.loads((ORUK_DIR / "examples" / "service_at_location_full.json").read_text())
    assert_valid(registry, "compiled/service_at_location.json", example)
    named = validator(registry, endpoint_schema("/service_at_locations/{id}"))
    # If a newer openapi.json fixes this, check the endpoint against endpoint_schema instead.
    assert not named.is_valid(example), "openapi.json now names the example's schema"


def test_service_at_locations_answer_to_our_ids_too(client: TestClient) -> None:
    located = "hbc-community-hubs-at-central-community-hub"
    by_slug = client.get(f"/oruk/service_at_locations/{located}").json()
    assert by_slug["location"]["name"] == "Community Hub Central"
    assert client.get(f"/oruk/service_at_locations/{by_slug['id']}").json() == by_slug
    # A service offered nowhere in particular has one entry, with no location.
    anywhere = client.get(f"/oruk/service_at_locations/{unlocated_id('samaritans-helpline')}")
    body = anywhere.json()
    assert body["id"] == oruk_id("service_at_location", unlocated_id("samaritans-helpline"))
    assert body["service"]["id"] == service_uuid("samaritans-helpline")
    assert "location" not in body and "location_id" not in body
    assert client.get(f"/oruk/service_at_locations/{body['id']}").json() == body


def test_every_taxonomy_in_full_conforms(client: TestClient, registry: Registry) -> None:
    listed = client.get("/oruk/taxonomies").json()["contents"]
    for item in listed:
        body = client.get(f"/oruk/taxonomies/{item['id']}").json()
        assert_valid(registry, endpoint_schema("/taxonomies/{id}"), body)
        assert undeclared(body, schema("taxonomy.json")) == []
        terms = all_pages(client, "/oruk/taxonomy_terms", taxonomy_id=item["id"])
        assert body == item | {"taxonomy_terms": sorted(terms, key=lambda t: t["term"])}
    needs = client.get("/oruk/taxonomies/hartlepool-needs").json()
    assert needs["name"] == "Hartlepool resident needs"
    assert len(needs["taxonomy_terms"]) == 31
    assert needs["id"] == oruk_id("taxonomy", "hartlepool-needs")


def test_every_taxonomy_term_conforms(client: TestClient, registry: Registry) -> None:
    for item in all_pages(client, "/oruk/taxonomy_terms"):
        body = client.get(f"/oruk/taxonomy_terms/{item['id']}").json()
        assert_valid(registry, endpoint_schema("/taxonomy_terms/{id}"), body)
        assert undeclared(body, schema("taxonomy_term.json")) == []
        assert body == item
    by_slug = client.get("/oruk/taxonomy_terms/hartlepool-needs-benefits_advice").json()
    assert (by_slug["term"], by_slug["taxonomy"]) == (
        "benefits_advice",
        "Hartlepool resident needs",
    )
    assert by_slug["id"] == oruk_id("taxonomy_term", "hartlepool-needs-benefits_advice")


# --- filters -------------------------------------------------------------------


def test_taxonomy_filter_by_need_code_term_or_uuid(client: TestClient) -> None:
    expected = {service_uuid(s.id) for _, s in CONTENT.services() if "benefits_advice" in s.needs}
    by_code = all_pages(client, "/oruk/services", taxonomy_id="benefits_advice")
    assert {s["id"] for s in by_code} == expected
    term = oruk_id("taxonomy_term", "hartlepool-needs-benefits_advice")
    by_uuid = all_pages(client, "/oruk/services", taxonomy_id=term)
    assert by_uuid == by_code
    located = all_pages(client, "/oruk/service_at_locations", taxonomy_id="benefits_advice")
    assert {item["service"]["id"] for item in located} == expected
    assert all_pages(client, "/oruk/services", taxonomy_id="no-such-need") == []


@pytest.mark.parametrize("postcode", ["TS25 5AA", "ts255aa", "TS25"])
def test_postcode_gives_the_districts_hub_and_services_covering_it(client, postcode) -> None:
    items = all_pages(client, "/oruk/service_at_locations", postcode=postcode)
    located = {item["location"]["name"] for item in items if "location" in item}
    assert located == {"Community Hub South"}
    unlocated = {item["service"]["id"] for item in items if "location" not in item}
    expected = {
        service_uuid(s.id)
        for _, s in CONTENT.services()
        if not s.locations and s.service_area in COVERS_HARTLEPOOL
    }
    assert unlocated == expected
    at_south = {
        service_uuid(s.id) for _, s in CONTENT.services() if "south-community-hub" in s.locations
    }
    assert {item["service"]["id"] for item in items if "location" in item} == at_south


def test_postcode_outside_hartlepool_gives_only_uk_wide_services(client: TestClient) -> None:
    items = all_pages(client, "/oruk/service_at_locations", postcode="SW1A 1AA")
    expected = {
        service_uuid(s.id)
        for _, s in CONTENT.services()
        if not s.locations and s.service_area == "United Kingdom"
    }
    assert {item["service"]["id"] for item in items} == expected
    assert all("location" not in item for item in items)


def test_day_filter_keeps_services_open_that_day(client: TestClient) -> None:
    monday = all_pages(client, "/oruk/service_at_locations", day="monday")
    assert monday == all_pages(client, "/oruk/service_at_locations", day="MO")
    for item in monday:
        full = client.get(f"/oruk/services/{item['service']['id']}").json()
        assert any("MO" in s["byday"].split(",") for s in full["schedules"])
    sunday = {s["id"] for s in all_pages(client, "/oruk/services", day="su")}
    assert service_uuid("age-uk-advice-line") in sunday  # open every day
    assert service_uuid("hbc-family-hubs") not in sunday  # weekdays only
    assert service_uuid("samaritans-helpline") in sunday  # open 24/7


def test_text_search(client: TestClient) -> None:
    found = all_pages(client, "/oruk/services", search="food bank")
    assert found
    assert all("food" in (s["name"] + s["description"]).lower() for s in found)
    assert all_pages(client, "/oruk/services", text="food bank") == found


# --- paging, errors and headers ------------------------------------------------


def test_pagination(client: TestClient) -> None:
    total = len(CONTENT.services())
    first = client.get("/oruk/services", params={"per_page": 10}).json()
    assert (first["total_items"], first["total_pages"]) == (total, math.ceil(total / 10))
    assert (first["first_page"], first["last_page"], first["size"]) == (True, False, 10)
    ids = []
    for page in range(1, first["total_pages"] + 1):
        body = client.get("/oruk/services", params={"per_page": 10, "page": page}).json()
        assert body["page_number"] == page
        ids += [s["id"] for s in body["contents"]]
    assert body["last_page"] and not body["first_page"]
    assert len(ids) == len(set(ids)) == total
    beyond = client.get("/oruk/services", params={"per_page": 10, "page": 99}).json()
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/oruk/services", {"page": 0}, "page"),
        ("/oruk/services", {"per_page": 101}, "per_page"),
        ("/oruk/services", {"page": "two"}, "page"),
        ("/oruk/services", {"day": "funday"}, "day"),
        ("/oruk/service_at_locations", {"day": "MON"}, "day"),
        ("/oruk/service_at_locations", {"postcode": "not a postcode"}, "postcode"),
        ("/oruk/taxonomy_terms", {"per_page": 0}, "per_page"),
    ],
)
def test_bad_parameters_get_a_422_naming_them(client, path, params, field) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith(field)
    assert f"'query.{field}'" in response.json()["detail"]
    assert response.headers["access-control-allow-origin"] == "*"


DETAIL_PATHS = {
    "/oruk/services": "service",
    "/oruk/service_at_locations": "service at location",
    "/oruk/taxonomies": "taxonomy",
    "/oruk/taxonomy_terms": "taxonomy term",
}


def test_an_unknown_id_is_a_404_in_json(client: TestClient) -> None:
    unknown_ids = [
        "no-such-thing",
        "3f7b145d-84af-42d7-8fae-eaca714b02b2",
        oruk_id("location", "central-community-hub"),  # a real id, of another kind
        unlocated_id("hbc-community-hubs"),  # offered at locations, so no entry without one
    ]
    for path, what in DETAIL_PATHS.items():
        for unknown in unknown_ids:
            response = client.get(f"{path}/{unknown}")
            assert response.status_code == 404, (path, unknown)
            assert response.headers["content-type"] == "application/json"
            assert response.json() == {"detail": f"There is no {what} with that id."}
            assert response.headers["access-control-allow-origin"] == "*"


def test_open_to_every_website_but_only_this_api(client: TestClient) -> None:
    for path in ("/oruk/", "/oruk/services", "/oruk/service_at_locations", "/oruk/taxonomies"):
        assert client.get(path).headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in client.get("/healthz").headers


# --- addresses -----------------------------------------------------------------


def published_addresses(client: TestClient) -> dict[str, list[dict]]:
    """Each location's published addresses, by its UUID, as its services carry them."""
    found = {}
    for _, service in CONTENT.services():
        body = client.get(f"/oruk/services/{service.id}").json()
        for sal in body["service_at_locations"]:
            found[sal["location_id"]] = sal["location"]["addresses"]
    return found


def test_addresses_carry_what_the_content_gives_and_nothing_made_up(client: TestClient) -> None:
    published = published_addresses(client)
    offered_at = {loc for _, s in CONTENT.services() for loc in s.locations}
    assert len(published) == len(offered_at)
    for location in CONTENT.locations():
        if location.id not in offered_at:
            continue
        lid = oruk_id("location", location.id)
        given = location.address
        if given is None:
            assert published[lid] == []
            continue
        [address] = published[lid]
        assert (address["address_1"], address["city"], address["country"]) == (
            given.line,
            given.town,
            "GB",
        )
        # Required by the profile; empty where the content holds no postcode or county.
        assert address["postal_code"] == (given.postcode or "")
        assert address["state_province"] == ""
        assert address["location_id"] == lid
    civic = published[oruk_id("location", "hartlepool-civic-centre")][0]
    assert (civic["address_1"], civic["postal_code"]) == ("Civic Centre, Victoria Road", "TS24 8AY")


# A made-up address for a hub, only to show that a postcode in the content is published.
FIXTURE_ADDRESS = {"line": "1 Example Street", "town": "Hartlepool", "postcode": "TS24 9ZZ"}


def content_with_hub_address(directory: Path, address: dict) -> Path:
    """A copy of the real content in which Community Hub Central has `address`."""
    shutil.copytree(CONTENT_DIR, directory)
    hubs = yaml.safe_load((directory / HUBS_FILE).read_text(encoding="utf-8"))
    hub = next(loc for loc in hubs["locations"] if loc["id"] == "central-community-hub")
    hub["address"] = address
    (directory / HUBS_FILE).write_text(yaml.safe_dump(hubs), encoding="utf-8")
    return directory


@pytest.fixture
def postcoded_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    content = read_content(content_with_hub_address(tmp_path / "content", FIXTURE_ADDRESS))
    yield from serve(settings, content)


def test_a_postcode_in_the_content_is_published(
    postcoded_client: TestClient, registry: Registry
) -> None:
    sal = "hbc-community-hubs-at-central-community-hub"
    body = postcoded_client.get(f"/oruk/service_at_locations/{sal}").json()
    assert_valid(registry, "compiled/service_at_location.json", body)
    [address] = body["location"]["addresses"]
    assert (address["address_1"], address["city"], address["postal_code"]) == (
        "1 Example Street",
        "Hartlepool",
        "TS24 9ZZ",
    )
    assert address["country"] == "GB"
    full = postcoded_client.get("/oruk/services/hbc-community-hubs").json()
    central = next(s for s in full["service_at_locations"] if s["id"] == body["id"])
    assert central["location"]["addresses"] == [address]


@pytest.mark.parametrize("postcode", ["ts24 9zz", "TS249ZZ", "TS24", "Hartlepool"])
def test_a_postcode_not_written_as_royal_mail_writes_it_is_refused(tmp_path, postcode) -> None:
    directory = content_with_hub_address(
        tmp_path / "content", FIXTURE_ADDRESS | {"postcode": postcode}
    )
    with pytest.raises(ContentError) as raised:
        read_content(directory)
    assert "(central-community-hub).address.postcode: String should match pattern" in str(
        raised.value
    )


# --- import --------------------------------------------------------------------

EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"


def count(url: str, table: type) -> int:
    with session_scope(url) as db:
        return db.scalar(select(func.count()).select_from(table)) or 0
    raise AssertionError


@pytest.fixture
def examples() -> Path:
    if not ORUK_DIR.is_dir():
        pytest.skip(f"the Open Referral UK examples are not at {ORUK_DIR}")
    return ORUK_DIR / "examples"


def test_importing_the_same_file_twice_gives_one_service(sqlite_url: str, examples: Path) -> None:
    reports = []
    for _ in range(2):
        with session_scope(sqlite_url) as db:
            reports.append(import_file(db, examples / "service_full.json", today=date(2026, 1, 1)))
    assert [(r.added, r.updated) for r in reports] == [(1, 0), (0, 1)]
    assert count(sqlite_url, m.Service) == 1
    assert count(sqlite_url, m.Schedule) == count(sqlite_url, m.ServiceAtLocation) == 1
    assert count(sqlite_url, m.Contact) == 1
    with session_scope(sqlite_url) as db:
        service = db.get(m.Service, EXAMPLE_ID)
        assert service.source_file == "import:service_full.json"
        assert (service.scope, service.verified) == ("local", False)
        assert (service.assured_date, service.review_due) == (date(2005, 1, 1), date(2005, 7, 1))
        assert service.source_url == "http://example.com/counselling"
        assert service.organization.website == "http://example.com"
        assert [a.taxonomy_term.name for a in service.attributes] == ["name"]


def test_imported_service_is_published_as_it_came(
    client: TestClient, content_url: str, examples: Path, registry: Registry
) -> None:
    with session_scope(content_url) as db:
        import_file(db, examples / "service_list.json")
    body = client.get(f"/oruk/services/{EXAMPLE_ID}").json()
    assert_valid(registry, "compiled/service.json", body)
    assert (body["id"], body["name"]) == (EXAMPLE_ID, "Community Counselling")
    listed = client.get("/oruk/services", params={"per_page": 100}).json()
    assert listed["total_items"] == len(CONTENT.services()) + 1


def test_imported_contacts_are_published(
    client: TestClient, content_url: str, examples: Path, registry: Registry
) -> None:
    with session_scope(content_url) as db:
        import_file(db, examples / "service_full.json")
    body = client.get(f"/oruk/services/{EXAMPLE_ID}").json()
    assert_valid(registry, "compiled/service.json", body)
    assert [(c["name"], c["title"]) for c in body["contacts"]] == [
        ("Ann Persona", "Reception Manager")
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "is not valid JSON (line 1, column 2"),
        ('"a string"', "expected an Open Referral UK service"),
        ("[1, 2]", "expected an Open Referral UK service"),
        ('{"contents": []}', "has no services to import"),
        ('{"id": "x", "status": "active"}', "service.name: Field required"),
        ('{"id": "x", "name": "X", "status": "shut"}', "service.status: Input should be"),
        ('{"id": "x", "name": "X"}', "service: has no organization"),
    ],
)
def test_a_bad_import_file_says_what_is_wrong(sqlite_url, tmp_path, text, problem) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with session_scope(sqlite_url) as db, pytest.raises(ImportProblem) as raised:
        import_file(db, path)
    assert str(raised.value).startswith("bad.json: ")
    assert problem in str(raised.value)
    assert count(sqlite_url, m.Service) == 0


def test_import_command(monkeypatch, settings: Settings, tmp_path, examples, capsys) -> None:
    monkeypatch.setattr("knowledge.__main__.get_settings", lambda: settings)
    assert knowledge_cli(["import", str(examples / "service_full.json")]) == 0
    assert capsys.readouterr().out.startswith("Imported 1 service(s) from service_full.json")
    missing = tmp_path / "missing.json"
    assert knowledge_cli(["import", str(missing)]) == 1
    error = capsys.readouterr().err
    assert "missing.json: cannot be read" in error
    assert "Traceback" not in error
