"""Dates and numbers in each language's own way: English reads like en-GB (never the US
"11/28/2026"), Arabic has date-time formats of its own, no thousands separator, a decimal
comma in French and Arabic, and browser-side dates use Intl with the school's zone."""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from dashboards.answers import answer_text
from mastery.models import Question

DAY = date(2026, 11, 28)
MOMENT = datetime(2026, 11, 28, 14, 31)  # noqa: DTZ001 - a wall-clock time, for formatting only


def render(language: str, source: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime"),
    [
        ("en", "28/11/2026", "28/11/2026 14:31"),
        ("fr", "28/11/2026", "28/11/2026 14:31"),
        ("ar", "28\u200f/11\u200f/2026", "28\u200f/11\u200f/2026 14:31"),
    ],
)
def test_short_dates_put_the_day_first_in_every_language(language, short_date, short_datetime):
    with translation.override(language):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == short_date
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert date_format(MOMENT, "TIME_FORMAT") == "14:31"


def test_english_long_dates_read_like_en_gb():
    with translation.override("en"):
        assert date_format(DAY, "DATE_FORMAT") == "28 Nov 2026"
        assert "11/28" not in date_format(MOMENT, "DATETIME_FORMAT")


def test_numbers_have_no_thousands_separator_and_the_reader_s_decimal_mark():
    assert settings.USE_THOUSAND_SEPARATOR is False
    source = "{{ big }} {{ value }}"
    assert render("fr", source, big=12500, value=Decimal("529.2")) == "12500 529,2"
    assert render("en", source, big=12500, value=Decimal("529.2")) == "12500 529.2"
    assert render("ar", source, big=12500, value=Decimal("529.2")) == "12500 529,2"


def test_a_typed_number_reads_as_the_reader_writes_numbers():
    numeric = Question(kind=Question.Kind.NUMERIC)
    with translation.override("fr"):
        assert answer_text(numeric, "529.2") == "529,2"
        assert answer_text(numeric, "trois") == "trois"
    with translation.override("en"):
        assert answer_text(numeric, "529,2") == "529.2"


JS = Path(settings.BASE_DIR) / "static" / "js"
DATE_CALL = re.compile(r"(toLocale(?:Date|Time)?String|Intl\.DateTimeFormat)\(([^;]*)")


def test_browser_dates_use_the_page_locale_and_the_school_zone():
    calls = [
        (path.name, match.group(0))
        for path in sorted(JS.glob("*.js"))
        for match in DATE_CALL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert calls, "the study-group clock at least"
    for name, call in calls:
        assert "timeZone" in call and "dataset.locale" in call, (name, call)
