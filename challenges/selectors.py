"""Reads for friendly challenges: who may see a match, lists, and the live state."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from mastery import variants
from mastery.content import question_content
from mastery.models import Exercise, Question
from project.i18n import all_languages
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from schools.selectors import teacher_may_read, teacher_reads_class_items

from . import rules
from .models import Challenge, ChallengeAnswer, ChallengePlayer

PLAYER, OBSERVER = "player", "observer"


WAITING = (Challenge.Status.PENDING, Challenge.Status.ACCEPTED)


def expired_q(*, now: datetime) -> Q:
    """Invitations or accepted matches past their deadline: the database can tell, whoever
    is watching (`expires_at` is the answer-by time, then, once accepted, the start-by time)."""
    return Q(status__in=WAITING, expires_at__lte=now)


def abandoned_q(*, now: datetime) -> Q:
    """Running matches whose clock was due more than the abandon grace ago: nobody moved it,
    so both players have probably left (the service checks each under its row lock)."""
    overdue = now - rules.ABANDON_GRACE
    return Q(status=Challenge.Status.ACTIVE) & (
        Q(current_index__lt=0, starts_at__lt=overdue)
        | Q(current_index__gte=0, deadline__lt=overdue)
    )


def abandoned_ids(*, now: datetime) -> list[int]:
    return list(
        Challenge.objects.filter(abandoned_q(now=now)).order_by("pk").values_list("pk", flat=True)
    )


def challenge_role(*, user: User, challenge: Challenge) -> str | None:
    """ "player" for the two students, "observer" for a teacher of the class in the exercise's
    subject (schools.selectors: the visibility rule), else None."""
    if not user.is_active:
        return None
    if user.is_student and user.pk in challenge.player_ids:
        return PLAYER
    if user.is_teacher and teacher_may_read(
        teacher=user,
        school_class_id=challenge.school_class_id,
        subject_id=challenge.exercise.skill.subject_id,
    ):
        return OBSERVER
    return None


def challenge_role_by_id(*, user: User, challenge_id: int) -> str | None:
    """The user's role in a challenge they name by id (a socket's URL), None if none."""
    challenge = Challenge.objects.filter(pk=challenge_id).select_related("exercise__skill").first()
    return challenge_role(user=user, challenge=challenge) if challenge else None


def challenge_for(*, user: User, pk: int) -> tuple[Challenge, str] | None:
    challenge = Challenge.objects.select_related("challenger", "opponent", "exercise__skill")
    challenge = challenge.filter(pk=pk)
    challenge = challenge.first()
    if challenge is None:
        return None
    role = challenge_role(user=user, challenge=challenge)
    return (challenge, role) if role else None


def shared_class(*, student: User, other: User) -> SchoolClass | None:
    return (
        SchoolClass.objects.filter(enrollments__student=student, enrollments__is_active=True)
        .filter(
            pk__in=Enrollment.objects.filter(student=other, is_active=True).values("school_class")
        )
        .order_by("pk")
        .first()
    )


def classmates(*, student: User) -> QuerySet[User]:
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    return (
        User.objects.filter(
            role=User.Role.STUDENT,
            is_active=True,
            enrollments__school_class__in=classes,
            enrollments__is_active=True,
        )
        .exclude(pk=student.pk)
        .distinct()
        .order_by("display_name", "username")
    )


def challengeable_exercises(*, student: User) -> QuerySet[Exercise]:
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    subjects = TeachingAssignment.objects.filter(school_class__in=classes).values("subject")
    return (
        Exercise.objects.filter(skill__subject__in=subjects, questions__isnull=False)
        .select_related("skill")
        .distinct()
        .order_by("skill__subject", "skill__tier", "skill__position", "position")
    )


def student_challenges(*, student: User, now: datetime | None = None) -> dict[str, list]:
    """The student's challenges, grouped: pending (live invitations), active, finished."""
    now = now or timezone.now()
    rows = (
        Challenge.objects.filter(Q(challenger=student) | Q(opponent=student))
        .select_related("challenger", "opponent", "exercise", "winner")
        .order_by("-created_at")[:100]
    )
    groups: dict[str, list] = {"pending": [], "active": [], "finished": []}
    for challenge in rows:
        status = challenge_status(challenge=challenge, now=now)
        if status == Challenge.Status.PENDING:
            groups["pending"].append(challenge)
        elif status in (Challenge.Status.ACCEPTED, Challenge.Status.ACTIVE):
            groups["active"].append(challenge)
        else:
            groups["finished"].append(challenge)
    return groups


