"""The content loader: the demo's YAML files read, check and load in three languages, and a
broken file is refused with the file and the item named."""

import re
from decimal import Decimal

import pytest
import yaml

from demo import loader
from demo.seeders.collaboration import group_specs
from mastery import rules, variants
from mastery.models import Choice, Exercise, Question, Skill
from schools.models import Subject

ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_every_content_file_reads():
    subjects = loader.read_folder()
    codes = {s.code for s in subjects}
    assert {"BIOL101", "PHYS101"} <= codes
    for subject in (s for s in subjects if s.code in ("BIOL101", "PHYS101")):
        for skill in subject.skills:
            levels = [e.level for e in skill.exercises]
            assert levels == sorted(levels) and levels[0] == 0, skill.code
            questions = [q for e in skill.exercises for q in e.questions]
            assert any(q.kind == "choice" for q in questions), skill.code
            assert any(q.is_template for q in questions), skill.code


@pytest.mark.django_db
def test_write_stores_the_tree_in_three_languages():
    subjects = [s for s in loader.read_folder() if s.code in ("BIOL101", "PHYS101")]
    loaded = loader.write(subjects)
    assert [s.row.code for s in loaded] == ["BIOL101", "PHYS101"]
    physics = loaded[1]
    counts = physics.counts()
    assert counts["skills"] == Skill.objects.filter(subject__code="PHYS101").count() == 5
    assert (
        counts["questions"]
        == Question.objects.filter(exercise__skill__subject__code="PHYS101").count()
    )
    assert counts["templates"] >= 30

    subject = Subject.objects.get(code="PHYS101")
    assert (subject.name_en, subject.name_fr) == ("Physics and Chemistry", "Physique-Chimie")
    inertia = Skill.objects.get(subject=subject, code="inertia")
    assert [p.code for p in inertia.prerequisites.all()] == ["gravitation"]
    assert inertia.name_fr == "Principe d'inertie" and ARABIC.search(inertia.name_ar)
    # bulk_create skips Exercise.save: the loader keeps the hardest level itself.
    assert inertia.top_level == rules.DIFFICULTY_RANK["advanced"]

    for question in Question.objects.filter(exercise__skill__subject__code__in=["PHYS101"]):
        assert question.prompt_en and question.prompt_fr and ARABIC.search(question.prompt_ar)
        assert question.prompt == question.prompt_en
        if question.kind == Question.Kind.CHOICE:
            assert question.choices.filter(is_correct=True).count() == 1
            assert not question.is_template
        elif question.is_template:
            assert question.numeric_answer is None
            assert question.params["vars"] and question.answer_formula
        else:
            assert question.numeric_answer is not None
    template = Question.objects.filter(
        exercise__skill=inertia, answer_formula="v", exercise__position=2
    ).first()
    assert template is not None and template.params["let"] == {"d": "round(v * t, 2)"}
    assert "{d}" in template.prompt_fr and "{t}" in template.prompt_ar
    choices = Choice.objects.filter(question__exercise__skill=inertia)
    assert all(c.text_en and c.text_fr and c.text_ar for c in choices)


@pytest.mark.django_db
def test_write_refuses_a_subject_that_exists():
    subject = loader.read(loader.CONTENT_DIR / "biology.yaml")
    loader.write([subject])
    with pytest.raises(loader.ContentError, match="BIOL101"):
        loader.write([subject])
    assert Exercise.objects.filter(skill__subject__code="BIOL101").count() == sum(
        len(s.exercises) for s in subject.skills
    )


def _doc(**question) -> dict:
    return {
        "code": "T101",
        "name": {"en": "Test", "fr": "Test", "ar": "اختبار"},
        "skills": [
            {
                "code": "first",
                "name": "First",
                "tier": 1,
                "position": 0,
                "exercises": [
                    {
                        "title": "Sheet",
                        "difficulty": "beginner",
                        "questions": [{"kind": "numeric", "prompt": "Q {a}", **question}],
                    }
                ],
            }
        ],
    }


def _error(doc) -> str:
    with pytest.raises(loader.ContentError) as caught:
        loader.parse(doc, source="maths.yaml")
    return str(caught.value)


