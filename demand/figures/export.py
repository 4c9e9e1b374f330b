"""A table as CSV and the dashboard as JSON, with the same suppressed cells as the page."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from demand.figures.dashboard import Dashboard
from demand.figures.layout import Table


def table_as_csv(table: Table) -> str:
    """The table as CSV: header, rows, then the total row; hidden cells as shown."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_safe(c) for c in table.columns])
    for row in [*table.rows, *([table.total_row] if table.total_row else [])]:
        writer.writerow([_csv_safe(c) for c in row])
    return out.getvalue()


def dashboard_as_json(d: Dashboard) -> dict[str, Any]:
    """The dashboard as plain JSON types, with the same suppressed values."""
    filters = asdict(d.filters)
    for key in ("start", "end"):
        filters[key] = filters[key].isoformat() if filters[key] else None
    return {
        "filters": filters,
        "granularity": d.granularity,
        "threshold": d.threshold,
        "events": d.events,
        "conversations": d.conversations,
        "unmet_share": d.unmet_share,
        "tables": [asdict(t) for t in d.tables],
    }


def _csv_safe(cell: str | int) -> str | int:
    """Stop a spreadsheet reading a label from the data as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
