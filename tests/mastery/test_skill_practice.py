"""The "Practise this skill" page: one question after another from the skill's queue."""

import re

import pytest
from django.urls import reverse

from mastery import variants
from mastery.models import Attempt, ExerciseRun, QuestionServe
from tests.factories import correct_choice, make_template, wrong_choice

pytestmark = pytest.mark.django_db


def page_url(skill):
    return reverse("skill_practice", args=[skill.pk])


def answer_url(skill, question):
    return reverse("skill_practice_answer", args=[skill.pk, question.pk])


def open_serve(student):
    return QuestionServe.objects.get(student=student, answered_at=None)


def right_answer(question, serve) -> str:
    if question.kind == "choice":
        return str(correct_choice(question).pk)
    return str(variants.draw(question, serve.variant).answer)


def test_only_students_of_the_subject_may_practise_it(client, world):
    addition = world.skills[0]
    assert client.get(page_url(addition)).status_code == 302  # login first
    client.force_login(world.teacher_a)
    assert client.get(page_url(addition)).status_code == 403
    client.force_login(world.alice)
    physics = world.physics_exercise.skill
    assert client.get(page_url(physics)).status_code == 403
    question = world.physics_exercise.questions.first()
    assert client.post(answer_url(physics, question), {"answer": "1"}).status_code == 403
    assert client.get(reverse("skill_practice", args=[999999])).status_code == 404
    # A question of another skill cannot be answered through this skill's page.
    assert (
        client.post(answer_url(world.skills[1], world.choice_q), {"answer": "1"}).status_code == 404
    )
    assert not Attempt.objects.exists()


def test_one_question_after_another_and_a_reload_keeps_the_question(client, world):
    skill = world.skills[0]
    client.force_login(world.alice)
    page = client.get(page_url(skill))
    assert page.status_code == 200
    assert world.choice_q.prompt in page.text and "is_correct" not in page.text
    assert world.choice_q.explanation not in page.text
    assert client.get(page_url(skill)).text.count(world.choice_q.prompt) == 1
    assert QuestionServe.objects.filter(student=world.alice).count() == 1

    feedback = client.post(
        answer_url(skill, world.choice_q),
        {"answer": correct_choice(world.choice_q).pk},
        HTTP_HX_REQUEST="true",
    ).text
    assert 'data-feedback="first_try"' in feedback
    assert f'href="{page_url(skill)}" data-next-question' in feedback
    assert 'hx-swap-oob="true"' in feedback and 'data-answers-today="1"' in feedback
    shown = re.search(r"data-mastery-value>(\d+)<", feedback).group(1)
    assert int(shown) > 0  # the displayed mastery moved with the answer
    attempt = Attempt.objects.get()
    assert attempt.correct and attempt.run is None  # skill practice joins no exercise pass
    assert not ExerciseRun.objects.exists()

    second = client.get(page_url(skill)).text
    assert world.numeric_q.prompt in second  # the next item of the queue


