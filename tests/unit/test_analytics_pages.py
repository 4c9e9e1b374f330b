"""The analysts' pages: the dashboard, JSON and CSV, with filters and suppression."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.accounts import create_user
from api.main import create_app
from core.db import session_scope
from core.settings import Settings
from demand.events import Channel, DemandFacts, DemandLog
from demand.spool import Spool
from knowledge.taxonomy import load_taxonomy
from tests.staff_pages import PASSWORD, sign_in


@pytest.fixture
def analyst(settings: Settings, app_settings: Settings, tmp_path):
    with session_scope(settings.database_url) as db:
        create_user(db, "ana", "analyst", PASSWORD)
    log = DemandLog(settings.demand_url, Spool(tmp_path / "spool.jsonl"), load_taxonomy())
    yesterday = datetime.now(UTC) - timedelta(days=1)
    for need, count, channel in (
        ("energy_bills", 12, Channel()),
        ("food_and_essentials", 7, Channel("hub", "south-community-hub")),
        ("stop_smoking", 3, Channel()),
        ("debt_advice", 2, Channel()),
    ):
        for i in range(count):
            log.record(
                DemandFacts("signposted", need, area="TS25"),
                channel=channel,
                conversation_key=f"{need}-{i}",
                at=yesterday,
            )
    with TestClient(create_app(app_settings)) as client:
        sign_in(client, "ana")
        yield client


def test_the_dashboard_shows_every_figure_with_a_chart_and_a_table(analyst: TestClient) -> None:
    page = analyst.get("/analytics")
    assert page.status_code == 200
    for title in ("Requests by need", "Requests by channel", "Requests by area"):
        assert title in page.text
    assert page.text.count("<svg") == page.text.count('<table class="table">') >= 8
    assert load_taxonomy().need("energy_bills").title in page.text
    assert "<script" not in page.text  # no script at all on the analysts' page


def test_json_and_csv_carry_the_same_suppressed_counts(analyst: TestClient) -> None:
    figures = analyst.get("/analytics/figures.json").json()
    assert figures["events"] == 24
    by_need = next(t for t in figures["tables"] if t["id"] == "by_need")
    cells = {row[0]: row[1] for row in by_need["rows"]}
    assert sorted(v for v in cells.values() if isinstance(v, str)) == ["<5", "<5"]
    download = analyst.get("/analytics/by_need.csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = {r[0]: r[1] for r in csv.reader(io.StringIO(download.text))}
    assert sorted(v for v in rows.values() if v == "<5") == ["<5", "<5"]
    assert "3" not in rows.values() and "2" not in rows.values()


def test_the_forms_blank_choices_mean_all(analyst: TestClient) -> None:
    blank = dict.fromkeys(("start", "end", "channel", "area", "priority"), "")
    blank["granularity"] = "week"
    response = analyst.get("/analytics", params=blank)
    assert response.status_code == 200
    assert analyst.get("/analytics/figures.json", params=blank).json()["events"] == 24


def test_filters_narrow_the_figures(analyst: TestClient) -> None:
    hub = analyst.get("/analytics/figures.json", params={"channel": "hub"}).json()
    assert hub["events"] == 7
    area = analyst.get("/analytics/figures.json", params={"area": "TS24"}).json()
    assert area["events"] == 0
    poverty = analyst.get("/analytics/figures.json", params={"priority": "healthier_people"})
    assert poverty.json()["events"] == "<5"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-12-01", "end": "2026-01-01"}, "start date"),
        ({"area": "Narnia"}, "area"),
        ({"priority": "world_peace"}, "priority"),
        ({"granularity": "decade"}, "granularity"),
        ({"start": "yesterday"}, "start"),
    ],
)
def test_bad_filters_get_a_plain_422(analyst: TestClient, params: dict, field: str) -> None:
    response = analyst.get("/analytics/figures.json", params=params)
    assert response.status_code == 422
    assert field in str(response.json())


def test_an_unknown_table_is_a_404(analyst: TestClient) -> None:
    assert analyst.get("/analytics/salaries.csv").status_code == 404


@pytest.mark.parametrize("params", [{"end": "9999-12-31"}, {"start": "0001-01-01"}])
def test_dates_out_of_range_are_a_plain_422(analyst, params) -> None:
    assert analyst.get("/analytics/figures.json", params=params).status_code == 422
