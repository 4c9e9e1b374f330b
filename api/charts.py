"""Charts for the figures pages, drawn on the server as SVG.

No JavaScript, no CDN and no charting library: each chart is a small SVG string
placed in the page next to the table it draws, which stays the full record.
Every label and value comes from data, so every one is escaped.

Sizes are in viewBox units with width="100%": the chart fits its column and
its text scales with it, so it stays readable when the page is zoomed to 200%.
Colours are from the GOV.UK Design System palette, and lines also differ by
dash pattern so they can be told apart without colour.

Hidden counts ("<5", or "[c]" for a count hidden to protect a smaller one)
have no known size, so no bar or point is drawn for them: a bar chart writes
the symbol where the bar would start, a line chart leaves a gap, and each
chart's description says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from demand.figures.layout import TOTAL, Table

BLUE = "#1d70b8"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
BORDER = "#b1b4b6"
# Line colours from the GOV.UK palette, each with its own dash pattern.
SERIES_STYLES = (
    ("#1d70b8", ""),
    ("#d4351c", "10 5"),
    ("#00703c", "3 4"),
    ("#f47738", "14 4 3 4"),
    ("#4c2c92", ""),
    ("#28a197", "10 5"),
    ("#d53880", "3 4"),
    ("#505a5f", "14 4 3 4"),
    ("#b58840", ""),
    ("#5694ca", "10 5"),
)

WIDTH = 640
FONT_SIZE = 16
MAX_LABEL_CHARS = 68  # about the width of the chart at 16px
EMPTY_MESSAGE = "No requests in this period"
HIDDEN_NOTE = "No bar is drawn for a hidden count: the symbol is shown instead."
GAP_NOTE = "Gaps in a line are periods whose count is hidden to protect privacy."

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def bar_chart(table: Table, *, title_id: str) -> Markup:
    """Horizontal bars for a 1-D table: the label above each bar, the count after it."""
    _check_id(title_id)
    if not table.rows:
        return _empty(table.title, title_id)
    values = [row[1] for row in table.rows]
    biggest = max((v for v in values if isinstance(v, int)), default=0)
    longest = max((len(f"{v:,}") for v in values if isinstance(v, int)), default=2)
    bar_space = WIDTH - 16 - longest * 10  # leave room for the count after the longest bar
    row_height = 60
    body = []
    for i, row in enumerate(table.rows):
        y = i * row_height
        body.append(_text(4, y + 18, _short(row[0])))
        body.append(_bar(y + 26, row[1], biggest, bar_space))
    hidden = any(isinstance(v, str) for v in values)
    desc = f"{len(table.rows)} bars, one for each row of the table. " + (
        HIDDEN_NOTE if hidden else ""
    )
    return _svg(title_id, table.title, desc.strip(), len(table.rows) * row_height, body)


def line_chart(table: Table, *, title_id: str) -> Markup:
    """One line per column across the periods of the over-time table, with a legend."""
    _check_id(title_id)
    if not table.rows:
        return _empty(table.title, title_id)
    series = [i for i, name in enumerate(table.columns) if i and name != TOTAL]
    periods = [str(row[0]) for row in table.rows]
    shown = [v for row in table.rows for i in series if isinstance(v := row[i], int)]
    ticks = _ticks(max(shown, default=0))
    # Room on the left for the widest count, on the right for half a period label.
    left = 16 + 9 * len(f"{ticks[-1]:,}")
    plot = _Plot(left=left, top=12, width=WIDTH - left - 44, height=260, periods=len(periods))

    body = [*_y_axis(plot, ticks), *_x_axis(plot, periods)]
    for n, i in enumerate(series):
        values = [row[i] for row in table.rows]
        body.extend(_line(plot, values, ticks[-1], SERIES_STYLES[n % len(SERIES_STYLES)]))
    legend_top = plot.top + plot.height + 48
    body.extend(_legend(legend_top, [table.columns[i] for i in series]))

    gaps = any(isinstance(row[i], str) for row in table.rows for i in series)
    desc = (
        f"{len(series)} lines, one for each column of the table, across {len(periods)} "
        f"periods from {periods[0]} to {periods[-1]}. " + (GAP_NOTE if gaps else "")
    )
    height = legend_top + 28 * len(series)
    return _svg(title_id, table.title, desc.strip(), height, body)


# --- Pieces -----------------------------------------------------------------


class _Plot:
    """Where the plotting area sits, and how periods and counts map into it."""

    def __init__(self, *, left: int, top: int, width: int, height: int, periods: int) -> None:
        self.left, self.top, self.width, self.height = left, top, width, height
        self.periods = periods

    def x(self, index: int) -> float:
        if self.periods == 1:
            return self.left + self.width / 2
        return self.left + index * self.width / (self.periods - 1)

    def y(self, value: int, top_value: int) -> float:
        return self.top + self.height * (1 - value / top_value)


def _bar(y: int, value: int | str, biggest: int, space: int) -> str:
    if isinstance(value, str):
        return _text(4, y + 18, value, fill=SECONDARY_TEXT)
    width = space * value / biggest if biggest else 0
    return (
        f'<rect class="bar" x="4" y="{y}" width="{width:.1f}" height="24" fill="{BLUE}"/>'
        + _text(width + 12, y + 18, f"{value:,}")
    )


def _y_axis(plot: _Plot, ticks: list[int]) -> list[str]:
    parts = []
    for tick in ticks:
        y = plot.y(tick, ticks[-1])
        parts.append(
            f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.left + plot.width}" y2="{y:.1f}" '
            f'stroke="{BORDER}" stroke-width="1"/>'
        )
        parts.append(_text(plot.left - 8, y + 5, f"{tick:,}", anchor="end", fill=SECONDARY_TEXT))
    return parts


def _x_axis(plot: _Plot, periods: Sequence[str]) -> list[str]:
    # Labels like "2026-W47" take about 80 units: label only as many as fit.
    step = max(1, math.ceil(len(periods) / (plot.width // 96 or 1)))
    y = plot.top + plot.height + 24
    return [
        _text(plot.x(i), y, period, anchor="middle", fill=SECONDARY_TEXT)
        for i, period in enumerate(periods)
        if i % step == 0
    ]


def _line(
    plot: _Plot, values: Sequence[int | str], top_value: int, style: tuple[str, str]
) -> list[str]:
    """A line through the shown counts, broken where a count is hidden."""
    colour, dash = style
    runs: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if isinstance(value, str):
            runs.append([])
        else:
            runs[-1].append((plot.x(i), plot.y(value, top_value)))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = []
    for run in filter(None, runs):
        if len(run) == 1:  # a point between two gaps would otherwise not show
            (x, y) = run[0]
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
            continue
        path = " ".join(f"{'M' if j == 0 else 'L'}{x:.1f} {y:.1f}" for j, (x, y) in enumerate(run))
        parts.append(
            f'<path class="line" d="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
        )
    return parts


def _legend(top: int, names: Sequence[str]) -> list[str]:
    parts = []
    for n, name in enumerate(names):
        colour, dash = SERIES_STYLES[n % len(SERIES_STYLES)]
        y = top + n * 28
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="4" y1="{y - 5}" x2="44" y2="{y - 5}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
        )
        parts.append(_text(52, y, _short(name)))
    return parts


def _ticks(biggest: int) -> list[int]:
    """Round gridline values from 0 to at least `biggest`, in steps of 1, 2 or 5 x 10^n."""
    if biggest <= 0:
        return [0, 1]
    raw = biggest / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, math.ceil(biggest / step) * step + 1, step))


def _text(x: float, y: float, content: str, *, anchor: str = "start", fill: str = TEXT) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(content)}</text>"
    )


def _short(label: object) -> str:
    text = str(label)
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _svg(title_id: str, title: str, desc: str, height: float, body: Sequence[str]) -> Markup:
    desc_id = f"{title_id}-desc"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {math.ceil(height) + 8}" width="100%" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'font-family="arial, sans-serif" font-size="{FONT_SIZE}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _empty(title: str, title_id: str) -> Markup:
    return _svg(title_id, title, EMPTY_MESSAGE, 32, [_text(4, 24, EMPTY_MESSAGE)])


def _check_id(title_id: str) -> None:
    # The id is written into attributes and aria-labelledby, which splits on spaces.
    if not _ID.fullmatch(title_id):
        raise ValueError("title_id must be a letter then letters, digits, _ or -")