def test_the_page_never_runs_out(client, world):
    skill = world.skills[0]
    client.force_login(world.alice)
    seen = []
    for _ in range(6):  # three times the bank
        client.get(page_url(skill))
        serve = open_serve(world.alice)
        seen.append(serve.question_id)
        question = serve.question
        response = client.post(
            answer_url(skill, question),
            {"answer": right_answer(question, serve)},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
    assert set(seen) == {world.choice_q.pk, world.numeric_q.pk}
    assert Attempt.objects.filter(student=world.alice, correct=True).count() == 6


def test_a_template_is_served_as_a_fresh_variant_each_time(client, world):
    skill = world.skills[0]
    template = make_template(world.exercise)
    client.force_login(world.alice)
    url = page_url(skill) + f"?q={template.pk}"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    serve = open_serve(world.alice)
    v = variants.draw(template, serve.variant)
    prompt = f"Calcule {v.values['a']} + {variants.format_number(v.values['b'], 'fr')}."
    assert prompt in page and f"= {variants.format_number(v.answer, 'fr')}" not in page
    assert prompt in client.get(page_url(skill), HTTP_ACCEPT_LANGUAGE="fr").text  # reload
    feedback = client.post(
        answer_url(skill, template),
        {"answer": variants.format_number(v.answer, "fr")},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="fr",
    ).text
    assert 'data-feedback="first_try"' in feedback
    assert f'<strong class="solution">{variants.format_number(v.answer, "fr")}</strong>' in feedback
    assert Attempt.objects.get().variant == serve.variant
    client.get(url)
    assert open_serve(world.alice).variant != serve.variant


def test_a_wrong_answer_offers_another_try_and_a_bad_one_changes_nothing(client, world):
    skill = world.skills[0]
    client.force_login(world.alice)
    client.get(page_url(skill))
    bad = client.post(
        answer_url(skill, world.numeric_q), {"answer": "seven"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400 and "number" in bad.text
    assert not Attempt.objects.exists()
    feedback = client.post(
        answer_url(skill, world.choice_q),
        {"answer": wrong_choice(world.choice_q).pk},
        HTTP_HX_REQUEST="true",
    ).text
    assert 'data-feedback="keep_going"' in feedback and 'class="solution"' not in feedback
    assert f'href="{page_url(skill)}?q={world.choice_q.pk}" data-try-again' in feedback
    assert world.choice_q.prompt in client.get(page_url(skill) + f"?q={world.choice_q.pk}").text


def test_a_locked_skill_says_what_opens_it(client, world):
    multiplication = world.skills[1]
    client.force_login(world.alice)
    page = client.get(page_url(multiplication)).text
    assert "data-skill-locked" in page
    assert f'href="{page_url(world.skills[0])}"' in page  # practise the prerequisite
    assert not QuestionServe.objects.exists()
    response = client.post(answer_url(multiplication, world.choice_q), {"answer": "1"})
    assert response.status_code == 404  # not a question of this skill


def test_the_subject_and_results_pages_link_to_skill_practice(client, world):
    client.force_login(world.alice)
    subject = client.get(reverse("subject", args=[world.math.pk])).text
    assert f'href="{page_url(world.skills[0])}" data-practise-skill' in subject
    assert f'href="{page_url(world.skills[1])}"' not in subject  # locked: nothing to practise
    done = client.get(reverse("practice_done", args=[world.exercise.pk])).text
    assert f'href="{page_url(world.skills[0])}" data-practise-skill' in done


def test_the_page_in_arabic(client, world):
    client.force_login(world.alice)
    page = client.get(page_url(world.skills[0]), HTTP_ACCEPT_LANGUAGE="ar").text
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert 'data-answers-today="0"' in page


def test_feedback_counts_tries_at_the_item_shown(client, world):
    skill = world.skills[0]
    template = make_template(world.exercise)
    client.force_login(world.alice)

    def answer(question, value):
        return client.post(
            answer_url(skill, question), {"answer": value}, HTTP_HX_REQUEST="true"
        ).text

    # A fixed question answered right before, then wrong, then right: a retry paid off.
    client.get(page_url(skill) + f"?q={world.numeric_q.pk}")
    assert 'data-feedback="first_try"' in answer(world.numeric_q, "7")
    client.get(page_url(skill) + f"?q={world.numeric_q.pk}")
    assert 'data-feedback="keep_going"' in answer(world.numeric_q, "8")
    client.get(page_url(skill) + f"?q={world.numeric_q.pk}")
    assert 'data-feedback="after_retry"' in answer(world.numeric_q, "7")
    # A template's fresh variant is a first try however often the template was answered...
    for _ in range(2):
        client.get(page_url(skill) + f"?q={template.pk}")
        serve = open_serve(world.alice)
        assert 'data-feedback="first_try"' in answer(template, right_answer(template, serve))
    # ...and a wrong answer shows how that variant works out: its numbers never come back.
    client.get(page_url(skill) + f"?q={template.pk}")
    v = variants.draw(template, open_serve(world.alice).variant)
    wrong = answer(template, str(v.answer + 1))
    assert 'data-feedback="show_solution"' in wrong
    assert f'<strong class="solution">{variants.format_number(v.answer)}</strong>' in wrong
