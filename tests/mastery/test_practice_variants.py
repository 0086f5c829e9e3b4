"""Practice with a parametrised question: each serve a variant, graded against what was shown."""

import pytest
from django.urls import reverse

from mastery import services, variants
from mastery.errors import InvalidAnswer
from mastery.models import Attempt, QuestionServe
from tests.factories import make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def template_q(world):
    return make_template(world.exercise)


def _answer_of(question, serve) -> str:
    return str(variants.draw(question, serve.variant).answer)


def test_a_serve_keeps_its_variant_until_answered_then_the_next_is_new(world, template_q):
    first = services.question_serve(student=world.alice, question=template_q)
    assert first.variant != variants.FIXED
    again = services.question_serve(student=world.alice, question=template_q)
    assert (again.pk, again.variant) == (first.pk, first.variant)  # a reload keeps it
    outcome = services.attempt_record(
        student=world.alice, question=template_q, answer=_answer_of(template_q, first)
    )
    assert outcome.attempt.correct and outcome.attempt.variant == first.variant
    following = services.question_serve(student=world.alice, question=template_q)
    assert following.pk != first.pk and following.variant not in (0, first.variant)


def test_the_answer_is_graded_against_the_variant_shown(world, template_q):
    serve = services.question_serve(student=world.alice, question=template_q)
    shown = variants.draw(template_q, serve.variant)
    other = next(
        variants.draw(template_q, s)
        for s in range(1, 100)
        if variants.draw(template_q, s).answer != shown.answer
    )
    outcome = services.attempt_record(
        student=world.alice, question=template_q, answer=str(other.answer)
    )
    assert not outcome.attempt.correct and outcome.attempt.variant == serve.variant
    # Written the French way, the right answer of the same variant counts.
    services.question_serve(student=world.alice, question=template_q)
    retry = QuestionServe.objects.filter(student=world.alice, answered_at=None).get()
    typed = variants.answer_text(template_q, variants.draw(template_q, retry.variant), "fr")
    assert services.attempt_record(
        student=world.alice, question=template_q, answer=typed
    ).attempt.correct


def test_a_template_answered_without_being_shown_is_refused(world, template_q):
    with pytest.raises(InvalidAnswer):
        services.attempt_record(student=world.alice, question=template_q, answer="12")
    assert not Attempt.objects.exists()


def test_a_fixed_question_keeps_variant_zero(world):
    serve = services.question_serve(student=world.alice, question=world.numeric_q)
    assert serve.variant == variants.FIXED
    outcome = services.attempt_record(
        student=world.alice, question=world.numeric_q, answer="7", variant=12
    )
    assert outcome.attempt.correct and outcome.attempt.variant == variants.FIXED


def test_the_hint_shows_the_variant_numbers(world, template_q):
    serve = services.question_serve(student=world.alice, question=template_q)
    v = variants.draw(template_q, serve.variant)
    hint = services.hint_reveal(student=world.alice, question=template_q)
    assert hint == f"Add {variants.format_number(v.values['b'])} to {v.values['a']}."
    assert QuestionServe.objects.get(pk=serve.pk).hint_used


def test_practice_page_shows_the_variant_and_never_its_answer(client, world, template_q):
    client.force_login(world.alice)
    url = reverse("practice", args=[world.exercise.pk]) + "?q=3"
    page = client.get(url).text
    serve = QuestionServe.objects.get(student=world.alice, question=template_q)
    v = variants.draw(template_q, serve.variant)
    prompt = f"Calculate {v.values['a']} + {variants.format_number(v.values['b'])}."
    assert prompt in page and "{a}" not in page
    assert f"= {variants.format_number(v.answer)}" not in page
    assert client.get(url).text.count(prompt) == 1  # a reload: the same numbers
    assert QuestionServe.objects.filter(student=world.alice, question=template_q).count() == 1

    answer = client.post(
        reverse("answer", args=[template_q.pk]),
        {"answer": variants.format_number(v.answer, "fr")},
        HTTP_HX_REQUEST="true",
    ).text
    assert 'data-feedback="first_try"' in answer
    assert f'<strong class="solution">{variants.format_number(v.answer)}</strong>' in answer
    explanation = f"{v.values['a']} + {variants.format_number(v.values['b'])} = "
    assert explanation + variants.format_number(v.answer) in answer
    assert Attempt.objects.get().variant == serve.variant

    client.get(url)  # the next serve after an answer: new numbers
    assert QuestionServe.objects.filter(student=world.alice, question=template_q).count() == 2
    assert QuestionServe.objects.filter(answered_at=None).get().variant != serve.variant


def test_practice_page_in_french_writes_decimal_commas(client, world, template_q):
    client.force_login(world.alice)
    page = client.get(
        reverse("practice", args=[world.exercise.pk]) + "?q=3", HTTP_ACCEPT_LANGUAGE="fr"
    ).text
    v = variants.draw(template_q, QuestionServe.objects.get().variant)
    assert f"Calcule {v.values['a']} + {variants.format_number(v.values['b'], 'fr')}." in page


def test_results_page_shows_the_numbers_answered(client, world, template_q):
    client.force_login(world.alice)
    serve = services.question_serve(student=world.alice, question=template_q)
    services.attempt_record(student=world.alice, question=template_q, answer="0")
    v = variants.draw(template_q, serve.variant)
    page = client.get(reverse("practice_done", args=[world.exercise.pk])).text
    assert f"Calculate {v.values['a']} + {variants.format_number(v.values['b'])}." in page