def test_a_template_reads_into_params_and_formula():
    subject = loader.parse(
        _doc(vars={"a": {"min": 1, "max": 9}}, let={"b": "a * 2"}, where="a != 5", answer="b + 1"),
        source="t.yaml",
    )
    question = subject.skills[0].exercises[0].questions[0]
    assert question.is_template and question.answer is None
    assert question.params == {
        "vars": {"a": {"min": 1, "max": 9}},
        "let": {"b": "a * 2"},
        "where": "a != 5",
    }
    assert question.formula == "b + 1" and question.tolerance == Decimal(0)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"vars": {"a": {"min": 1, "max": 2}}, "answer": "a +"}, "answer: cannot read the"),
        ({"vars": {"a": {"min": 1, "max": 2}}, "answer": "b"}, "uses 'b', which is not defined"),
        (
            {"vars": {"a": {"min": 1, "max": 2}}, "answer": "__import__('os')"},
            "calls something other than",
        ),
        ({"vars": {"a": {"min": 1, "max": 2}}, "answer": "a.real"}, "Attribute"),
        ({"vars": {"a": {"min": 3, "max": 2}}, "answer": "a"}, "vars[a]: min is above max"),
        ({"answer": 4}, "prompt.en: {a} is not a var or let"),
        ({"vars": {"x": {"min": 1, "max": 2}}, "answer": "x"}, "{a} is not a var or let"),
        ({"answer": 1.23456}, "4 after"),
        ({"answer": 4, "tolerance": -1}, "tolerance cannot be negative"),
        ({"answer": 4, "colour": "red"}, "unknown key colour"),
    ],
)
def test_a_broken_question_names_the_file_and_the_item(question, message):
    text = _error(_doc(**question))
    assert text.startswith("maths.yaml: skills[first] exercises[0] questions[0]")
    assert message in text


def test_tree_and_text_errors_name_the_skill():
    doc = _doc(vars={"a": {"min": 1, "max": 2}}, answer="a")
    doc["skills"][0]["prerequisites"] = ["nowhere"]
    assert "skills[first] prerequisites: 'nowhere' is not a skill" in _error(doc)

    doc = _doc(vars={"a": {"min": 1, "max": 2}}, answer="a")
    doc["skills"][0]["prerequisites"] = ["first"]
    assert "prerequisites loop" in _error(doc)

    doc = _doc(vars={"a": {"min": 1, "max": 2}}, answer="a")
    doc["skills"][0]["name"] = {"en": "First", "fr": "Premier"}
    assert "skills[first] name: missing ar" in _error(doc)

    doc = _doc(vars={"a": {"min": 1, "max": 2}}, answer="a")
    doc["skills"][0]["exercises"][0]["difficulty"] = "hard"
    assert "exercises[0] difficulty: one of beginner" in _error(doc)

    doc = _doc()
    doc["skills"][0]["exercises"][0]["questions"] = [
        {"kind": "choice", "prompt": "Pick", "choices": [{"text": "a"}, {"text": "b"}]}
    ]
    assert "exactly one choice must be marked correct" in _error(doc)


def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(loader.ContentError, match=r"^broken\.yaml: cannot read"):
        loader.read(path)
    path.write_text(yaml.safe_dump({"code": "X"}), encoding="utf-8")
    with pytest.raises(loader.ContentError, match=r"^broken\.yaml: missing name, skills"):
        loader.read(path)


def test_every_template_draws_and_can_be_answered():
    """What mastery.variants refuses on save, refused here for every file: each template
    draws on every seed tried and its answers can be typed to the stated tolerance."""
    count = 0
    for subject in loader.read_folder():
        for skill in subject.skills:
            for exercise in skill.exercises:
                for data in exercise.questions:
                    if data.is_template:
                        variants.validate(loader._question_row(Exercise(), 0, data))
                        count += 1
    assert count >= 150


def test_study_groups_aim_at_skills_of_their_subject():
    skills = {s.code: {k.code for k in s.skills} for s in loader.read_folder()}
    specs = group_specs()
    assert {spec.subject for spec in specs} == {"MATH101", "PHYS101"}
    for spec in specs:
        assert spec.name and spec.focus and spec.members and spec.sessions
        assert all(code in skills[spec.subject] for code, _ in spec.goals), spec.name
