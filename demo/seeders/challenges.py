"""Demo friendly challenges: matches classmates played after practising, and invitations.

Every match is played through the same services as a live one (invite, accept, ready, one
answer per player per question, stamped with the match's clock), so scores, winners, the
mastery attempts behind each answer and the room logs are all real. A pair plays a little
after both players' last practice in the simulated history, at an hour pupils practise, so
their mastery moves forward in time exactly as a replay of the log says.
"""

from datetime import date, datetime, time, timedelta, tzinfo
from random import Random

from django.db.models import Max
from django.utils import timezone

from challenges import rules, selectors, services
from challenges.models import Challenge
from challenges.room import challenge_room
from live.models import RoomCursor, RoomEvent
from mastery import variants
from mastery.models import Attempt, Exercise, Question
from schools.models import Enrollment, SchoolClass

SEED = "madrasti-growth-demo-challenges"
KINDS = (Challenge.Kind.ACCURACY, Challenge.Kind.SPEED, Challenge.Kind.IMPROVEMENT)
MESSAGES = (
    "Bonne chance, que le meilleur apprenne le plus !",
    "يلا نتحدّى بعض، بالتوفيق!",
    "Friendly match? Good luck!",
)
MATCHES_PER_CLASS = 3
AFTER_PRACTICE = timedelta(minutes=25)
# Matches start in this local window (the simulated sessions are between 10:00 and 22:00).
EARLIEST_HOUR, LATEST_HOUR = 14, 21


def reset(*, user_ids: list[int]) -> None:
    challenges = Challenge.objects.filter(challenger_id__in=user_ids)
    rooms = [challenge_room(pk) for pk in challenges.values_list("pk", flat=True)]
    RoomEvent.objects.filter(room__in=rooms).delete()
    RoomCursor.objects.filter(room__in=rooms).delete()
    challenges.delete()


def _start_after(last: datetime, tz: tzinfo) -> datetime | None:
    """When a pair can play: soon after both last practised, in the afternoon or evening."""
    local = timezone.localtime(last + AFTER_PRACTICE, tz)
    if local.hour < EARLIEST_HOUR:
        local = local.replace(hour=EARLIEST_HOUR, minute=0)
    return local if local.hour < LATEST_HOUR else None


def _answers(question: Question, challenge: Challenge) -> tuple[str, str]:
    """(a right answer, a wrong one), as a player would send them (for a parametrised
    question, to the variant the match shows)."""
    if question.kind == Question.Kind.CHOICE:
        choices = list(question.choices.order_by("pk"))
        right = next(c for c in choices if c.is_correct)
        wrong = next(c for c in choices if not c.is_correct)
        return str(right.pk), str(wrong.pk)
    seed = selectors.question_variant(challenge=challenge, question=question)
    value = variants.draw(question, seed).answer
    return f"{value.normalize():f}", f"{(value + 1).normalize():f}"


def _play(challenge: Challenge, rng: Random, skill: dict[int, float], start: datetime) -> None:
    a, b = challenge.challenger, challenge.opponent
    services.challenge_respond(
        challenge_id=challenge.pk, player=b, accept=True, now=start + timedelta(seconds=40)
    )
    services.challenge_ready(challenge_id=challenge.pk, player=a, now=start + timedelta(minutes=1))
    ready = start + timedelta(minutes=1, seconds=5)
    services.challenge_ready(challenge_id=challenge.pk, player=b, now=ready)
    services.challenge_tick(challenge_id=challenge.pk, user=a, now=rules.starts_at(ready))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=challenge.question_ids)}
    for question_id in challenge.question_ids:
        challenge.refresh_from_db()
        served = challenge.served_at  # the server's clock: when this question opened
        right, wrong = _answers(questions[question_id], challenge)
        # Each player answers in time, right about as often as they know the skill; the
        # server receives the two answers in the order they were given.
        times = {
            p: served + timedelta(seconds=rng.uniform(2, rules.QUESTION_SECONDS - 3))
            for p in (a, b)
        }
        for player, at in sorted(times.items(), key=lambda item: item[1]):
            services.challenge_answer(
                challenge_id=challenge.pk,
                player=player,
                question_id=question_id,
                answer=right if rng.random() < skill[player.pk] else wrong,
                now=at,
            )


def seed(*, classes: list[SchoolClass], anchor: date, tz: tzinfo) -> int:
    """Play the demo matches; returns how many challenges exist afterwards."""
    rng = Random(SEED)
    last_practice = dict(
        Attempt.objects.values("student_id")
        .annotate(last=Max("answered_at"))
        .values_list("student_id", "last")
    )
    for class_index, school_class in enumerate(classes):
        students = [
            e.student
            for e in Enrollment.objects.filter(school_class=school_class)
            .select_related("student")
            .order_by("student__username")
        ]
        exercises = _exercises(school_class)
        pairs = [
            (a, b)
            for a, b in zip(students[1::2], students[2::2], strict=False)
            if a.pk in last_practice and b.pk in last_practice
        ]
        played = 0
        for a, b in pairs:
            if played == len(exercises):
                break
            start = _start_after(max(last_practice[a.pk], last_practice[b.pk]), tz)
            if start is None:
                continue
            challenge = services.challenge_invite(
                challenger=a,
                opponent=b,
                exercise=exercises[played],
                kind=KINDS[played % len(KINDS)],
                message=MESSAGES[(played + class_index) % len(MESSAGES)],
                now=start,
            )
            skill = {a.pk: rng.uniform(0.55, 0.9), b.pk: rng.uniform(0.55, 0.9)}
            _play(challenge, rng, skill, start)
            played += 1
        # One invitation still waiting, for the first student of the class to answer.
        if exercises:
            services.challenge_invite(
                challenger=students[-1],
                opponent=students[0],
                exercise=exercises[0],
                kind=Challenge.Kind.ACCURACY,
                message=MESSAGES[class_index % len(MESSAGES)],
                now=datetime.combine(anchor - timedelta(days=1), time(18), tz),
            )
    return Challenge.objects.count()


def _exercises(school_class: SchoolClass) -> list[Exercise]:
    """One per subject, the first exercise of a skill everyone has open."""
    exercises = []
    for subject_id in (
        school_class.teaching_assignments.order_by("subject__code")
        .values_list("subject_id", flat=True)
        .distinct()[:MATCHES_PER_CLASS]
    ):
        exercise = (
            Exercise.objects.filter(skill__subject_id=subject_id, skill__prerequisites__isnull=True)
            .order_by("skill__position", "position", "pk")
            .first()
        )
        if exercise is not None:
            exercises.append(exercise)
    return exercises
