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
    from django.utils.html import format_html

    link = format_html('<a href="/s/1/">{}</a>', "Ré<mi>")
    kept = Template("{% load bidi %}{{ v|isolate }}").render(Context({"v": link}))
    assert kept == '\u2068<a href="/s/1/">Ré&lt;mi&gt;</a>\u2069'


# A value bound in a translated sentence is name-like when its variable or its source names a
# person, a group, a skill/exercise/subject title or text someone wrote.
NAME_LIKE = re.compile(
    r"(?:^|[._])(?:(?:display_|full_|skill_|get_full_)?name|title|text|topic|challenger|opponent"
    r"|helper|asked_helper|requester|student|invited_by|user|child|parent|teacher|tutor"
    r"|feedback_by|opened_by|alias|get_username|subject|group|skills?|exercise"
    r")$"
)
# Bindings that look name-like but are deliberately not isolated: (template, variable): why.
NOT_ISOLATED = {
    ("leaderboards/_board.html", "alias"): 'a generated "Student N" in the page\'s language',
    ("leaderboards/_standing.html", "alias"): 'a generated "Student N" in the page\'s language',
}
TAG = re.compile(r"{%\s*blocktranslate\b(.*?)%}", re.S)


def _bindings(source: str):
    """Each (variable, expression) bound by a blocktranslate tag, parsed as Django does."""
    from django.utils.text import smart_split

    for tag in TAG.findall(source):
        for bit in smart_split(tag):
            variable, sep, expression = bit.partition("=")
            if sep and re.fullmatch(r"\w+", variable):
                yield variable, expression


def _name_like(variable: str, expression: str) -> bool:
    if expression[:1] in "\"'":
        return False  # a "{placeholder}" the browser fills, through its own isolate()
    source = expression.split("|")[0]
    return bool(NAME_LIKE.search(variable) or NAME_LIKE.search(source))


def test_every_name_in_a_translated_sentence_is_isolated():
    templates = Path(settings.BASE_DIR) / "templates"
    checked, bare, unused = 0, [], set(NOT_ISOLATED)
    for path in sorted(templates.rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        page = str(path.relative_to(templates))
        source = path.read_text(encoding="utf-8")
        for variable, expression in _bindings(source):
            if not _name_like(variable, expression):
                continue
            if (page, variable) in NOT_ISOLATED:
                unused.discard((page, variable))
                continue
            checked += 1
            if not expression.endswith("|isolate"):
                bare.append((page, f"{variable}={expression}"))
            elif not re.search(r"{%\s*load [^%]*\bbidi\b", source):
                bare.append((page, "isolate used without {% load bidi %}"))
    assert checked >= 60
    assert bare == []
    assert unused == set(), "an allow-list entry no longer matches a template"


def test_the_template_check_tells_names_from_numbers():
    tags = (
        '{% blocktranslate with name=help.helper|default_if_none:_("a classmate") '
        'skill=c.skill_name n=g.week.gained ph="{helper}" %}'
    )
    found = {v: _name_like(v, e) for v, e in _bindings(tags)}
    assert found == {"name": True, "skill": True, "n": False, "ph": False}
    assert dict(_bindings(tags))["name"] == 'help.helper|default_if_none:_("a classmate")'
