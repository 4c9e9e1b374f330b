"""The analysts' view of demand: a dashboard, its figures as JSON, and CSV downloads.

Every figure leaves through demand.figures, which suppresses small counts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator

from api.charts import bar_chart, line_chart
from api.deps import Analyst, SettingsDep
from api.templating import templates
from core.clock import london_now
from core.db import session_scope
from core.errors import NotFound
from demand.figures.dashboard import Dashboard, dashboard
from demand.figures.export import dashboard_as_json, table_as_csv
from demand.figures.filters import area_choices, demand_filters
from demand.figures.queries import Filters
from knowledge.taxonomy import load_taxonomy

router = APIRouter(prefix="/analytics", tags=["analytics"])


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
        return demand_filters(
            london_now().date(), self.start, self.end, self.channel, self.area, self.priority
        )


# Validated as one model, so its validators run (a blank choice means "all").
DemandFilters = Annotated[DemandQuery, Query()]


def figures(settings: SettingsDep, query: DemandQuery) -> Dashboard:
    with session_scope(settings.demand_url) as db:
        return dashboard(
            db,
            query.filters(),
            granularity=query.granularity,
            threshold=settings.suppression_threshold,
        )


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
        raise NotFound(f"There is no table called '{table_id}'.")
    filename = f"hartlepool-demand-{table_id}-{board.filters.start}-to-{board.filters.end}.csv"
    return Response(
        table_as_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
