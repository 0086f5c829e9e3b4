"""A translation never just repeats its English source: a word spelled alike in French
("question", "message") still gets its own wording, or the non-breaking space French puts
between a number and its unit."""

import pytest
from django.conf import settings

from .po_catalog import read
from .test_plural_catalog import CATALOGS


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_no_translation_echoes_its_msgid(language):
    echoes = [
        e.msgid
        for e in read(CATALOGS[language])
        if e.msgid
        and (e.msgstr.get(0) == e.msgid or (e.msgid_plural and e.msgstr.get(1) == e.msgid_plural))
    ]
    assert echoes == []


def test_every_language_but_english_has_a_catalog():
    assert set(CATALOGS) == {code for code, _ in settings.LANGUAGES} - {"en"}
