"""`since`: Django's timesince in words each language can count ("منذ يومين", not "منذ 2 يومين").

Django's own catalog gives Arabic a number before every form ("1 يوم", "2 يومين"); these are
the same msgids, written in our code so that makemessages keeps them in our catalog, where
they come before Django's.
"""

from django import template
from django.utils.timesince import timesince
from django.utils.translation import ngettext_lazy

register = template.Library()

TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter(is_safe=False)
def since(value, now=None) -> str:
    """How long ago `value` was, in at most two units ("1 week, 4 days")."""
    if not value:
        return ""
    try:
        return timesince(value, now, time_strings=TIME_STRINGS)
    except (ValueError, TypeError):
        return ""
