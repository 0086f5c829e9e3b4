"""Study groups: a few classmates, one subject, shared goals, and their live sessions.

A session is opened by the first member who comes online in the group's room and closed
when the last one has left (after the presence grace) or by a member; everything said and
solved in it is kept: chat, proposals, the answers submitted together, pinned insights and
each member's reflection.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class StudyGroup(models.Model):
    school_class = models.ForeignKey(
        "schools.SchoolClass", on_delete=models.CASCADE, related_name="study_groups"
    )
    subject = models.ForeignKey(
        "schools.Subject", on_delete=models.CASCADE, related_name="study_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    current_focus = models.CharField(_("current focus"), max_length=200, blank=True)
    focus_skill = models.ForeignKey(
        "mastery.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focused_study_groups",
        verbose_name=_("focus skill"),
    )
    max_members = models.PositiveSmallIntegerField(
        _("maximum members"), default=rules.DEFAULT_MAX_MEMBERS
    )
    is_open = models.BooleanField(_("anyone in the class may join"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="created_study_groups"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["school_class", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    max_members__gte=rules.MIN_MAX_MEMBERS, max_members__lte=rules.MAX_MAX_MEMBERS
                ),
                name="study_group_size_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(_("joined at"))

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "student"], name="group_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.group}"


class GroupInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not this time")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invitations_sent"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "invitee"],
                condition=models.Q(status="pending"),
                name="group_invitation_pending_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitee} → {self.group} ({self.status})"


class GroupGoal(models.Model):
    """Reach `target_mastery` on a skill: reached per member, from their real mastery."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="goals")
    skill = models.ForeignKey("mastery.Skill", on_delete=models.CASCADE, related_name="+")
    target_mastery = models.PositiveSmallIntegerField(
        _("target mastery (%)"), default=rules.DEFAULT_GOAL_MASTERY
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("group goal")
        verbose_name_plural = _("group goals")
        ordering = ["group", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "skill"], name="group_goal_per_skill"),
            models.CheckConstraint(
                condition=models.Q(target_mastery__lte=100), name="group_goal_target_pct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.skill} ≥ {self.target_mastery}%"


class GroupSession(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="sessions")
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The exercise being worked on together: a round per question picked.
    round = models.PositiveIntegerField(_("round"), default=0)
    current_question = models.ForeignKey(
        "mastery.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question_opened_at = models.DateTimeField(_("question opened at"), null=True, blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupAttendance",
        related_name="attended_group_sessions",
    )

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(ended_at__isnull=True),
                name="group_one_open_session",
            ),
        ]
        indexes = [models.Index(fields=["group", "-started_at"], name="group_session_recent")]

    def __str__(self) -> str:
        return f"{self.group} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_seconds(self) -> int | None:
        return rules.duration_seconds(self.started_at, self.ended_at)


class GroupAttendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_attendance"
    )
    first_seen_at = models.DateTimeField(_("first seen at"))

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["session", "first_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="group_attend_once"),
        ]

    def __str__(self) -> str:
        return f"{self.student} at {self.session_id}"


class GroupMessage(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_messages"
    )
    text = models.CharField(_("message"), max_length=rules.CHAT_MAX_CHARS)
    created_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("group chat message")
        verbose_name_plural = _("group chat messages")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class GroupProposal(models.Model):
    """An answer a member suggests for the group to discuss; it counts for nobody by itself."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="proposals")
    round = models.PositiveIntegerField(_("round"))
    question = models.ForeignKey("mastery.Question", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=rules.ANSWER_MAX_CHARS)
    created_at = models.DateTimeField(_("proposed at"))

    class Meta:
        verbose_name = _("proposed answer")
        verbose_name_plural = _("proposed answers")
        ordering = ["session", "round", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.answer} (round {self.round})"


class GroupAnswer(models.Model):
    """The answer the group submitted for a round: one attempt for each member present."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveIntegerField(_("round"))
    question = models.ForeignKey("mastery.Question", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=rules.ANSWER_MAX_CHARS)
    correct = models.BooleanField(_("correct"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    attempts = models.ManyToManyField("mastery.Attempt", related_name="group_answers", blank=True)

    class Meta:
        verbose_name = _("group answer")
        verbose_name_plural = _("group answers")
        ordering = ["session", "round"]
        constraints = [
            models.UniqueConstraint(fields=["session", "round"], name="group_answer_per_round"),
        ]

    def __str__(self) -> str:
        return f"round {self.round} of {self.session_id}: {self.answer}"


class GroupInsight(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="insights")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        GroupMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("insight"), max_length=rules.INSIGHT_MAX_CHARS)
    pinned_at = models.DateTimeField(_("pinned at"))

    class Meta:
        verbose_name = _("group insight")
        verbose_name_plural = _("group insights")
        ordering = ["session", "pinned_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class GroupReflection(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="reflections")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_reflections"
    )
    text = models.CharField(_("reflection"), max_length=rules.REFLECTION_MAX_CHARS)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("session reflection")
        verbose_name_plural = _("session reflections")
        ordering = ["session", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="group_reflect_once"),
        ]

    def __str__(self) -> str:
        return f"{self.student} on {self.session_id}"