def invitations_waiting(*, student: User, now: datetime | None = None) -> list[Challenge]:
    """The invitations `student` has still to answer, newest first."""
    return list(
        Challenge.objects.filter(
            opponent=student,
            status=Challenge.Status.PENDING,
            expires_at__gt=now or timezone.now(),
        )
        .select_related("challenger", "exercise")
        .order_by("-created_at")
    )


def invitation_for(*, student: User, pk: int, now: datetime | None = None) -> Challenge | None:
    """An invitation still waiting for `student`'s answer (theirs to answer), or None."""
    challenge = (
        Challenge.objects.filter(pk=pk, opponent=student, status=Challenge.Status.PENDING)
        .select_related("challenger", "exercise")
        .first()
    )
    if challenge is None or challenge_status(challenge=challenge, now=now or timezone.now()) != (
        Challenge.Status.PENDING
    ):
        return None
    return challenge


def class_live_challenges(*, teacher: User) -> QuerySet[Challenge]:
    readable = teacher_reads_class_items(
        teacher=teacher, class_field="school_class_id", subject_field="exercise__skill__subject_id"
    )
    now = timezone.now()
    return (
        Challenge.objects.filter(
            readable,
            status__in=[Challenge.Status.ACCEPTED, Challenge.Status.ACTIVE],
        )
        .exclude(status=Challenge.Status.ACCEPTED, expires_at__lte=now)
        # Left by both players: not live, even before the worker has finished it.
        .exclude(abandoned_q(now=now))
        .select_related("challenger", "opponent", "exercise", "school_class")
        .order_by("-created_at")
    )


def challenge_status(*, challenge: Challenge, now: datetime) -> str:
    """The status as the database tells it: a match still waiting past its deadline is expired."""
    if challenge.status in WAITING and now >= challenge.expires_at:
        return Challenge.Status.EXPIRED
    return challenge.status


# --- payloads shared by the snapshot and the events ------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def question_variant(*, challenge: Challenge, question: Question) -> int:
    """Both players meet the same variant of a parametrised question: derived from the match."""
    return variants.variant_seed(question, "challenge", challenge.pk, question.pk)


def question_payload(*, challenge: Challenge) -> dict | None:
    """The question being played, without anything that tells the correct answer. Texts
    come in every language ({"en", "fr", "ar"}): each page shows its reader's."""
    question_id = challenge.current_question_id
    if question_id is None or challenge.deadline is None:
        return None
    content = question_content(question_id)  # the answers to it read it again from here
    question = content.question
    variant = variants.draw(question, question_variant(challenge=challenge, question=question))
    choices = [{"id": c.pk, "text": all_languages(c, "text")} for c in content.choices]
    return {
        "id": question.pk,
        "index": challenge.current_index,
        "total": len(challenge.question_ids),
        "kind": question.kind,
        "prompt": variants.text_all(question, "prompt", variant),
        "choices": choices,
        "served_at": _iso(challenge.served_at),
        "deadline": _iso(challenge.deadline),
    }


def reveal_payload(*, challenge: Challenge, question_id: int) -> dict:
    """The correct answer of a question (of the variant played), in every language: only
    sent once it has closed for both players."""
    content = question_content(question_id)
    question = content.question
    if question.kind == Question.Kind.NUMERIC:
        variant = variants.draw(question, question_variant(challenge=challenge, question=question))
        return {"id": question.pk, "correct_answer": variants.answer_all(question, variant)}
    choice = content.correct_choice
    return {
        "id": question.pk,
        "correct_choice": choice.pk if choice else None,
        "correct_answer": all_languages(choice, "text") if choice else variants.blank_all(),
    }


