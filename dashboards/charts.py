"""A small server-rendered line chart: numbers in, SVG coordinates out (no ORM)."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 12, 28
PALETTE = ("#1f7a4d", "#5b9bd5", "#d99b00", "#a05195")


@dataclass(frozen=True)
class Line:
    label: str
    color: str
    points: str  # "x,y x,y ..." for <polyline>
    last: tuple[float, float, int]  # x, y, value of the latest point


def _x(i: int, n: int, rtl: bool) -> float:
    span = WIDTH - LEFT - RIGHT
    x = LEFT + (span * i / (n - 1) if n > 1 else span)
    return round(WIDTH - x if rtl else x, 1)


def _y(value: int) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 100), 1)


def line_chart(series: dict[str, list[int]], *, rtl: bool = False) -> dict:
    """Percentages over time; time runs in the reading direction."""
    lines = []
    for k, (label, values) in enumerate(series.items()):
        n = len(values)
        coords = [(_x(i, n, rtl), _y(v)) for i, v in enumerate(values)]
        if coords:
            lines.append(
                Line(
                    label=label,
                    color=PALETTE[k % len(PALETTE)],
                    points=" ".join(f"{x},{y}" for x, y in coords),
                    last=(*coords[-1], values[-1]),
                )
            )
    grid = [{"y": _y(v), "value": v} for v in (0, 40, 70, 90, 100)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "grid": grid,
        "x1": LEFT if not rtl else WIDTH - LEFT,
        "x2": WIDTH - RIGHT if not rtl else RIGHT,
        "label_x": LEFT - 6 if not rtl else WIDTH - LEFT + 6,
        "anchor": "end" if not rtl else "start",
    }


# --- the class metrics' charts: one value per bucket of a period ----------------------------


# Drawn for a phone first (a 360 px wide box keeps its 11 px labels readable there); a wider
# screen scales it up.
M_WIDTH, M_HEIGHT = 360, 180
M_LEFT, M_RIGHT, M_TOP, M_BOTTOM = 34, 10, 10, 24


def _slot_x(i: int, n: int, rtl: bool) -> tuple[float, float]:
    """The centre and width of bucket i of n (time runs in the reading direction)."""
    span = M_WIDTH - M_LEFT - M_RIGHT
    width = span / max(n, 1)
    centre = M_LEFT + width * (i + 0.5)
    return round(M_WIDTH - centre if rtl else centre, 1), round(width, 1)


def _frame(top: int, rtl: bool, ticks) -> dict:
    def y(v):
        return round(M_TOP + (M_HEIGHT - M_TOP - M_BOTTOM) * (1 - v / top), 1)

    return {
        "width": M_WIDTH,
        "height": M_HEIGHT,
        "grid": [{"y": y(v), "value": v} for v in ticks],
        "x1": M_LEFT if not rtl else M_WIDTH - M_LEFT,
        "x2": M_WIDTH - M_RIGHT if not rtl else M_RIGHT,
        "label_x": M_LEFT - 4 if not rtl else M_WIDTH - M_LEFT + 4,
        "anchor": "end" if not rtl else "start",
        "start_anchor": "start" if not rtl else "end",
        "end_anchor": "end" if not rtl else "start",
        "y": y,
    }


def bar_chart(values: list[int], *, top: int, rtl: bool = False) -> dict:
    """Counts per bucket as bars, from 0 to `top` (e.g. the class size)."""
    top = max(top, max(values, default=0), 1)
    frame = _frame(top, rtl, sorted({0, round(top / 2), top}))
    bars = []
    for i, v in enumerate(values):
        x, w = _slot_x(i, len(values), rtl)
        y = frame["y"](v)
        bars.append(
            {
                "x": round(x - w * 0.35, 1),
                "w": round(w * 0.7, 1),
                "y": y,
                "h": round(M_HEIGHT - M_BOTTOM - y, 1),
                "value": v,
            }
        )
    frame.pop("y")
    return {**frame, "bars": bars}


def points_chart(values: list[int | None], *, rtl: bool = False) -> dict:
    """Percentages per bucket joined by a line; a bucket with no value (None) is skipped, and
    the line is broken there rather than drawn through a made-up zero."""
    frame = _frame(100, rtl, (0, 40, 70, 90, 100))
    y = frame.pop("y")
    segments, current, dots = [], [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
            continue
        x, _w = _slot_x(i, len(values), rtl)
        current.append(f"{x},{y(v)}")
        dots.append({"x": x, "y": y(v), "value": v})
    if current:
        segments.append(current)
    return {**frame, "segments": [" ".join(s) for s in segments], "dots": dots}
