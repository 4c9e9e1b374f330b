"""Server-side SVG charts: valid, escaped, accessible, one mark per row."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markupsafe import Markup
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.charts import BLUE, EMPTY_MESSAGE, bar_chart, line_chart
from core.db import Base
from demand.figures.dashboard import dashboard
from demand.figures.layout import Table
from demand.figures.queries import Filters
from demand.models import DemandEvent
from knowledge.taxonomy import load_taxonomy

SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"


def event(when: datetime, need: str, area: str) -> DemandEvent:
    return DemandEvent(
        id=str(uuid.uuid4()),
        occurred_hour=when,
        need_id=need,
        priority_id=load_taxonomy().need(need).priority,
        channel="web",
        area=area,
        outcome="signposted",
        conversation_key=uuid.uuid4().hex,
    )


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def one_way(rows: list[list[str | int]], title: str = "Requests by need") -> Table:
    return Table(
        id="by_need",
        title=title,
        columns=["Need", "Requests"],
        rows=rows,
        total_row=["Total", 0] if rows else None,
    )


def over_time(rows: list[list[str | int]]) -> Table:
    return Table(
        id="over_time",
        title="Requests each month by council priority",
        columns=["Month", "Healthier lives", "Better housing", "Total"],
        rows=rows,
        total_row=None,
    )


# Bar charts


def test_bar_chart_is_an_accessible_svg() -> None:
    markup = bar_chart(one_way([["Benefits", 20], ["Debt", 9]]), title_id="need-chart")
    assert isinstance(markup, Markup)
    svg = parse(markup)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%" and svg.get("viewBox", "").startswith("0 0 ")
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Requests by need"
    assert svg.get("aria-labelledby") == title.get("id") == "need-chart"
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and svg.get("aria-describedby") == desc.get("id")


def test_a_bar_per_row_with_labels_and_values() -> None:
    rows: list[list[str | int]] = [["Benefits", 1200], ["Debt", 300], ["Rent", 0]]
    svg = parse(bar_chart(one_way(rows), title_id="c"))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 3
    assert {b.get("fill") for b in bars} == {BLUE}
    widths = [float(b.get("width", "0")) for b in bars]
    assert widths[0] > widths[1] > widths[2] == 0
    assert {"Benefits", "Debt", "Rent", "1,200", "300", "0"} <= set(texts(svg))


def test_hidden_counts_get_a_label_and_no_bar() -> None:
    rows: list[list[str | int]] = [["Benefits", 20], ["Debt", "[c]"], ["Rent", "<5"]]
    svg = parse(bar_chart(one_way(rows), title_id="c"))
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 1
    assert {"<5", "[c]"} <= set(texts(svg))
    assert "hidden" in (svg.find(f"{SVG}desc").text or "")


def test_labels_and_titles_are_escaped() -> None:
    markup = bar_chart(one_way([[SCRIPT, 5]], title=f"Areas & {SCRIPT}"), title_id="c")
    assert "<script>" not in str(markup)
    assert "&lt;script&gt;" in str(markup)
    svg = parse(markup)
    assert SCRIPT in texts(svg)
    assert svg.find(f"{SVG}title").text == f"Areas & {SCRIPT}"


def test_long_labels_are_shortened() -> None:
    svg = parse(bar_chart(one_way([["word " * 40, 5]]), title_id="c"))
    assert any(t.endswith("…") and len(t) <= 68 for t in texts(svg))


def test_empty_table_says_so() -> None:
    for chart in (bar_chart(one_way([]), title_id="c"), line_chart(over_time([]), title_id="c")):
        svg = parse(chart)
        assert EMPTY_MESSAGE in texts(svg)
        assert not list(svg.iter(f"{SVG}rect")) and not list(svg.iter(f"{SVG}path"))


@pytest.mark.parametrize("bad", ["", "two words", '"><script>', "1starts-with-digit"])
def test_title_ids_must_be_plain(bad: str) -> None:
    with pytest.raises(ValueError):
        bar_chart(one_way([["a", 5]]), title_id=bad)


# Line charts


def test_line_chart_has_a_line_and_a_legend_entry_per_column() -> None:
    rows: list[list[str | int]] = [["2026-01", 10, 20, 30], ["2026-02", 12, 25, 37]]
    svg = parse(line_chart(over_time(rows), title_id="over-time"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "over-time"
    lines = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "line"]
    assert len(lines) == 2  # not the Total column
    assert {"Healthier lives", "Better housing", "2026-01", "2026-02"} <= set(texts(svg))
    assert "Total" not in texts(svg)
    assert "Gaps" not in (svg.find(f"{SVG}desc").text or "")


def test_hidden_points_leave_a_gap_and_the_description_says_so() -> None:
    rows: list[list[str | int]] = [
        ["2026-01", 10, 20, 30],
        ["2026-02", "<5", 25, "[c]"],
        ["2026-03", 12, 25, 37],
        ["2026-04", 14, "[c]", "[c]"],
        ["2026-05", "<5", 9, "[c]"],
    ]
    svg = parse(line_chart(over_time(rows), title_id="c"))
    # Healthier lives: January alone (a dot), then March to April (a line).
    # Better housing: January to March (a line), then May alone (a dot).
    paths = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "line"]
    assert [p.get("d", "").count("L") for p in paths] == [1, 2]
    assert len(list(svg.iter(f"{SVG}circle"))) == 2
    assert "Gaps in a line" in (svg.find(f"{SVG}desc").text or "")


def test_line_labels_are_escaped() -> None:
    table = Table(
        id="over_time",
        title=SCRIPT,
        columns=["Month", SCRIPT, "Total"],
        rows=[[SCRIPT, 10, 10]],
        total_row=None,
    )
    markup = line_chart(table, title_id="c")
    assert "<script>" not in str(markup)
    assert texts(parse(markup)).count(SCRIPT) == 2  # the period and the legend


def test_charts_draw_real_dashboard_tables(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'demand.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as db:
        for month, n, need, area in (
            (9, 12, "benefits_advice", "TS24"),
            (10, 3, "benefits_advice", "TS25"),
            (11, 30, "benefits_advice", "TS25"),
            (11, 8, "home_repairs", SCRIPT),
        ):
            db.add_all(
                event(datetime(2026, month, 10, 12, tzinfo=UTC), need, area) for _ in range(n)
            )
        db.commit()
        tables = dashboard(db, Filters()).tables
    engine.dispose()
    for table in tables:
        chart = line_chart if table.id == "over_time" else bar_chart
        svg = parse(chart(table, title_id=f"chart-{table.id}"))
        assert svg.find(f"{SVG}title").text == table.title