def scoreboard(*, challenge: Challenge, seats: list[ChallengePlayer] | None = None) -> list[dict]:
    """Both seats' scores; from `seats` when the caller holds them (with their players)
    under the challenge's lock, so nothing is read again."""
    if seats is None:
        seats = list(ChallengePlayer.objects.filter(challenge=challenge).select_related("player"))
    return [
        {
            "player_id": seat.player_id,
            "name": str(seat.player),
            "ready": seat.ready_at is not None,
            "correct": seat.correct,
            "answered": seat.answered,
            "total_ms": seat.total_ms,
            "outcome": seat.outcome,
        }
        for seat in sorted(seats, key=lambda s: s.player_id != challenge.challenger_id)
    ]


def question_times(*, challenge: Challenge) -> dict[int, list[dict]]:
    """Each player's time on every question that closed, in the order played (server-measured:
    a question whose time ran out counts its full time, as the winner rules do)."""
    position = {question_id: i for i, question_id in enumerate(challenge.question_ids)}
    times: dict[int, list[dict]] = {}
    rows = ChallengeAnswer.objects.filter(challenge=challenge).values_list(
        "player_id", "question_id", "time_ms", "correct", "timed_out"
    )
    for player_id, question_id, time_ms, correct, timed_out in rows:
        if question_id not in position:
            continue
        times.setdefault(player_id, []).append(
            {
                "index": position[question_id],
                "time_ms": time_ms,
                "correct": correct,
                "timed_out": timed_out,
            }
        )
    for played in times.values():
        played.sort(key=lambda t: t["index"])
    return times


def results_payload(*, challenge: Challenge) -> list[dict]:
    total = len(challenge.question_ids)
    times = question_times(challenge=challenge)
    results = []
    for seat in ChallengePlayer.objects.filter(challenge=challenge).select_related("player"):
        result = rules.Result(
            seat.player_id, seat.correct, total, seat.total_ms, seat.baseline, False
        )
        results.append(
            {
                "player_id": seat.player_id,
                "name": str(seat.player),
                "correct": seat.correct,
                "total": total,
                "total_ms": seat.total_ms,
                "score": result.score,
                "baseline": seat.baseline,
                "gain": result.gain if seat.baseline is not None else None,
                "outcome": seat.outcome,
                "times": times.get(seat.player_id, []),
            }
        )
    results.sort(key=lambda r: r["player_id"] != challenge.challenger_id)
    return results


def answered_current(*, challenge: Challenge) -> list[int]:
    question_id = challenge.current_question_id
    if question_id is None:
        return []
    return list(
        ChallengeAnswer.objects.filter(challenge=challenge, question_id=question_id)
        .order_by("player_id")
        .values_list("player_id", flat=True)
    )


def challenge_state(*, challenge_id: int, now: datetime | None = None) -> dict:
    """The full state a fresh client needs (the same for players and observers)."""
    now = now or timezone.now()
    challenge = Challenge.objects.select_related("exercise").get(pk=challenge_id)
    finished = challenge.status == Challenge.Status.FINISHED
    return {
        "id": challenge.pk,
        "kind": challenge.kind,
        "status": challenge_status(challenge=challenge, now=now),
        "exercise": {
            "id": challenge.exercise_id,
            "title": all_languages(challenge.exercise, "title"),
        },
        "challenger_id": challenge.challenger_id,
        "opponent_id": challenge.opponent_id,
        "now": now.isoformat(),
        "starts_at": _iso(challenge.starts_at),
        "total": len(challenge.question_ids),
        "question": None if finished else question_payload(challenge=challenge),
        "answered": [] if finished else answered_current(challenge=challenge),
        "scores": scoreboard(challenge=challenge),
        "results": results_payload(challenge=challenge) if finished else None,
        "winner_id": challenge.winner_id if finished else None,
        "review": (
            [reveal_payload(challenge=challenge, question_id=q) for q in challenge.question_ids]
            if finished
            else None
        ),
    }
