"""Live text filled in the browser keeps each value's direction: a Latin name or message in an
Arabic sentence is a first-strong isolate, a signed number a left-to-right isolate, so "!"
stays at the end of "Let's practise together!" and "+5" never shows as "5+"."""

import re
from pathlib import Path

from django.conf import settings

JS = Path(settings.BASE_DIR) / "static" / "js"
FILL = re.compile(r"replace\(/\\\{\(\\w\+\)\\\}/g, \([^)]*\) => ([^;]+);")
# The same tests as isolate() in the scripts.
PLAIN = re.compile(r"^[\d.,٫٪%]+$")
SIGNED = re.compile(r"^[+\-−][\d.,٫٪%]+$")


def isolate(value: str) -> str:
    if not value or PLAIN.match(value):
        return value
    return ("\u2066" if SIGNED.match(value) else "\u2068") + value + "\u2069"


def test_every_script_that_fills_a_label_isolates_the_values():
    filled = {}
    for path in sorted(JS.glob("*.js")):
        for callback in FILL.findall(path.read_text(encoding="utf-8")):
            filled.setdefault(path.name, []).append(callback)
    assert len(filled) >= 6
    bare = {name: c for name, calls in filled.items() for c in calls if "isolate(" not in c}
    assert bare == {}
    for name in filled:
        source = (JS / name).read_text(encoding="utf-8")
        assert r"/^[\d.,٫٪%]+$/" in source and r"/^[+\-−][\d.,٫٪%]+$/" in source, name


def test_the_isolation_rule():
    assert isolate("75") == "75"
    assert isolate("+5") == "\u2066+5\u2069"
    assert isolate("Yasmine El Amrani") == "\u2068Yasmine El Amrani\u2069"
    assert isolate("") == ""


def test_notices_that_name_a_classmate_fill_in_through_the_isolating_format():
    live = (JS / "live.js").read_text(encoding="utf-8")
    assert "(_, key) => isolate(values[key])" in live and "format," in live
    invitations = (JS / "invitations.js").read_text(encoding="utf-8")
    assert "live.format(" in invitations and ".textContent =" in invitations


def test_a_latin_name_in_an_arabic_sentence_is_isolated():
    from django.template import Context, Template
    from django.utils import translation

    source = (
        "{% load i18n bidi %}{% blocktranslate with name=who|isolate %}Hello {{ name }}, here is "
        "your growth{% endblocktranslate %}"
    )
    with translation.override("ar"):
        text = Template(source).render(Context({"who": "Yasmine El Amrani"}))
    assert "\u2068Yasmine El Amrani\u2069" in text
    assert Template("{% load bidi %}[{{ v|isolate }}]").render(Context({"v": None})) == "[]"
    escaped = Template("{% load bidi %}{{ v|isolate }}").render(Context({"v": "<b>"}))
    assert escaped == "\u2068&lt;b&gt;\u2069"


def _with_includes(templates: Path, page: str) -> str:
    """A page's source and the partials it includes (a sentence may move into one)."""
    source = (templates / page).read_text(encoding="utf-8")
    included = re.findall(r'{% include "([^"]+)"', source)
    return source + "".join(_with_includes(templates, inner) for inner in included)


def test_pages_that_name_a_classmate_isolate_the_name():
    templates = Path(settings.BASE_DIR) / "templates"
    for page in ("challenges/list.html", "collaboration/list.html", "peerhelp/home.html"):
        source = _with_includes(templates, page)
        names = re.findall(r"blocktranslate [^%]*\bname=((?:[^ %]| classmate)+)", source)
        assert names and all(n.endswith("|isolate") for n in names), (page, names)
