"""Writes for reflections, teacher feedback and encouragement.

Live events (to the student's own room, `user_room(student_id)`); payloads are
language-neutral: ids, preset codes, titles in every language, and user-written text as-is.

- `reflection.feedback`: `reflection` {`id`, `exercise_id`, `exercise_title` {ar, fr, en}},
  `teacher` {`id`, `name`}, `feedback` (text), `encouragement` {`preset` (code or ""), `text`}
- `encouragement.new`: `encouragement` {`id`, `preset` (code or ""), `text`},
  `teacher` {`id`, `name`}
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from mastery.models import Exercise, ExerciseRun
from project import signals
from project.i18n import all_languages
from schools.selectors import student_can_access_subject, teacher_teaches_student

from . import rules, selectors
from .errors import NotAllowed, TooManyEncouragements
from .models import Encouragement, Reflection, ReflectionInvitationDismissal


@transaction.atomic
def reflection_create(
    *,
    student: User,
    exercise: Exercise,
    run: ExerciseRun | None = None,
    what_i_learned: str = "",
    what_was_challenging: str = "",
    how_i_overcame_it: str = "",
    what_next: str = "",
    confidence_before: int | None = None,
    confidence_after: int | None = None,
    difficulty: int | None = None,
) -> Reflection:
    """Save a student's reflection on an exercise (and, optionally, the pass it follows)."""
    exercise = Exercise.objects.select_related("skill").get(pk=exercise.pk)
    if not student_can_access_subject(student=student, subject_id=exercise.skill.subject_id):
        raise NotAllowed()
    if run is not None:
        # The row lock orders two submissions for the same pass; the second sees the first.
        run = ExerciseRun.objects.select_for_update().get(pk=run.pk)
        if run.student_id != student.pk:
            raise NotAllowed()
    reflection = Reflection(
        student=student,
        exercise=exercise,
        subject_id=exercise.skill.subject_id,
        run=run,
        what_i_learned=rules.clean_text(what_i_learned),
        what_was_challenging=rules.clean_text(what_was_challenging),
        how_i_overcame_it=rules.clean_text(how_i_overcame_it),
        what_next=rules.clean_text(what_next),
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        difficulty=difficulty,
        created_at=timezone.now(),
    )
    reflection.full_clean()
    reflection.save()
    signals.reflection_saved.send(sender=reflection_create, reflection=reflection, created=True)
    return reflection


@transaction.atomic
def reflection_share_with_family(*, student: User, reflection: Reflection, shared: bool) -> bool:
    """The student shows a reflection to their family, or stops showing it; returns the
    choice now in force. Only the author decides."""
    if not student.is_student or reflection.student_id != student.pk:
        raise NotAllowed()
    Reflection.objects.filter(pk=reflection.pk).update(shared_with_family=shared)
    reflection.shared_with_family = shared
    return shared


@transaction.atomic
def reflection_invitation_dismiss(
    *, student: User, run: ExerciseRun
) -> ReflectionInvitationDismissal:
    """Remember "not now" for this pass; dismissing twice is harmless."""
    if not student.is_student or run.student_id != student.pk:
        raise NotAllowed()
    dismissal, _created = ReflectionInvitationDismissal.objects.get_or_create(
        student=student, run=run
    )
    return dismissal


@transaction.atomic
def reflection_mark_read(*, teacher: User, reflection: Reflection) -> bool:
    """Record the first time a teacher opens the reflection; later reads change nothing.

    Returns whether this was the first read. One conditional UPDATE, so two teachers opening
    it at the same moment still record a single first read."""
    if not selectors.can_give_feedback(user=teacher, reflection=reflection):
        raise NotAllowed()
    now = timezone.now()
    first = bool(
        Reflection.objects.filter(pk=reflection.pk, teacher_read_at__isnull=True).update(
            teacher_read_at=now, teacher_read_by=teacher
        )
    )
    if first:
        reflection.teacher_read_at, reflection.teacher_read_by = now, teacher
    return first


