import re

import pytest
from django.urls import reverse

from mastery import services
from mastery.models import Attempt, QuestionServe
from tests.factories import PASSWORD, correct_choice, wrong_choice

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_login_with_password_then_logout(client, world):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert "Mathematics" in response.text
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_every_page_needs_login(client, world):
    for url in [
        reverse("home"),
        reverse("subject", args=[world.math.pk]),
        reverse("practice", args=[world.exercise.pk]),
        reverse("class_detail", args=[world.class_a.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_renders_in_three_languages(client):
    for code, marker in (("en", "Log in"), ("fr", 'lang="fr"'), ("ar", 'dir="rtl"')):
        response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=code)
        assert response.status_code == 200
        assert marker in response.text


def test_student_home_lists_own_subjects_only(client, world):
    login(client, world.alice)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Mathematics" in response.text
    assert "Physics" not in response.text  # Alice's class has no physics


def test_practice_never_sends_the_answer_key(client, world):
    login(client, world.alice)
    response = client.get(reverse("practice", args=[world.exercise.pk]))
    assert response.status_code == 200
    assert world.choice_q.prompt in response.text
    assert "is_correct" not in response.text
    assert world.choice_q.explanation not in response.text
    assert QuestionServe.objects.filter(student=world.alice, question=world.choice_q).exists()


def test_answer_records_attempt_and_gives_positive_feedback(client, world):
    login(client, world.alice)
    client.get(reverse("practice", args=[world.exercise.pk]))
    url = reverse("answer", args=[world.choice_q.pk])
    response = client.post(url, {"answer": wrong_choice(world.choice_q).pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-feedback="keep_going"' in response.text
    assert 'class="solution"' not in response.text  # the answer is not revealed yet
    response = client.post(
        url, {"answer": correct_choice(world.choice_q).pk}, HTTP_HX_REQUEST="true"
    )
    assert 'data-feedback="after_retry"' in response.text
    attempts = list(Attempt.objects.filter(student=world.alice).order_by("attempt_number"))
    assert [(a.attempt_number, a.correct) for a in attempts] == [(1, False), (2, True)]


def test_invalid_numeric_answer_is_refused_and_nothing_written(client, world):
    login(client, world.alice)
    response = client.post(
        reverse("answer", args=[world.numeric_q.pk]), {"answer": "seven"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "number" in response.text
    assert not Attempt.objects.exists()


def test_student_cannot_practise_another_class_subject(client, world):
    login(client, world.alice)
    assert client.get(reverse("practice", args=[world.physics_exercise.pk])).status_code == 403
    question = world.physics_exercise.questions.first()
    response = client.post(reverse("answer", args=[question.pk]), {"answer": "1"})
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_unknown_question_is_404(client, world):
    login(client, world.alice)
    assert client.post(reverse("answer", args=[999999]), {"answer": "1"}).status_code == 404


def test_teacher_sees_only_own_classes(client, world):
    login(client, world.teacher_a)
    assert client.get(reverse("class_detail", args=[world.class_a.pk])).status_code == 200
    assert client.get(reverse("class_detail", args=[world.class_b.pk])).status_code == 403
    home = client.get(reverse("home")).text
    assert "TC-A" in home and "TC-B" not in home


def test_student_cannot_open_teacher_pages(client, world):
    login(client, world.alice)
    assert client.get(reverse("class_detail", args=[world.class_a.pk])).status_code == 403


def test_hint_is_recorded_on_the_attempt(client, world):
    login(client, world.alice)
    client.get(reverse("practice", args=[world.exercise.pk]))
    response = client.post(reverse("hint", args=[world.choice_q.pk]))
    assert "Count on from 7." in response.text
    client.post(
        reverse("answer", args=[world.choice_q.pk]), {"answer": correct_choice(world.choice_q).pk}
    )
    assert Attempt.objects.get().hint_used is True


def test_class_page_shows_per_subject_averages(client, world):
    services.attempt_record(
        student=world.alice, question=world.choice_q, answer=str(correct_choice(world.choice_q).pk)
    )
    login(client, world.teacher_a)
    response = client.get(reverse("class_detail", args=[world.class_a.pk]))
    percentages = [int(v) for v in re.findall(r"<td>(\d+)%</td>", response.text)]
    assert percentages and all(0 <= v <= 100 for v in percentages)
    assert max(percentages) > 0


def test_subject_page_draws_the_tree_and_the_journey(client, world):
    services.attempt_record(
        student=world.alice, question=world.choice_q, answer=str(correct_choice(world.choice_q).pk)
    )
    login(client, world.alice)
    html = client.get(reverse("subject", args=[world.math.pk])).text
    addition, multiplication, division = world.skills
    assert f'data-tree-node="{addition.pk}" data-status="in_progress"' in html
    assert f'data-tree-node="{division.pk}" data-status="locked"' in html
    assert 'data-section="journey"' in html and 'data-stage="current"' in html
    assert 'data-milestone="master"' in html
    # Multiplication is locked: the page says how many correct answers would open it.
    assert re.search(r'data-answers-to-unlock="[1-9]\d*"', html)


def test_subject_page_is_mirrored_in_arabic(client, world):
    login(client, world.alice)
    html = client.get(reverse("subject", args=[world.math.pk]), HTTP_ACCEPT_LANGUAGE="ar").text
    assert 'dir="rtl"' in html and 'data-rtl="1"' in html


def test_the_tree_partial_is_the_student_tree_alone(client, world):
    """What tree-live.js swaps in after a live event: the same drawing, nothing else."""
    services.attempt_record(
        student=world.alice, question=world.choice_q, answer=str(correct_choice(world.choice_q).pk)
    )
    login(client, world.alice)
    url = reverse("subject_tree", args=[world.math.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith("<svg") and html.endswith("</svg>"), html[:200]
    addition, _, division = world.skills
    assert f'data-tree-node="{addition.pk}" data-status="in_progress"' in html
    assert f'data-tree-node="{division.pk}" data-status="locked"' in html
    assert f'data-tree-url="{url}"' in html
    page = client.get(reverse("subject", args=[world.math.pk])).text
    assert html in page  # the page draws exactly what the partial answers
    # On a practice page the nodes link to the subject page.
    practice = client.get(url + "?practice=1").text
    assert f'data-tree-url="{url}?practice=1"' in practice
    assert f'href="{reverse("subject", args=[world.math.pk])}#skill-{addition.pk}"' in practice


def test_the_tree_partial_is_only_for_the_student_subjects(client, world):
    login(client, world.alice)
    other = world.physics_exercise.skill.subject_id
    assert client.get(reverse("subject_tree", args=[other])).status_code == 404
    login(client, world.teacher_a)
    assert client.get(reverse("subject_tree", args=[world.math.pk])).status_code in (403, 302)
