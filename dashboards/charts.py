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
