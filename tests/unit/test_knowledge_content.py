"""The knowledge base content: validated, loaded idempotently, and reviewable."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from core.db import session_scope
from knowledge import models as m
from knowledge.entries import CONTENT_DIR, ContentError, read_content
from knowledge.loading import load_content
from knowledge.review import format_report, review_items
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the real content to change."""
    return Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def counts(url: str) -> dict[str, int]:
    tables = (m.Service, m.Phone, m.Schedule, m.Attribute, m.ServiceAtLocation, m.Ward)
    with session_scope(url) as db:
        return {t.__tablename__: db.scalar(select(func.count()).select_from(t)) for t in tables}
    raise AssertionError


def test_every_need_has_at_least_two_services_and_a_local_route() -> None:
    services = [s for _, s in read_content().services()]
    for need in load_taxonomy().needs:
        offering = [s for s in services if need.id in s.needs]
        assert len(offering) >= 2, need.id
        if need.id != CRISIS_NEED:  # emergencies are national: 999, Samaritans, NHS 111
            assert any(s.scope == "local" for s in offering), need.id


def test_every_service_says_where_its_facts_come_from() -> None:
    for _, service in read_content().services():
        assert service.source_url.startswith("http")
        assert service.review_due > service.last_reviewed


def test_unverified_entries_still_give_a_way_to_reach_help() -> None:
    # Where a local detail is unconfirmed, the entry points to a published page or a phone line.
    for _, service in read_content().services():
        if not service.verified:
            assert service.url or service.phones, service.id


def test_loading_twice_changes_nothing(sqlite_url: str) -> None:
    content = read_content()
    with session_scope(sqlite_url) as db:
        load_content(db, content)
    first = counts(sqlite_url)
    with session_scope(sqlite_url) as db:
        report = load_content(db, content)
    assert counts(sqlite_url) == first
    assert report.services == first["services"] == len(content.services())


def test_reloading_updates_entries_and_removes_withdrawn_ones(sqlite_url, content_dir) -> None:
    with session_scope(sqlite_url) as db:
        load_content(db, read_content(content_dir))

    def change(data: dict) -> None:
        data["services"][0]["name"] = "Renamed service"
        data["services"][0]["phones"] = []
        del data["services"][1]

    money = content_dir / "money.yml"
    first, second = yaml.safe_load(money.read_text())["services"][:2]
    edit(money, change)
    with session_scope(sqlite_url) as db:
        report = load_content(db, read_content(content_dir))
        assert report.removed == 1
        assert db.get(m.Service, first["id"]).name == "Renamed service"
        assert db.get(m.Service, first["id"]).phones == []
        assert db.get(m.Service, second["id"]) is None
        orphans = select(m.Attribute).where(m.Attribute.link_id == second["id"])
        assert db.scalars(orphans).first() is None


def test_broken_yaml_names_the_file(content_dir: Path) -> None:
    (content_dir / "health.yml").write_text("services: [unclosed\n")
    with pytest.raises(ContentError) as error:
        read_content(content_dir)
    assert error.value.problems[0].startswith("health.yml: not valid YAML")


def test_a_bad_field_names_the_file_the_entry_and_the_field(content_dir: Path) -> None:
    def break_it(data: dict) -> None:
        data["services"][2]["phones"] = [{"number": "call us"}]
        data["services"][3]["needs"] = ["free_money"]
        del data["services"][4]["source_url"]

    edit(content_dir / "money.yml", break_it)
    services = yaml.safe_load((content_dir / "money.yml").read_text())["services"]
    with pytest.raises(ContentError) as error:
        read_content(content_dir)
    problems = "\n".join(error.value.problems)
    assert f"money.yml: services[2] ({services[2]['id']}).phones[0].number" in problems
    assert f"money.yml: services[3] ({services[3]['id']}).needs: " in problems
    assert "unknown need id(s): free_money" in problems
    assert f"money.yml: services[4] ({services[4]['id']}).source_url: Field required" in problems


def test_references_to_missing_organisations_and_duplicate_ids_are_caught(content_dir) -> None:
    def break_it(data: dict) -> None:
        data["services"][0]["organization"] = "no-such-org"
        data["services"].append(dict(data["services"][1]))

    edit(content_dir / "work.yml", break_it)
    with pytest.raises(ContentError) as error:
        read_content(content_dir)
    problems = "\n".join(error.value.problems)
    assert "no organisation 'no-such-org'" in problems
    assert "is also in work.yml" in problems


def test_opening_hours_must_close_at_another_time(content_dir: Path) -> None:
    def break_it(data: dict) -> None:
        data["services"][0]["schedule"] = [{"days": ["MO"], "opens": "09:00", "closes": "09:00"}]

    edit(content_dir / "housing.yml", break_it)
    with pytest.raises(ContentError, match=r"schedule\[0\]\.closes: Value error, must differ"):
        read_content(content_dir)


def test_review_lists_unverified_and_overdue_entries(sqlite_url: str) -> None:
    content = read_content()
    with session_scope(sqlite_url) as db:
        load_content(db, content)
        today = review_items(db, content, date(2026, 11, 23))
        later = review_items(db, content, date(2030, 1, 1))
    unverified = {i.id for i in today if i.kind == "service"}
    assert unverified == {s.id for _, s in content.services() if not s.verified}
    assert {i.id for i in later if i.kind == "service"} == {s.id for _, s in content.services()}
    assert all("review overdue since" in i.reason for i in later if i.kind == "service")
    assert "entries to check" in format_report(today, date(2026, 11, 23))
