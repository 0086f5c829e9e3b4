"""Content in the admin: three languages, choices inline, model parameters tucked away."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from challenges.models import Challenge, ChallengeAnswer, ChallengePlayer
from mastery.models import Choice, Question
from tests.challenges.helpers import answer, started
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_the_skill_page_hides_the_model_parameters(admin_client, world):
    page = admin_client.get(reverse("admin:mastery_skill_change", args=[world.skills[1].pk]))
    assert page.status_code == 200
    html = page.text
    for lang in ("ar", "fr", "en"):
        assert f'name="name_{lang}"' in html and f'name="description_{lang}"' in html
    advanced = html.index("Advanced (model parameters)")
    fieldset_start = html.rindex("<fieldset", 0, advanced)
    assert "collapse" in html[fieldset_start:advanced]
    assert all(html.index(f'name="{p}"') > advanced for p in ("p_init", "p_learn", "p_guess"))
    assert "lucky guess" in html  # the parameters are explained in plain words
    assert "_old" not in html.split('id="content-main"')[1].split("</form>")[0]
    assert "admin_tabs/translation_tabs" in html and "googleapis" not in html
    assert (
        world.exercise.title
        in admin_client.get(reverse("admin:mastery_skill_change", args=[world.skills[0].pk])).text
    )  # the skill lists its exercises


def test_the_exercise_links_its_questions(admin_client, world):
    html = admin_client.get(reverse("admin:mastery_exercise_change", args=[world.exercise.pk])).text
    for question in (world.choice_q, world.numeric_q):
        assert reverse("admin:mastery_question_change", args=[question.pk]) in html
    assert f"{reverse('admin:mastery_question_add')}?exercise={world.exercise.pk}" in html


def test_the_question_page_has_choices_inline_in_three_languages(admin_client, world):
    html = admin_client.get(reverse("admin:mastery_question_change", args=[world.choice_q.pk])).text
    for lang in ("ar", "fr", "en"):
        assert f'name="prompt_{lang}"' in html and f'name="choices-0-text_{lang}"' in html
    advanced = html.index("Advanced (parametrised question)")
    assert html.index('name="answer_formula"') > advanced and "docs/content-format.md" in html
    assert (
        admin_client.get(
            reverse("admin:mastery_question_add") + f"?exercise={world.exercise.pk}"
        ).status_code
        == 200
    )


def question_form(world, choices):
    data = {
        "exercise": world.exercise.pk,
        "kind": "choice",
        "position": 3,
        "prompt_fr": "Combien font 6 × 7 ?",
        "prompt_ar": "كم يساوي 6 × 7؟",
        "prompt_en": "",
        "hint_en": "",
        "hint_fr": "",
        "hint_ar": "",
        "explanation_en": "",
        "explanation_fr": "",
        "explanation_ar": "",
        "tolerance": "0",
        "params": "{}",
        "answer_formula": "",
        "external_ref": "",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, (text, right) in enumerate(choices):
        data.update(
            {
                f"choices-{i}-position": i,
                f"choices-{i}-text_fr": text,
                f"choices-{i}-text_en": "",
                f"choices-{i}-text_ar": "",
            }
        )
        if right:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def test_a_question_written_in_french_and_arabic_is_saved(admin_client, world):
    url = reverse("admin:mastery_question_add")
    response = admin_client.post(url, question_form(world, [("42", True), ("48", False)]))
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.text, re.S
    )
    question = Question.objects.get(prompt_fr="Combien font 6 × 7 ?")
    assert question.prompt_ar == "كم يساوي 6 × 7؟"
    assert list(question.choices.values_list("text_fr", "is_correct")) == [
        ("42", True),
        ("48", False),
    ]


def test_a_choice_question_needs_exactly_one_right_choice(admin_client, world):
    url = reverse("admin:mastery_question_add")
    response = admin_client.post(url, question_form(world, [("42", True), ("48", True)]))
    assert response.status_code == 200 and "one of them right" in response.text
    response = admin_client.post(url, question_form(world, [("42", True)]))
    assert response.status_code == 200
    assert not Question.objects.filter(prompt_fr="Combien font 6 × 7 ?").exists()
    assert Choice.objects.count() == 6


def test_friendly_challenges_are_records_in_the_admin(admin_client, world):
    challenge = started(world)
    answer(world, challenge, world.alice)
    for model in (Challenge, ChallengePlayer, ChallengeAnswer):
        prefix = f"admin:challenges_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
        obj = model.objects.first()
        page = admin_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.text
        assert admin_client.get(reverse(f"{prefix}_add")).status_code == 403


def test_a_prompt_is_needed_in_at_least_one_language(admin_client, world):
    data = question_form(world, [("42", True), ("48", False)])
    data.update({"prompt_fr": "", "prompt_ar": ""})
    response = admin_client.post(reverse("admin:mastery_question_add"), data)
    assert response.status_code == 200 and "at least one language" in response.text


def test_prerequisites_offered_are_the_subjects_other_skills(admin_client, world):
    addition, multiplication, division = world.skills
    page = admin_client.get(reverse("admin:mastery_skill_change", args=[multiplication.pk]))
    offered = set(page.context["adminform"].form.fields["prerequisites"].queryset)
    assert offered == {addition, division}


def _question_post(world, **fields) -> dict:
    data = {
        "exercise": world.exercise.pk,
        "kind": "numeric",
        "position": 5,
        "prompt_en": "Calculate {a} × 3.",
        "prompt_fr": "Calcule {a} × 3.",
        "prompt_ar": "احسب {a} × 3",
        "tolerance": "0",
        "params": '{"vars": {"a": {"min": 2, "max": 9}}}',
        "answer_formula": "a * 3",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_a_template_is_checked_when_saved_in_the_admin(admin_client, world):
    url = reverse("admin:mastery_question_add")
    refused = admin_client.post(url, _question_post(world, answer_formula="a * c"))
    assert refused.status_code == 200
    assert "c is not a parameter" in refused.text
    refused = admin_client.post(url, _question_post(world, prompt_fr="Calcule {b} × 3."))
    assert "uses {b}, which is not a parameter" in refused.text
    assert not Question.objects.filter(position=5).exists()
    saved = admin_client.post(url, _question_post(world))
    assert saved.status_code == 302
    assert Question.objects.get(position=5).is_template
