"""The analysts' view of demand: a dashboard, its figures as JSON, and CSV downloads.

Every figure leaves through demand.figures, which suppresses small counts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator

from api.charts import bar_chart, line_chart
from api.deps import Analyst, SettingsDep
from api.templating import templates
from core.clock import london_now
from core.db import session_scope
from demand.figures import Dashboard, Filters, dashboard, dashboard_as_json, table_as_csv
from knowledge.area import load_area
from knowledge.taxonomy import load_taxonomy

router = APIRouter(prefix="/analytics", tags=["analytics"])

DEFAULT_PERIOD_DAYS = 365


# Dates outside these are mistakes, and would overflow date arithmetic.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]


class DemandQuery(BaseModel):
    """The dashboard's filters, as query parameters; all optional."""

    start: Day | None = None
    end: Day | None = None
    channel: Literal["web", "hub"] | None = None
    area: str | None = None
    priority: str | None = None
    granularity: Literal["week", "month"] = "month"

    @field_validator("start", "end", "channel", "area", "priority", mode="before")
    @classmethod
    def _blank_means_all(cls, value: object) -> object:
        # The dashboard's form sends "" for "All"; that is the same as leaving it out.
        return None if value == "" else value

    def filters(self) -> Filters:
        today = london_now().date()
        end = self.end or today
        start = self.start or end - timedelta(days=DEFAULT_PERIOD_DAYS)
        if start > end:
            raise HTTPException(422, detail="The start date must be on or before the end date.")
        if self.priority and load_taxonomy().priority(self.priority) is None:
            raise HTTPException(422, detail="The 'priority' filter is not one of the priorities.")
        area = self.area or None
        if area and area not in area_choices():
            raise HTTPException(
                422, detail="The 'area' filter is not a Hartlepool district or ward."
            )
        return Filters(start, end, self.channel, area, self.priority)


# Validated as one model, so its validators run (a blank choice means "all").
DemandFilters = Annotated[DemandQuery, Query()]


def area_choices() -> list[str]:
    area = load_area()
    return [d.code for d in area.districts] + sorted(w.name for w in area.wards)


def figures(settings: SettingsDep, query: DemandQuery) -> Dashboard:
    with session_scope(settings.demand_url) as db:
        return dashboard(
            db,
            query.filters(),
            granularity=query.granularity,
            threshold=settings.suppression_threshold,
        )
    raise RuntimeError("no database session")


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def analytics_page(
    request: Request, staff: Analyst, settings: SettingsDep, query: DemandFilters
) -> HTMLResponse:
    board = figures(settings, query)
    charts = {
        table.id: (line_chart if table.id == "over_time" else bar_chart)(
            table, title_id=f"chart-{table.id}"
        )
        for table in board.tables
    }
    context = {
        "staff": staff,
        "board": board,
        "charts": charts,
        "query": query,
        "query_string": request.url.query,
        "priorities": load_taxonomy().priorities,
        "areas": area_choices(),
        "updated": london_now().strftime("%H:%M on %-d %B %Y"),
    }
    return templates.TemplateResponse(request, "analytics.html", context)


@router.get("/figures.json")
def figures_json(staff: Analyst, settings: SettingsDep, query: DemandFilters) -> dict:
    return dashboard_as_json(figures(settings, query))


@router.get("/{table_id}.csv")
def figures_csv(
    table_id: str, staff: Analyst, settings: SettingsDep, query: DemandFilters
) -> Response:
    board = figures(settings, query)
    table = next((t for t in board.tables if t.id == table_id), None)
    if table is None:
        raise HTTPException(404, detail=f"There is no table called '{table_id}'.")
    filename = f"hartlepool-demand-{table_id}-{board.filters.start}-to-{board.filters.end}.csv"
    return Response(
        table_as_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
