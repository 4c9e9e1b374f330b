"""The content team's review (`python -m knowledge review`) and the cards' checked line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from core.clock import LONDON
from core.db import session_scope
from core.settings import PROJECT_ROOT, Settings
from knowledge import __main__ as cli
from knowledge import models as m
from knowledge.cards import CARD_FIELDS, hub_card, service_card
from knowledge.entries import read_content
from knowledge.review import (
    CSV_HEADER,
    IMPORTED_TEAM,
    ReviewItem,
    checked_line,
    format_csv,
    format_report,
    guidance_items,
    is_stale,
    owning_team,
    review_items,
)
from knowledge.taxonomy import load_taxonomy

CHECKED = date(2026, 3, 10)  # the date the services in these tests were last checked


@pytest.fixture
def db(content_url: str) -> Iterator[Session]:
    """The real content, loaded, with every service verified, in date, checked on CHECKED."""
    with session_scope(content_url) as session:
        for service in session.query(m.Service):
            service.verified = True
            service.assured_date = CHECKED
            service.review_due = CHECKED + timedelta(days=365)
        session.commit()
        yield session


def service_items(items: list[ReviewItem]) -> dict[str, ReviewItem]:
    return {item.id: item for item in items if item.kind == "service"}


# --- the setting --------------------------------------------------------------------------------


def test_the_age_limit_is_a_setting_of_90_days() -> None:
    assert Settings.model_fields["review_max_age_days"].default == 90
    assert Settings(review_max_age_days=30).review_max_age_days == 30
    with pytest.raises(ValueError):
        Settings(review_max_age_days=0)


def test_stale_means_checked_more_than_the_limit_ago() -> None:
    assert not is_stale(CHECKED, CHECKED + timedelta(days=90), 90)
    assert is_stale(CHECKED, CHECKED + timedelta(days=91), 90)


# --- what the review lists ------------------------------------------------------------------


def test_review_lists_services_checked_more_than_90_days_ago(db: Session) -> None:
    content = read_content()
    fresh = review_items(db, content, CHECKED + timedelta(days=90), 90)
    assert service_items(fresh) == {}
    stale = service_items(review_items(db, content, CHECKED + timedelta(days=91), 90))
    assert set(stale) == {s.id for _, s in content.services()}
    for item in stale.values():
        assert item.reason == "last checked 2026-03-10, more than 90 days ago"
        assert item.last_reviewed == CHECKED
        assert item.source_url.startswith("http")


def test_the_age_limit_comes_from_the_setting(db: Session) -> None:
    content = read_content()
    thirty_one_days_on = CHECKED + timedelta(days=31)
    assert service_items(review_items(db, content, thirty_one_days_on, 90)) == {}
    assert service_items(review_items(db, content, thirty_one_days_on, 30))


def test_review_still_lists_unverified_and_overdue_services(db: Session) -> None:
    unverified, overdue = db.query(m.Service).order_by(m.Service.id).limit(2).all()
    unverified.verified = False
    overdue.review_due = CHECKED + timedelta(days=10)
    db.commit()
    items = service_items(review_items(db, read_content(), CHECKED + timedelta(days=20), 90))
    assert items[unverified.id].reason == "not verified"
    assert items[overdue.id].reason == "review overdue since 2026-03-20"
    assert set(items) == {unverified.id, overdue.id}


def test_a_service_can_be_due_for_every_reason_at_once(db: Session) -> None:
    service = db.query(m.Service).order_by(m.Service.id).first()
    service.verified = False
    db.commit()
    items = service_items(review_items(db, read_content(), date(2028, 1, 1), 90))
    assert items[service.id].reason == (
        "not verified; review overdue since 2027-03-10; "
        "last checked 2026-03-10, more than 90 days ago"
    )


# --- teams ---------------------------------------------------------------------------------------


def test_each_entry_is_owned_by_the_team_for_its_theme(db: Session) -> None:
    items = review_items(db, read_content(), date(2028, 1, 1), 90)
    assert items, "every service is stale by 2028"
    by_file = {item.where: item.team for item in items}
    assert by_file["money.yml"] == "Money"
    assert by_file["housing.yml"] == "Housing"
    assert by_file["health.yml"] == "Health"
    assert by_file["hubs.yml"] == "Community hubs"
    assert all(item.team for item in items)
    teams = [item.team for item in items]
    assert teams == sorted(teams), "listed team by team"


def test_files_with_no_team_of_their_own_still_get_one() -> None:
    assert owning_team("transport.yml") == "Transport"
    assert owning_team("import:services.json") == IMPORTED_TEAM


def test_every_content_file_has_a_team() -> None:
    files = [p.name for p in (PROJECT_ROOT / "knowledge" / "content").glob("*.yml")]
    assert all(owning_team(name) for name in files)


# --- the guidance beside the directory ----------------------------------------------------------

GUIDANCE_CHECKED = date(2026, 12, 5)  # on or after every guidance file's last review


def by_kind(items: list[ReviewItem], kind: str) -> dict[str, ReviewItem]:
    return {item.id: item for item in items if item.kind == kind}


def test_unverified_crisis_replies_are_listed_for_the_safety_team() -> None:
    crisis = load_taxonomy().crisis
    replies = by_kind(guidance_items(GUIDANCE_CHECKED, 90), "crisis reply")
    assert set(replies) == {c.id for c in crisis.categories if not c.verified}
    assert "sexual_assault_now" in replies, "the SARC number is still to be confirmed"
    item = replies["sexual_assault_now"]
    assert item.team == "Safety" and item.where == "taxonomy/crisis.yml"
    assert item.reason == "not verified" and item.source_url == crisis.category(item.id).sources[0]


def test_every_crisis_reply_is_listed_once_it_was_checked_too_long_ago() -> None:
    crisis = load_taxonomy().crisis
    later = crisis.last_reviewed + timedelta(days=91)
    replies = by_kind(guidance_items(later, 90), "crisis reply")
    assert set(replies) == {c.id for c in crisis.categories}
    assert "more than 90 days ago" in replies["suicide"].reason


def test_neighbouring_councils_are_listed_each_with_its_own_website() -> None:
    council = load_taxonomy().council
    items = by_kind(guidance_items(GUIDANCE_CHECKED, 90), "neighbouring council")
    assert not council.neighbours.verified
    assert len(items) == len(council.neighbours.councils)
    stockton = items["www.stockton.gov.uk"]
    assert stockton.source_url == "https://www.stockton.gov.uk"
    assert stockton.team == "Council services" and "Billingham" in stockton.name


def test_the_councils_own_switchboard_is_listed_only_once_it_is_out_of_date() -> None:
    council = load_taxonomy().council
    in_date = council.last_reviewed + timedelta(days=90)
    assert by_kind(guidance_items(in_date, 90), "council") == {}
    stale = by_kind(guidance_items(in_date + timedelta(days=1), 90), "council")["council"]
    assert council.phone in stale.name and stale.source_url == council.source_url


def test_unconfirmed_measures_are_listed_for_the_performance_team() -> None:
    measures = load_taxonomy().measures
    items = by_kind(guidance_items(GUIDANCE_CHECKED, 400), "measure")
    assert set(items) == {m.id for m in measures.measures if not m.verified}
    assert all(
        i.team == "Performance" and i.source_url == measures.source_url for i in items.values()
    )


def test_unverified_benefit_rules_are_listed_with_their_tax_year() -> None:
    items = by_kind(guidance_items(GUIDANCE_CHECKED, 90), "entitlement")
    uc = items["universal_credit/universal_credit"]
    assert uc.reason == "not verified for 2026-27" and uc.team == "Money"
    assert uc.source_url == "https://www.gov.uk/universal-credit/eligibility"
    assert uc.where == "entitlements/rules_2026_27.yml"
    assert all(i.reason for i in items.values())


def test_every_benefit_rule_is_listed_once_its_tax_year_is_over() -> None:
    last_day = by_kind(guidance_items(date(2027, 4, 5), 9999), "entitlement")
    after = by_kind(guidance_items(date(2027, 4, 6), 9999), "entitlement")
    assert "tax year is over" not in " ".join(i.reason for i in last_day.values())
    assert len(after) > len(last_day)
    assert all("the 2026-27 tax year is over" in i.reason for i in after.values())


# --- the text report and the CSV --------------------------------------------------------------


def test_the_report_groups_entries_by_team_with_their_sources(db: Session) -> None:
    today = date(2028, 1, 1)
    items = review_items(db, read_content(), today, 90)
    report = format_report(items, today, 90)
    assert report.startswith(f"{len(items)} entries to check before residents rely on them")
    assert "more than 90 days ago" in report
    assert report.count("Money team: ") == 1
    money = report.split("Money team: ")[1].split("\n\n")[0]
    money_items = [i for i in items if i.team == "Money"]
    assert money.startswith(f"{len(money_items)} to check")
    for item in money_items:
        assert f"{item.kind} {item.id} ({item.where})" in money
        assert f"Check against: {item.source_url}" in money


def test_an_empty_review_says_so() -> None:
    assert format_report([], date(2026, 12, 3)).startswith("Nothing to review on 2026-12-03")


def test_the_csv_has_a_header_row_and_one_row_per_entry(db: Session) -> None:
    items = review_items(db, read_content(), date(2028, 1, 1), 90)
    rows = list(csv.reader(io.StringIO(format_csv(items))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(items) + 1
    records = list(csv.DictReader(io.StringIO(format_csv(items))))
    first = next(r for r in records if r["kind"] == "service")
    item = service_items(items)[first["id"]]
    assert first["team"] == item.team and first["file"] == item.where
    assert first["source_url"] == item.source_url
    assert first["last_reviewed"] == "2026-03-10" and first["review_due"] == "2027-03-10"


def test_the_csv_keeps_names_as_text_in_a_spreadsheet() -> None:
    item = ReviewItem("service", "x", '=HYPERLINK("http://bad")', "not verified", "https://a", "f")
    row = next(csv.DictReader(io.StringIO(format_csv([item]))))
    assert row["name"] == '\'=HYPERLINK("http://bad")'


def test_the_command_prints_the_csv(
    db: Session, content_url: str, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=content_url, review_max_age_days=90)
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    assert cli.main(["review", "--as-of", "2026-06-08", "--format", "csv"]) == 0  # 90 days on
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["kind"] for r in rows} >= {"location", "crisis reply", "entitlement"}
    assert [r for r in rows if r["kind"] == "service"] == []
    assert cli.main(["review", "--as-of", "2026-06-09", "--format", "csv"]) == 0  # 91 days on
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any(r["kind"] == "service" and r["team"] == "Money" for r in rows)


def test_the_command_prints_text_by_default(
    db: Session, content_url: str, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "get_settings", lambda: Settings(database_url=content_url))
    assert cli.main(["review", "--as-of", "2027-01-01"]) == 0
    out = capsys.readouterr().out
    assert "entries to check" in out and " team: " in out and "Check against: http" in out


# --- the card's checked line ----------------------------------------------------------------


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)


def test_checked_line_gives_the_month_and_year() -> None:
    assert checked_line(date(2026, 3, 31)) == "Checked March 2026"


def test_a_card_says_when_its_details_were_checked(db: Session) -> None:
    service = db.query(m.Service).order_by(m.Service.id).first()
    card = service_card(service, "x", _at(CHECKED + timedelta(days=5)), 90)
    assert (
        {"last_reviewed", "checked", "check_before_you_go"} <= CARD_FIELDS <= set(card.model_dump())
    )
    assert card.checked == "Checked March 2026"
    assert card.last_reviewed == "2026-03-10"
    assert card.check_before_you_go is False


def test_a_stale_or_unverified_card_asks_residents_to_check_first(db: Session) -> None:
    service = db.query(m.Service).order_by(m.Service.id).first()

    def check_first(days_on: int, max_age_days: int) -> bool:
        at = _at(CHECKED + timedelta(days=days_on))
        return service_card(service, "x", at, max_age_days).check_before_you_go

    assert check_first(90, 90) is False
    assert check_first(91, 90) is True and service.verified is True
    assert check_first(31, 30) is True
    service.verified = False
    assert check_first(0, 90) is True


def test_a_card_reads_the_age_limit_from_the_settings(db: Session, monkeypatch) -> None:
    from core import settings as settings_module

    service = db.query(m.Service).order_by(m.Service.id).first()
    at = _at(CHECKED + timedelta(days=31))
    monkeypatch.setattr(settings_module, "get_settings", lambda: Settings(review_max_age_days=30))
    assert service_card(service, "x", at).check_before_you_go is True
    monkeypatch.setattr(settings_module, "get_settings", lambda: Settings(review_max_age_days=90))
    assert service_card(service, "x", at).check_before_you_go is False


def test_a_hub_card_says_when_it_was_checked(db: Session) -> None:
    hub = read_content().area.districts[0].hub
    card = hub_card(db, hub, _at(CHECKED))
    assert card is not None and card.checked == "Checked March 2026"


# --- the widget and the staff console show it -------------------------------------------------


def test_the_widget_and_staff_console_show_the_checked_line_and_the_note() -> None:
    widget = (PROJECT_ROOT / "api" / "static" / "widget.js").read_text()
    staff = (PROJECT_ROOT / "api" / "static" / "staff.js").read_text()
    for code in (widget, staff):
        assert "card.checked" in code
        assert "card.check_before_you_go === true" in code
        assert "check before you go." in code.lower()
    # The staff console keeps only listed fields in the visitor's summary.
    fields = staff.split("const FIELDS = [")[1].split("];")[0]
    assert '"checked"' in fields and '"check_before_you_go"' in fields
