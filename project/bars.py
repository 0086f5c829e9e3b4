"""Widths of progress bars as classes (`pct-0` ... `pct-100`, static/css/widths.css), so no
page needs a style attribute: the Content-Security-Policy allows no inline style. A builtin
template library (settings TEMPLATES "builtins"): every template has `pct_class`."""

from django import template

register = template.Library()


@register.filter
def pct_class(value) -> str:
    """'pct-N' for a width of N% (rounded, held within 0-100; unreadable: 0)."""
    try:
        percent = round(float(value))
    except (TypeError, ValueError):
        percent = 0
    return f"pct-{min(100, max(0, percent))}"
