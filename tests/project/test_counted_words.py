"""Counting sentences take each language's form for the number they count: Arabic's six
(0, 1, 2, 3-10, 11-99, 100+), French's two, and the noun of "N of M" agrees with what it
reads as a quantity, never "1 of 5 skill mastered"."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext


def render(language: str, source: str, **context) -> str:
    with translation.override(language):
        return Template("{% load i18n %}" + source).render(Context(context)).strip()


WAITING = (
    "You already have %(n)d question waiting. Withdraw it to ask another.",
    "You already have %(n)d questions waiting. Withdraw one to ask another.",
)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "لديك سؤال في الانتظار. يمكن سحبه"),
        (2, "لديك سؤالان في الانتظار."),
        (3, "لديك 3 أسئلة في الانتظار."),
        (11, "لديك 11 سؤالًا في الانتظار."),
        (100, "لديك 100 سؤال في الانتظار."),
    ],
)
def test_arabic_takes_the_form_of_each_number(n, words):
    with translation.override("ar"):
        assert words in ngettext(*WAITING, n) % {"n": n}


def test_french_says_one_question_and_two_questions_and_speaks_to_the_student():
    with translation.override("fr"):
        assert ngettext(*WAITING, 1) % {"n": 1} == (
            "Tu as déjà 1 question en attente. Retire-la pour en poser une autre."
        )
        assert (ngettext(*WAITING, 2) % {"n": 2}).startswith("Tu as déjà 2 questions")


MASTERED = (
    "{% blocktranslate count total=total with counter=done %}{{ counter }} of {{ total }} skill "
    "mastered{% plural %}{{ counter }} of {{ total }} skills mastered{% endblocktranslate %}"
)


def test_one_of_five_skills_reads_in_the_plural():
    assert render("en", MASTERED, done=1, total=5) == "1 of 5 skills mastered"
    assert render("en", MASTERED, done=1, total=1) == "1 of 1 skill mastered"
    assert render("fr", MASTERED, done=1, total=5) == "Compétences maîtrisées : 1 sur 5"
    assert render("fr", MASTERED, done=0, total=1) == "0 compétence maîtrisée sur 1"


def test_the_student_dashboard_counts_skills_by_their_total():
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "templates/dashboards/student.html").read_text()
    assert "blocktranslate count total=s.view.nodes|length with counter=" in source


KEEP_GOING = (
    "{% blocktranslate count target=target with best=best %}Keep going — you got {{ best }} of "
    "{{ target }} day.{% plural %}Keep going — you got {{ best }} of {{ target }} days."
    "{% endblocktranslate %}"
)


def test_keep_going_counts_the_target_in_arabic():
    assert render("ar", KEEP_GOING, best=1, target=2).endswith("من يومين.")
    assert render("ar", KEEP_GOING, best=4, target=14).endswith("من 14 يومًا.")
    assert render("ar", KEEP_GOING, best=4, target=7).endswith("من 7 أيام.")
    assert render("fr", KEEP_GOING, best=4, target=7) == "Continue — tu en es à 4 des 7 jours."


def test_live_labels_come_once_per_plural_category_of_the_language():
    source = (
        "{% load plural_labels %}{% plural_samples as samples %}{% for category, n in samples %}"
        '<span data-plural="{{ category }}">{% blocktranslate count counter=n with days="{days}" %}'
        "Learning moment: you practised {{ days }} day in a row! A steady habit makes learning "
        "stick.{% plural %}Learning moment: you practised {{ days }} days in a row! A steady habit "
        "makes learning stick.{% endblocktranslate %}</span>{% endfor %}"
    )
    arabic = render("ar", source)
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f'data-plural="{category}"' in arabic
    assert "تمرّنت يومين متتاليين" in arabic
    assert "تمرّنت {days} يومًا متتاليًا" in arabic
    assert "تمرّنت {days} أيام متتالية" in arabic
    english = render("en", source)
    assert english.count("data-plural=") == 2
    assert "you practised {days} day in a row" in english
