"""A teacher's words in the reader's language, or in the one they were written in, with a note.

{% with t=goal|written:"title" %}{{ t.text }} {{ t.note }}{% endwith %}
"""

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Which language a text is shown in when the reader's is missing: the school's usual first.
FALLBACK_ORDER = ("fr", "ar", "en")
WRITTEN_IN = {
    "ar": _("written in Arabic"),
    "fr": _("written in French"),
    "en": _("written in English"),
}


@dataclass(frozen=True)
class Shown:
    text: str
    lang: str  # the language it is in
    note: str  # blank when it is the reader's own


def shown(texts: dict[str, str], reader: str) -> Shown:
    """The reader's text, else the first written (FALLBACK_ORDER) with a "written in" note."""
    if texts.get(reader):
        return Shown(texts[reader], reader, "")
    for lang in FALLBACK_ORDER:
        if texts.get(lang):
            return Shown(texts[lang], lang, str(WRITTEN_IN[lang]))
    return Shown("", reader, "")


@register.filter
def written(obj, field: str) -> Shown:
    texts = {lang: getattr(obj, f"{field}_{lang}", "") or "" for lang in WRITTEN_IN}
    reader = (get_language() or "en").split("-")[0]
    return shown(texts, reader)
