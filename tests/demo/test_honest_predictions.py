"""Honest predictions on the demo school (issue 9): for every struggling pupil, each locked
skill that says "about N more right answers" opens after exactly those answers, given the
way practice serves them (the skill queue, through the real attempt_record); and a struggling
pupil whose question bank is used up still rises to proficient by practising.

The school is seeded once for the module inside a transaction rolled back at the end; each
case runs in a savepoint of its own, so one case's answers never help the next.
"""

import pytest
from django.db import transaction

from accounts.models import User
from demo import people
from demo.simulate import assign_profiles
from mastery import rules, selectors, services, variants
from mastery.models import Question, SkillProgress
from tests.demo_school import demo_school_for_module

ANCHOR = "2026-11-25"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with demo_school_for_module(django_db_blocker, ANCHOR):
        yield


def struggling() -> list[User]:
    names = [
        person.username
        for person, (profile, _quiet) in zip(
            people.STUDENTS, assign_profiles(len(people.STUDENTS)), strict=True
        )
        if profile == "struggling"
    ]
    return list(User.objects.filter(username__in=names).order_by("username"))


def answer_right_as_served(student: User, skill) -> rules.Displayed:
    """Practise the skill as its practice page would: the head of the queue, served (a
    template draws its numbers), answered right."""
    [(question, _template, _evidence)] = selectors.skill_queue(
        student=student, skill=skill, limit=1
    )
    question = Question.objects.select_related("exercise__skill").get(pk=question.pk)
    serve = services.question_serve(student=student, question=question)
    if question.kind == Question.Kind.CHOICE:
        answer = str(question.choices.get(is_correct=True).pk)
    else:
        answer = variants.answer_text(question, variants.draw(question, serve.variant), "en")
    outcome = services.attempt_record(
        student=student, question=question, answer=answer, exercise_pass=False
    )
    assert outcome.attempt.correct, (question.pk, answer)
    return outcome.shown


def locked_with_answers(student: User):
    """(locked node, its unlock steps) for each locked skill predicting N answers."""
    for view in selectors.student_overview(student=student):
        for node in view.nodes:
            if node.status == "locked" and node.answers_to_unlock:
                yield node


@pytest.mark.django_db
def test_following_the_suggestion_opens_the_skill(seeded):
    cases = 0
    for student in struggling():
        for node in list(locked_with_answers(student)):
            sid = transaction.savepoint_create()
            steps = [(s.prerequisite.ref, s.answers) for s in node.unlock_steps]
            total = sum(n for _, n in steps)
            assert total == node.answers_to_unlock
            for index, (prerequisite, answers) in enumerate(steps):
                for _ in range(answers - 1):
                    answer_right_as_served(student, prerequisite)
                if index == len(steps) - 1:
                    # One answer short of the prediction: still locked (N is not padded).
                    assert selectors.skill_locked(student=student, skill=node.ref), (
                        student.username,
                        node.name,
                    )
                answer_right_as_served(student, prerequisite)
            assert not selectors.skill_locked(student=student, skill=node.ref), (
                student.username,
                node.name,
                steps,
            )
            transaction.savepoint_rollback(sid)
            cases += 1
    assert cases >= 5, "the demo should have struggling pupils with locked skills to open"


def exhausted_pairs():
    """(student, skill) of struggling pupils below proficient who have answered every
    fixed question of the skill (the bank that used to run dry)."""
    for student in struggling():
        rows = SkillProgress.objects.filter(student=student, attempts__gt=0).select_related("skill")
        for row in rows:
            shown = selectors.progress_displayed(row, top_level=row.skill.top_level)
            fixed = Question.objects.filter(exercise__skill=row.skill, answer_formula="")
            seen = set(
                row.skill.attempts.filter(student=student).values_list("question_id", flat=True)
            )
            if shown.percent < 70 and set(fixed.values_list("pk", flat=True)) <= seen:
                yield student, row.skill, shown


@pytest.mark.django_db
def test_a_struggling_pupil_with_a_used_up_bank_rises_to_proficient(seeded):
    pairs = list(exhausted_pairs())
    assert pairs, "the demo should have a struggling pupil who has seen every question"
    for student, skill, before in pairs[:6]:
        sid = transaction.savepoint_create()
        shown = before
        for _ in range(60):
            after = answer_right_as_served(student, skill)
            assert after.percent >= shown.percent  # a right answer never lowers it
            shown = after
            if shown.percent >= 70:
                break
        assert shown.level in ("proficient", "mastered"), (student.username, skill.name, shown)
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db
def test_every_journey_follows_the_tree(seeded):
    """Stages in prerequisite order; "you are here" is a skill being worked on or ready,
    never a fading one; fading skills are the separate refresh note; a "Mastered" stage or
    badge only beside a mastered number."""
    from mastery import journey

    for student in User.objects.filter(role=User.Role.STUDENT):
        for view in selectors.student_overview(student=student):
            j = journey.build(view.nodes)
            position = {s.node.id: i for i, s in enumerate(j.stages)}
            for stage in j.stages:
                assert all(
                    position[p] < position[stage.node.id] for p in stage.node.prerequisite_ids
                )
                if stage.kind == "completed":
                    assert stage.node.mastery >= rules.MASTERED and stage.node.level == "mastered"
            if j.current is not None:
                assert j.current.status in ("in_progress", "ready")
                assert not j.current.due_for_refresh
            assert [n.id for n in j.refresh] == [
                s.node.id for s in j.stages if s.node.due_for_refresh and s.kind != "current"
            ]
            for node in view.nodes:
                assert (node.status == "mastered") == node.shown.mastered
