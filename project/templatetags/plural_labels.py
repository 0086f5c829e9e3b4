"""Plural labels the browser fills in: one rendering per plural category of the page's
language, so live text that counts ("you practised {days} days in a row") takes the right
form there too. The browser picks the rendering with Intl.PluralRules (static/js/live.js),
whose categories match the gettext plural rules of our catalogs: Arabic zero, one, two, few
(3-10), many (11-99) and other (100 and up); French and English one and other.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()

# A number of each CLDR category, for ngettext to choose the form with.
SAMPLES = {
    "ar": (("zero", 0), ("one", 1), ("two", 2), ("few", 3), ("many", 11), ("other", 100)),
    "fr": (("one", 1), ("many", 1000000), ("other", 2)),
    "en": (("one", 1), ("other", 2)),
}


@register.simple_tag
def plural_samples() -> tuple[tuple[str, int], ...]:
    """(category, a number in it) for the active language."""
    return SAMPLES.get((get_language() or "en").split("-")[0], SAMPLES["en"])
