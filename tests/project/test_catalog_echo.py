"""A translation never just repeats its English source: a word spelled alike in French
("question", "message") still gets its own wording, or the non-breaking space French puts
between a number and its unit."""

import pytest
from django.conf import settings

from .po_catalog import Entry, read
from .test_plural_catalog import CATALOGS


def _plain(text: str) -> str:
    # A non-breaking space is still a space: "Question\u00a0{n}" echoes "Question {n}".
    return " ".join(text.split())


def echoes(entries) -> list[str]:
    return [
        e.msgid
        for e in entries
        if e.msgid
        and any(
            _plain(form) in {_plain(e.msgid), _plain(e.msgid_plural or e.msgid)}
            for form in e.msgstr.values()
        )
    ]


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_no_translation_echoes_its_msgid(language):
    assert echoes(read(CATALOGS[language])) == []


def test_a_non_breaking_space_or_a_plural_form_does_not_hide_an_echo():
    assert echoes(
        [
            Entry(msgid="Question {n}", msgstr={0: "Question\u00a0{n}"}),
            Entry(
                msgid="%(n)s point", msgid_plural="%(n)s points", msgstr={0: "x", 1: "%(n)s points"}
            ),
            Entry(msgid="Goal", msgstr={0: "Objectif"}),
        ]
    ) == ["Question {n}", "%(n)s point"]


def test_every_language_but_english_has_a_catalog():
    assert set(CATALOGS) == {code for code, _ in settings.LANGUAGES} - {"en"}
