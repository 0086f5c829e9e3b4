"""Friendly 1v1 challenges between classmates: the invitation, both seats, every answer.

The server owns the clock: `starts_at`, each question's `served_at` and `deadline`, and every
answer's `received_at` are stamped here, never taken from a client.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Challenge(models.Model):
    class Kind(models.TextChoices):
        SPEED = "speed", _("Speed")
        ACCURACY = "accuracy", _("Accuracy")
        IMPROVEMENT = "improvement", _("Improvement")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        DECLINED = "declined", _("Not this time")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Getting ready")
        ACTIVE = "active", _("Playing")
        FINISHED = "finished", _("Finished")

    school_class = models.ForeignKey(
        "schools.SchoolClass", on_delete=models.CASCADE, related_name="challenges"
    )
    challenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenges_sent"
    )
    opponent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenges_received"
    )
    exercise = models.ForeignKey(
        "mastery.Exercise", on_delete=models.PROTECT, related_name="challenges"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    message = models.CharField(_("friendly message"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    question_ids = models.JSONField(_("questions, in order"), default=list)
    question_seconds = models.PositiveSmallIntegerField(_("seconds per question"), default=20)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The question being played (-1 before the first one) and its server-side clock.
    current_index = models.SmallIntegerField(_("current question"), default=-1)
    served_at = models.DateTimeField(_("question served at"), null=True, blank=True)
    deadline = models.DateTimeField(_("question deadline"), null=True, blank=True)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges_won",
    )

    class Meta:
        verbose_name = _("friendly challenge")
        verbose_name_plural = _("friendly challenges")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(challenger=models.F("opponent")),
                name="challenge_not_against_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenger} vs {self.opponent} · {self.exercise_id} ({self.kind})"

    @property
    def player_ids(self) -> tuple[int, int]:
        return (self.challenger_id, self.opponent_id)

    @property
    def current_question_id(self) -> int | None:
        if 0 <= self.current_index < len(self.question_ids):
            return self.question_ids[self.current_index]
        return None


class ChallengePlayer(models.Model):
    """One seat: readiness, presence and the final result of one player."""

    class Outcome(models.TextChoices):
        WON = "won", _("Won")
        LOST = "lost", _("Not this time")
        TIE = "tie", _("Tie")
        FORFEIT = "forfeit", _("Left the match")
        # Both players left before the end: nobody wins or loses (rules.abandoned_outcomes).
        UNFINISHED = "unfinished", _("Unfinished")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="players")
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_seats"
    )
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    baseline = models.PositiveSmallIntegerField(_("previous result (%)"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    answered = models.PositiveSmallIntegerField(_("answers"), default=0)
    total_ms = models.PositiveIntegerField(_("total time (ms)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)

    class Meta:
        verbose_name = _("challenge player")
        verbose_name_plural = _("challenge players")
        ordering = ["challenge", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "player"], name="challenge_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.player} in {self.challenge_id}"


class ChallengeAnswer(models.Model):
    """One answer per player per question: the constraint makes a double send score once."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "mastery.Question", on_delete=models.PROTECT, related_name="challenge_answers"
    )
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_answers"
    )
    answer = models.CharField(_("answer"), max_length=50, blank=True)
    correct = models.BooleanField(_("correct"))
    timed_out = models.BooleanField(_("timed out"), default=False)
    received_at = models.DateTimeField(_("received at"))
    time_ms = models.PositiveIntegerField(_("time (ms)"))
    attempt = models.OneToOneField(
        "mastery.Attempt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge_answer",
    )

    class Meta:
        verbose_name = _("challenge answer")
        verbose_name_plural = _("challenge answers")
        ordering = ["challenge", "received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "question", "player"], name="challenge_answer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player} · {self.question_id} in {self.challenge_id}"
