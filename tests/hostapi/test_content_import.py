"""Host lessons and exercises as skills and questions: what fits is mapped, the rest reported."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hostapi.content import content_import
from mastery.models import Choice, Exercise, Question, Skill
from schools.models import Subject

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "host-content.json"


def document() -> dict:
    return json.loads(EXAMPLE.read_text())


def test_lessons_become_skills_in_three_languages():
    report = content_import(document=document())
    assert report.ok, report.summary()
    polynomials = Skill.objects.get(code="host-lesson-201")
    assert (polynomials.name_en, polynomials.name_fr, polynomials.name_ar) == (
        "Polynomials",
        "Les polynômes",
        "الحدوديات",
    )
    assert polynomials.subject.code == "MATH101" and polynomials.tier == 1
    assert polynomials.description_fr == "Factoriser un polynôme connaissant une racine."
    inertia = Skill.objects.get(code="host-lesson-301")
    assert inertia.tier == 2 and inertia.subject.name_fr == "Physique-Chimie"
    # "L'ordre dans R" names a lesson of the file: a real prerequisite; the rest is reported.
    assert list(polynomials.prerequisites.values_list("code", flat=True)) == ["host-lesson-200"]
    assert any("Calcul littéral (collège)" in line for line in report.left_out)


def test_exercises_and_questions_are_mapped_where_they_fit():
    report = content_import(document=document())
    roots = Exercise.objects.get(external_ref="901")
    assert (roots.title_fr, roots.title_ar, roots.difficulty) == (
        "Racines et factorisation",
        "الجذور والتعميل",
        "beginner",
    )
    assert roots.skill.code == "host-lesson-201"
    first = Question.objects.get(external_ref="9011")
    assert first.kind == "choice" and first.prompt_ar.startswith("ما هو جذر")
    assert first.explanation_fr == "P(1) = 1 − 3 + 2 = 0"
    assert [(c.text_fr, c.is_correct) for c in first.choices.all()] == [
        ("0", False),
        ("1", True),
        ("3", False),
    ]
    # True/false with its two choices and a one-blank fill-in fit; several right answers do not.
    assert set(
        Question.objects.filter(exercise__external_ref="902").values_list("external_ref", flat=True)
    ) == {"9021", "9023"}
    blank = Question.objects.get(external_ref="9023")
    assert [c.text_fr for c in blank.choices.filter(is_correct=True)] == ["x − a"]
    # "easy" on the host reads as beginner; an exercise with only essays is not imported.
    assert Exercise.objects.get(external_ref="904").difficulty == "beginner"
    assert not Exercise.objects.filter(external_ref__in=["903", "905"]).exists()
    text = "\n".join(report.summary())
    for reason in ("open_short", "open_long", "3 choices with 2 right ones", "not published"):
        assert reason in text, reason
    assert "Not used here: points" in text and "question images" in text
    assert (report.created["skill"], report.created["exercise"], report.created["question"]) == (
        3,
        3,
        5,
    )


def test_importing_again_changes_nothing_and_edits_follow():
    content_import(document=document())
    counts = [m.objects.count() for m in (Skill, Exercise, Question, Choice)]
    again = content_import(document=document())
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert counts == [m.objects.count() for m in (Skill, Exercise, Question, Choice)]
    edited = document()
    edited["exercises"][0]["questions"][0]["choices"].pop()
    edited["exercises"][0]["title"] = "Racines d'un polynôme"
    report = content_import(document=edited)
    assert (report.updated["exercise"], report.updated["question"]) == (1, 1)
    assert Question.objects.get(external_ref="9011").choices.count() == 2


def test_an_existing_subject_keeps_its_names():
    Subject.objects.create(code="MATH101", name_en="Maths", name_fr="Maths TC")
    content_import(document=document())
    math = Subject.objects.get(code="MATH101")
    assert (math.name_en, math.name_fr, math.name_ar) == ("Maths", "Maths TC", "الرياضيات")


def test_a_dry_run_and_a_wrong_file_save_nothing():
    report = content_import(document=document(), dry_run=True)
    assert report.created["question"] == 5 and not Skill.objects.exists()
    bad = content_import(document={"exercises": []})
    assert not bad.ok and not Subject.objects.exists()


def test_the_command_prints_its_report(tmp_path):
    out = StringIO()
    call_command("content_import", EXAMPLE, stdout=out)
    assert "Questions: 5 new" in out.getvalue() and "Not imported:" in out.getvalue()
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(CommandError):
        call_command("content_import", broken, stdout=StringIO())
