"""Numbers in words: a sentence that counts something goes through ngettext, so each language
picks its own form (Arabic has six: 0, 1, 2, 3-10, 11-99, 100+; French says "1 jour" but
"0 jour"). The rule checked here: a msgid in which a count placeholder (%(count)s,
%(counter)s, %(n)d, %(num)d, %(days)s, {count}, {n} ...) is followed by a word (what is
counted: "%(n)d goals", "{count} students") must be a plural entry. Ordinals and labels
("Question {n}", "Page %(number)s of %(total)s", "{n} s left") are not counts of a noun, nor is
a ratio ("{reached}/{total} members", written as a label in each language). In "N of M
<noun>" the noun agrees with the total: "1 of 5 skills mastered", never "1 of 5 skill".
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from .po_catalog import Entry, read

CATALOGS = {
    code: Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po"
    for code, _ in settings.LANGUAGES
    if code != "en"
}
ARABIC_PLURALS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5;"
)
COUNTED = re.compile(
    r"(?<!/)(?:%\((?:count|counter|n|num|days|hours|minutes|amount|target|goal|answers|total|sessions"
    r"|seconds|points|limit)\)[sd]|\{(?:count|counter|n|num|total)\})"
    r"[ \u00a0]+(?!(?:of|s|at|in|on|this|a|an|the|master|practised|together)\b)[^\W\d_]{2,}"
)


def counting_singulars(entries: list[Entry]) -> set[str]:
    return {e.msgid for e in entries if e.msgid and not e.msgid_plural and COUNTED.search(e.msgid)}


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_counting_sentences_are_plural_entries(language):
    found = counting_singulars(read(CATALOGS[language]))
    assert found == set(), "use ngettext / {% blocktranslate count %}"


def test_the_rule_finds_a_count_and_leaves_labels_alone():
    assert COUNTED.search("You have %(count)d challenges going")
    assert COUNTED.search("{n} students joined")
    assert COUNTED.search("Practised %(days)s days in a row")
    assert COUNTED.search("%(value)s of %(target)s days in a row")  # counts by the total
    assert not COUNTED.search("Question {n} of {total}")
    assert not COUNTED.search("Page %(number)s of %(total)s")
    assert not COUNTED.search("{n} s left")
    assert not COUNTED.search("+%(n)s this week")
    assert not COUNTED.search("%(value)s of %(total)s master it so far.")  # a verb
    assert not COUNTED.search("{reached}/{total} members")  # a ratio, written as a label


def test_arabic_has_six_plural_forms_and_every_plural_entry_fills_them():
    entries = read(CATALOGS["ar"])
    header = entries[0]
    assert header.msgid == ""
    assert f"Plural-Forms: {ARABIC_PLURALS}" in header.msgstr[0].replace("\n", "")
    short = [
        e.msgid
        for e in entries
        if e.msgid_plural and "fuzzy" not in e.flags and sorted(e.msgstr) != list(range(6))
    ]
    assert short == []
    empty = [e.msgid for e in entries if e.msgid_plural and not all(e.msgstr.values())]
    assert empty == []


def test_french_plural_entries_have_both_forms():
    entries = read(CATALOGS["fr"])
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in entries[0].msgstr[0]
    assert [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr) != [0, 1]] == []
