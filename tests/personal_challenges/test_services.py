"""Setting challenges, and progress that follows real attempts, help sessions and reflections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.testing import drain
from mastery import services as mastery_services
from mastery.models import SkillProgress
from mastery.tasks import attempt_followups
from personal_challenges import rules, services
from personal_challenges.errors import NotAllowed
from personal_challenges.models import PersonalChallenge
from reflections import services as reflection_services
from tests.growth.helpers import answer, local_noon, numeric_exercise, run_through, skill_in
from tests.peerhelp.helpers import completed

from .helpers import celebrations, scored_sheet, set_earlier

pytestmark = pytest.mark.django_db
Kind, Status = PersonalChallenge.Kind, PersonalChallenge.Status


def create(student, kind, **kwargs) -> PersonalChallenge:
    return services.personal_challenge_create(student=student, kind=kind, **kwargs)


# --- setting a challenge -------------------------------------------------------------------


def test_a_score_challenge_starts_from_the_best_and_takes_the_suggested_target(world):
    exercise, _ = scored_sheet(world)  # 2 of 4 right on the first try: 50%
    challenge = create(world.alice, Kind.BEAT_SCORE, exercise=exercise)
    assert (challenge.baseline, challenge.target, challenge.progress) == (50, 75, 50)
    assert challenge.status == Status.ACTIVE
    assert challenge.shared_with_teachers is False  # private by default


@pytest.mark.parametrize("target", [50, 40, 101])
def test_a_score_target_must_beat_the_best(world, target):
    exercise, _ = scored_sheet(world)
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.BEAT_SCORE, exercise=exercise, target=target)
    assert "target" in refused.value.message_dict
    assert not PersonalChallenge.objects.exists()


def test_a_score_challenge_needs_a_finished_pass_of_ones_own(world):
    exercise, _ = scored_sheet(world, world.bilal)
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.BEAT_SCORE, exercise=exercise)
    assert "exercise" in refused.value.message_dict


def test_mastering_a_skill_needs_an_open_skill_and_targets_the_mastered_level(world):
    challenge = create(world.alice, Kind.MASTER_SKILL, skill=world.skills[0], target=3)
    assert challenge.target == rules.MASTERED and challenge.baseline == 0
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.MASTER_SKILL, skill=world.skills[2])  # locked
    assert "skill" in refused.value.message_dict
    with pytest.raises(ValidationError):
        create(world.alice, Kind.MASTER_SKILL, skill=world.physics_exercise.skill)  # not hers


def test_a_streak_must_fit_before_the_deadline(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.LEARNING_STREAK, target=5, deadline=today + timedelta(days=2))
    assert "target" in refused.value.message_dict
    challenge = create(world.alice, Kind.LEARNING_STREAK, deadline=today + timedelta(days=2))
    assert challenge.target == 3  # the suggestion, within the three days left
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.LEARNING_STREAK, deadline=today - timedelta(days=1))
    assert "deadline" in refused.value.message_dict


def test_daily_practice_checks_its_unit_and_amount(world):
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.DAILY_PRACTICE, daily_unit="hours", daily_goal=1)
    assert "daily_unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create(world.alice, Kind.DAILY_PRACTICE, daily_unit="minutes", daily_goal=500)
    assert "daily_goal" in refused.value.message_dict
    challenge = create(world.alice, Kind.DAILY_PRACTICE, daily_unit="questions")
    assert (challenge.daily_goal, challenge.target) == (
        rules.DAILY_QUESTIONS_DEFAULT,
        rules.PRACTICE_DAYS_DEFAULT,
    )


def test_a_few_challenges_at_a_time(world):
    for _ in range(rules.MAX_ACTIVE):
        create(world.alice, Kind.LEARNING_STREAK, target=3)
    with pytest.raises(ValidationError):
        create(world.alice, Kind.LEARNING_STREAK, target=3)
    first = PersonalChallenge.objects.first()
    services.personal_challenge_set_aside(student=world.alice, challenge=first)
    create(world.alice, Kind.LEARNING_STREAK, target=3)
    with pytest.raises(ValidationError):  # picking the set-aside one up would exceed it
        services.personal_challenge_resume(student=world.alice, challenge=first)


def test_only_students_set_challenges_and_only_their_own_change(world):
    with pytest.raises(NotAllowed):
        create(world.teacher_a, Kind.LEARNING_STREAK, target=3)
    challenge = create(world.alice, Kind.LEARNING_STREAK, target=3)
    for service in (
        services.personal_challenge_pause,
        services.personal_challenge_set_aside,
        services.personal_challenge_resume,
    ):
        with pytest.raises(NotAllowed):
            service(student=world.bilal, challenge=challenge)
    with pytest.raises(NotAllowed):
        services.personal_challenge_share(student=world.bilal, challenge=challenge, shared=True)
    challenge.refresh_from_db()
    assert challenge.status == Status.ACTIVE and not challenge.shared_with_teachers


# --- progress from real events -------------------------------------------------------------


def test_beating_the_score_completes_the_challenge_and_celebrates_once(world):
    exercise, items = scored_sheet(world)
    challenge = create(world.alice, Kind.BEAT_SCORE, exercise=exercise)
    run_through(world.alice, items, wrong_first=1)  # 75%: the target
    challenge.refresh_from_db()
    assert challenge.status == Status.COMPLETED and challenge.completed_at
    assert challenge.best_progress == 75
    assert challenge.reflect_exercise == exercise and challenge.reflect_run is not None
    [event] = celebrations(world.alice)
    assert event["challenge"] == {
        "id": challenge.pk,
        "kind": "beat_score",
        "target": 75,
        "progress": 75,
        "daily_unit": "",
        "daily_goal": 0,
    }
    assert event["exercise"]["name"]["en"] == "Sums"
    assert event["reflect_url"] == f"/personal-challenges/{challenge.pk}/reflect/"
    run_through(world.alice, items)  # 100% later: already completed, no second celebration
    assert len(celebrations(world.alice)) == 1


def test_a_pass_below_the_target_moves_nothing_but_the_best(world):
    exercise, items = scored_sheet(world, questions=4, wrong_first=3)  # 25%
    challenge = create(world.alice, Kind.BEAT_SCORE, exercise=exercise, target=100)
    run_through(world.alice, items, wrong_first=1)  # 75%
    challenge.refresh_from_db()
    assert (challenge.status, challenge.progress) == (Status.ACTIVE, 75)
    assert celebrations(world.alice) == []


def test_a_streak_counts_days_from_when_it_was_set(world):
    today = timezone.localdate()
    _, items = numeric_exercise(world.skills[0], questions=4)
    challenge = set_earlier(create(world.alice, Kind.LEARNING_STREAK, target=3), days=3)
    answer(world.alice, items[0], at=local_noon(today - timedelta(days=5)))  # before: ignored
    challenge.refresh_from_db()
    assert challenge.progress == 0
    for offset, question in zip((2, 1), items[1:], strict=False):
        answer(world.alice, question, at=local_noon(today - timedelta(days=offset)))
    challenge.refresh_from_db()
    assert (challenge.progress, challenge.status) == (2, Status.ACTIVE)
    answer(world.alice, items[3])
    challenge.refresh_from_db()
    assert (challenge.progress, challenge.status) == (3, Status.COMPLETED)
    assert len(celebrations(world.alice)) == 1


def test_daily_practice_completes_on_the_answer_that_reaches_the_last_day(world):
    _, items = numeric_exercise(world.skills[0], questions=4)
    challenge = create(
        world.alice, Kind.DAILY_PRACTICE, daily_unit="questions", daily_goal=2, target=1
    )
    answer(world.alice, items[0], seconds=1)  # a quick guess: not counted
    answer(world.alice, items[1])
    challenge.refresh_from_db()
    assert (challenge.progress, challenge.day_total) == (0, 1)
    answer(world.alice, items[2])
    challenge.refresh_from_db()
    assert challenge.status == Status.COMPLETED
    # The pass is not over: the reflection is on the exercise, not on a pass.
    assert challenge.reflect_exercise == items[2].exercise and challenge.reflect_run is None


def test_mastering_the_skill_completes_the_challenge(world):
    skill = skill_in(world.math, "fractions")
    exercise, _ = numeric_exercise(skill, questions=20)
    # Read back: the skill's hardest level (beginner here) is kept in the database.
    items = list(exercise.questions.select_related("exercise__skill").order_by("position"))
    challenge = create(world.alice, Kind.MASTER_SKILL, skill=skill)
    outcome = None
    for question in items[:-1]:
        outcome = answer(world.alice, question)
        if outcome.progress.mastery >= rules.MASTERED:
            break
    # Mastered is what the student sees: one sitting is not enough, whatever the estimate.
    assert outcome.progress.mastery >= rules.MASTERED > outcome.shown.percent
    challenge.refresh_from_db()
    assert challenge.status == Status.ACTIVE
    # That sitting was some days ago; one more right answer today makes it mastered.
    earlier = timezone.now() - timedelta(days=3)
    SkillProgress.objects.filter(student=world.alice, skill=skill).update(
        last_practiced_at=earlier,
        sitting_day=earlier.date(),
        last_session_day=earlier.date(),
    )
    outcome = answer(world.alice, items[-1])
    assert outcome.shown.mastered and outcome.shown.percent >= rules.MASTERED
    challenge.refresh_from_db()
    assert challenge.status == Status.COMPLETED
    [event] = celebrations(world.alice)
    assert event["skill"]["name"]["en"] == "Fractions" and event["exercise"] is None


def test_advanced_content_follows_the_pass_and_completes_when_it_finishes(world):
    multiplication = world.skills[1]
    exercise, items = numeric_exercise(multiplication, questions=2, difficulty="advanced")
    # Multiplication opens once Addition is proficient.
    _, warmup = numeric_exercise(world.skills[0], questions=8)
    for question in warmup:
        answer(world.alice, question)
    challenge = create(world.alice, Kind.ADVANCED_CONTENT, exercise=exercise)
    assert challenge.target == 2
    mastery_services.exercise_run_start(student=world.alice, exercise=exercise)
    answer(world.alice, items[0], correct=False)
    challenge.refresh_from_db()
    assert challenge.progress == 1 and challenge.status == Status.ACTIVE
    answer(world.alice, items[1])
    challenge.refresh_from_db()
    assert challenge.status == Status.COMPLETED


def test_paused_or_past_deadline_challenges_do_not_move(world):
    _, items = numeric_exercise(world.skills[0], questions=2)
    paused = create(world.alice, Kind.DAILY_PRACTICE, daily_unit="questions", daily_goal=1)
    services.personal_challenge_pause(student=world.alice, challenge=paused)
    late = set_earlier(create(world.alice, Kind.LEARNING_STREAK, target=3), days=3)
    PersonalChallenge.objects.filter(pk=late.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    answer(world.alice, items[0])
    for challenge in (paused, late):
        challenge.refresh_from_db()
        assert (challenge.progress, challenge.day_total, challenge.last_day) == (0, 0, None)
    services.personal_challenge_resume(student=world.alice, challenge=paused)
    answer(world.alice, items[1])
    paused.refresh_from_db()
    assert (paused.status, paused.progress) == (Status.ACTIVE, 1)


def test_a_follow_up_run_twice_moves_nothing_the_second_time(world):
    _, [question] = numeric_exercise(world.skills[0], questions=1)
    challenge = create(world.alice, Kind.DAILY_PRACTICE, daily_unit="questions", daily_goal=5)
    outcome = answer(world.alice, question)
    challenge.refresh_from_db()
    assert challenge.day_total == 1
    # The same task again (a duplicate, or a retry of another subscriber's failure).
    attempt_followups.enqueue(event=mastery_services.attempt_event(outcome).to_json())
    assert drain() == 1
    challenge.refresh_from_db()
    assert challenge.day_total == 1


def test_helping_classmates_counts_completed_sessions_as_the_helper(world):
    challenge = create(world.bilal, Kind.HELP_OTHERS, target=1)
    requester_goal = create(world.alice, Kind.HELP_OTHERS, target=1)
    completed(world)  # alice asked, bilal helped
    challenge.refresh_from_db()
    assert challenge.status == Status.COMPLETED and challenge.progress == 1
    assert challenge.reflect_exercise == world.exercise  # the first exercise of that skill
    [event] = celebrations(world.bilal)
    assert event["challenge"]["kind"] == "help_others"
    requester_goal.refresh_from_db()
    assert requester_goal.progress == 0  # being helped is not helping


def test_a_reflection_on_the_exercise_answers_the_completions_invitation(world):
    exercise, items = scored_sheet(world)
    challenge = create(world.alice, Kind.BEAT_SCORE, exercise=exercise)
    run_through(world.alice, items, wrong_first=1)
    other, _ = numeric_exercise(world.skills[0], questions=1, title="Other")
    reflection_services.reflection_create(
        student=world.alice, exercise=other, what_i_learned="Something else"
    )
    challenge.refresh_from_db()
    assert challenge.reflection is None
    reflection = reflection_services.reflection_create(
        student=world.alice, exercise=exercise, what_i_learned="Check each sum twice."
    )
    challenge.refresh_from_db()
    assert challenge.reflection == reflection


def test_an_attempt_with_no_challenge_costs_one_query(world, django_assert_num_queries):
    _, [question] = numeric_exercise(world.skills[0], questions=1)
    event = mastery_services.attempt_event(answer(world.alice, question, follow_up=False))
    with django_assert_num_queries(1):
        services.personal_challenge_progress_update(student_id=world.alice.pk, attempt=event)