@transaction.atomic
def reflection_give_feedback(
    *,
    teacher: User,
    reflection: Reflection,
    feedback: str = "",
    encouragement_preset: str = "",
    encouragement_text: str = "",
) -> Reflection:
    """Give (or revise) feedback on a reflection; the student receives it live."""
    if not selectors.can_give_feedback(user=teacher, reflection=reflection):
        raise NotAllowed()
    reflection = (
        Reflection.objects.select_for_update(of=("self",))
        .select_related("exercise__skill", "subject")
        .get(pk=reflection.pk)
    )
    feedback = rules.clean_text(feedback)
    encouragement_text = rules.clean_text(encouragement_text)
    if not (feedback or encouragement_preset or encouragement_text):
        raise ValidationError(
            _("Write a few words of feedback or choose an encouragement."), code="empty_feedback"
        )
    now = timezone.now()
    reflection.feedback = feedback
    reflection.encouragement_preset = encouragement_preset or ""
    reflection.encouragement_text = encouragement_text
    reflection.feedback_by = teacher
    reflection.feedback_at = now
    if reflection.teacher_read_at is None:
        reflection.teacher_read_at, reflection.teacher_read_by = now, teacher
    reflection.full_clean()
    reflection.save()
    publish(
        room=user_room(reflection.student_id),
        type="reflection.feedback",
        payload={
            "reflection": {
                "id": reflection.pk,
                "exercise_id": reflection.exercise_id,
                "exercise_title": all_languages(reflection.exercise, "title"),
            },
            "teacher": {"id": teacher.pk, "name": str(teacher)},
            "feedback": reflection.feedback,
            "encouragement": {
                "preset": reflection.encouragement_preset,
                "text": reflection.encouragement_text,
            },
        },
    )
    return reflection


@transaction.atomic
def encouragement_send(
    *, teacher: User, student: User, preset: str = "", text: str = ""
) -> Encouragement:
    """A short encouragement from a teacher to one of their students, delivered live.

    Only a teacher of the student may send it, within the limits in rules.py."""
    if not (
        student.is_student
        and student.is_active
        and teacher_teaches_student(teacher=teacher, student_id=student.pk)
    ):
        raise NotAllowed()
    encouragement = Encouragement(
        teacher=teacher,
        student=student,
        preset=preset or "",
        text=rules.clean_text(text),
        created_at=timezone.now(),
    )
    encouragement.full_clean()
    # Locking the teacher's row serialises their sends, so the limit holds under concurrency.
    User.objects.select_for_update().filter(pk=teacher.pk).first()
    now = encouragement.created_at
    refusal = rules.encouragement_refusal(
        sent_to_student=selectors.encouragements_sent_since(
            teacher=teacher, student=student, since=now - rules.ENCOURAGEMENT_WINDOW_PER_STUDENT
        ),
        sent_by_teacher=selectors.encouragements_sent_since(
            teacher=teacher, student=None, since=now - rules.ENCOURAGEMENT_WINDOW_PER_TEACHER
        ),
    )
    if refusal == "student":
        raise TooManyEncouragements(
            ngettext(
                "You have sent this student %(count)d encouragement in the last 24 hours. "
                "Your next words will mean even more tomorrow.",
                "You have sent this student %(count)d encouragements in the last 24 hours. "
                "Your next words will mean even more tomorrow.",
                rules.ENCOURAGEMENTS_PER_STUDENT,
            )
            % {"count": rules.ENCOURAGEMENTS_PER_STUDENT}
        )
    if refusal == "teacher":
        raise TooManyEncouragements()
    encouragement.save()
    publish(
        room=user_room(student.pk),
        type="encouragement.new",
        payload={
            "encouragement": {
                "id": encouragement.pk,
                "preset": encouragement.preset,
                "text": encouragement.text,
            },
            "teacher": {"id": teacher.pk, "name": str(teacher)},
        },
    )
    return encouragement
