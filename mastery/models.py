"""Skills, exercises, questions, and the append-only attempt log with per-skill progress.

Kolibri's split: an attempt log that is never rewritten, and a mastery row per student and
skill updated incrementally from it. Progress, daily snapshots and unlocks are a fold of the
log: after a rule or parameter change `manage.py mastery_rebuild` recomputes them from it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules, variants


class Skill(models.Model):
    subject = models.ForeignKey("schools.Subject", on_delete=models.CASCADE, related_name="skills")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        verbose_name=_("prerequisite skills"),
    )
    required_mastery = models.PositiveSmallIntegerField(
        _("mastery required of each prerequisite (%)"), default=rules.DEFAULT_UNLOCK_MASTERY
    )
    p_init = models.FloatField(_("BKT prior"), default=rules.DEFAULT_BKT.p_init)
    p_learn = models.FloatField(_("BKT learn rate"), default=rules.DEFAULT_BKT.p_learn)
    p_guess = models.FloatField(_("BKT guess"), default=rules.DEFAULT_BKT.p_guess)
    p_slip = models.FloatField(_("BKT slip"), default=rules.DEFAULT_BKT.p_slip)
    # The hardest difficulty rank among the skill's exercises, kept by Exercise.save/delete:
    # "mastered" asks for evidence at the harder levels the skill actually has.
    top_level = models.PositiveSmallIntegerField(
        _("hardest level available"), default=rules.LEVEL_COUNT - 1, editable=False
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["subject", "tier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "code"], name="skill_code_per_subject"),
            models.CheckConstraint(
                condition=models.Q(required_mastery__lte=100), name="skill_required_mastery_pct"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def bkt(self) -> rules.BktParams:
        return rules.BktParams(self.p_init, self.p_learn, self.p_guess, self.p_slip)

    @classmethod
    def refresh_top_level(cls, skill_id: int) -> None:
        levels = Exercise.objects.filter(skill_id=skill_id).values_list("difficulty", flat=True)
        top = max((rules.DIFFICULTY_RANK.get(d, 0) for d in levels), default=rules.LEVEL_COUNT - 1)
        cls.objects.filter(pk=skill_id).update(top_level=top)


class Exercise(models.Model):
    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")
        EXPERT = "expert", _("Expert")

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="exercises")
    title = models.CharField(_("title"), max_length=200)
    difficulty = models.CharField(
        _("difficulty"), max_length=16, choices=Difficulty, default=Difficulty.BEGINNER
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    external_ref = models.CharField(
        _("host exercise id"), max_length=64, blank=True, help_text=_("Id on Madrasti 2.0")
    )

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        ordering = ["skill", "position"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Skill.refresh_top_level(self.skill_id)

    def delete(self, *args, **kwargs):
        skill_id = self.skill_id
        result = super().delete(*args, **kwargs)
        Skill.refresh_top_level(skill_id)
        return result

    @property
    def level(self) -> int:
        return rules.DIFFICULTY_RANK.get(self.difficulty, 0)


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("Multiple choice")
        NUMERIC = "numeric", _("Numeric answer")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CHOICE)
    prompt = models.TextField(_("prompt"))
    hint = models.TextField(_("hint"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    numeric_answer = models.DecimalField(
        _("numeric answer"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    tolerance = models.DecimalField(_("tolerance"), max_digits=10, decimal_places=4, default=0)
    # A parametrised numeric question: `params` gives each parameter's range, the prompt,
    # hint and explanation use {name} placeholders, and `answer_formula` computes the answer
    # on the server (mastery/variants.py). Each serve draws a fresh variant.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    answer_formula = models.CharField(_("answer formula"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    external_ref = models.CharField(_("host question id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["exercise", "position"]

    def __str__(self) -> str:
        return self.prompt[:60]

    @property
    def is_template(self) -> bool:
        return bool(self.answer_formula)

    def clean(self):
        super().clean()
        variants.validate(self)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text


class QuestionServe(models.Model):
    """When the server showed a question to a student: the start of the server's clock."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_serves"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="serves")
    served_at = models.DateTimeField(_("served at"))
    variant = models.PositiveIntegerField(_("variant"), default=0)
    hint_used = models.BooleanField(_("hint used"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question shown")
        verbose_name_plural = _("questions shown")
        indexes = [models.Index(fields=["student", "question", "-served_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.question_id} @ {self.served_at:%Y-%m-%d %H:%M}"


class Attempt(models.Model):
    """One answer to one question. Append-only: rows are never updated or deleted by the app."""

    class Source(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        HOST = "host", _("Madrasti homework")
        CHALLENGE = "challenge", _("Friendly challenge")
        GROUP = "group", _("Study group")
        DEMO = "demo", _("Demo history")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempts")
    # Denormalised so per-skill and per-exercise history is one index scan.
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="attempts")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="attempts")
    answer = models.CharField(_("answer"), max_length=200, blank=True)
    # Which variant of a parametrised question was answered (0: a fixed question).
    variant = models.PositiveIntegerField(_("variant"), default=0)
    correct = models.BooleanField(_("correct"))
    attempt_number = models.PositiveIntegerField(_("attempt number on this question"))
    time_spent_ms = models.PositiveIntegerField(_("time spent (ms)"))
    hint_used = models.BooleanField(_("hint used"), default=False)
    source = models.CharField(_("source"), max_length=12, choices=Source)
    answered_at = models.DateTimeField(_("answered at"), db_index=True)
    client = models.ForeignKey(
        "hostapi.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    run = models.ForeignKey(
        "ExerciseRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts"
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-answered_at"]
        indexes = [
            models.Index(fields=["student", "skill", "answered_at"]),
            models.Index(fields=["student", "answered_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "question", "attempt_number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["client", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="attempt_idempotency_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.question_id} #{self.attempt_number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Attempts are append-only.")
        super().save(*args, **kwargs)


def _levels(stored) -> tuple[int, ...]:
    values = [int(v) for v in (stored or [])][: rules.LEVEL_COUNT]
    return tuple(values + [0] * (rules.LEVEL_COUNT - len(values)))


class SkillProgress(models.Model):
    """A student's mastery estimate for one skill, updated incrementally on each attempt."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_progress"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="progress")
    p_known = models.FloatField(_("probability known"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    correct = models.PositiveIntegerField(_("correct answers"), default=0)
    questions_seen = models.PositiveIntegerField(_("questions answered"), default=0)
    half_life_days = models.FloatField(
        _("memory half-life (days)"), default=rules.INITIAL_HALF_LIFE_DAYS
    )
    first_practiced_at = models.DateTimeField(_("first practised"), null=True, blank=True)
    last_practiced_at = models.DateTimeField(_("last practised"), null=True, blank=True)
    sessions = models.PositiveIntegerField(_("days with counted answers"), default=0)
    last_session_day = models.DateField(_("last counted day"), null=True, blank=True)
    level_correct = models.JSONField(_("counted right answers per level"), default=list)
    sitting_day = models.DateField(_("day the current sitting began"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill progress")
        verbose_name_plural = _("skill progress")
        constraints = [
            models.UniqueConstraint(fields=["student", "skill"], name="progress_unique"),
            models.CheckConstraint(
                condition=models.Q(p_known__gte=0, p_known__lte=1), name="progress_p_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.skill}: {self.mastery}%"

    # The columns a ProgressState is made of, in its fields' order (selectors read them
    # with values_list for a whole class: no model instance per row).
    STATE_FIELDS = tuple(rules.ProgressState.__dataclass_fields__)

    @staticmethod
    def state_from(values) -> rules.ProgressState:
        """The state from STATE_FIELDS' values, in that order."""
        state = dict(zip(SkillProgress.STATE_FIELDS, values, strict=True))
        state["level_correct"] = _levels(state["level_correct"])
        return rules.ProgressState(**state)

    @property
    def state(self) -> rules.ProgressState:
        return rules.ProgressState(
            p_known=self.p_known,
            attempts=self.attempts,
            correct=self.correct,
            questions_seen=self.questions_seen,
            half_life_days=self.half_life_days,
            first_practiced_at=self.first_practiced_at,
            last_practiced_at=self.last_practiced_at,
            sessions=self.sessions,
            last_session_day=self.last_session_day,
            level_correct=_levels(self.level_correct),
            sitting_day=self.sitting_day,
        )

    def set_state(self, state: rules.ProgressState) -> None:
        for name in rules.ProgressState.__dataclass_fields__:
            setattr(self, name, getattr(state, name))
        self.level_correct = list(state.level_correct)

    @property
    def mastery(self) -> int:
        """Mastery as of the last practice (what the student demonstrated)."""
        return rules.mastery_percent(self.p_known)

    @property
    def level(self) -> str:
        return rules.mastery_level(self.mastery, self.attempts)


class ExerciseRun(models.Model):
    """One pass through an exercise, from its first question to its last; its score is the
    share of questions answered right on the first try within the pass."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_runs"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    questions_total = models.PositiveSmallIntegerField(_("questions"))
    questions_answered = models.PositiveSmallIntegerField(_("questions answered"), default=0)
    first_try_correct = models.PositiveSmallIntegerField(_("right on the first try"), default=0)
    time_spent_ms = models.PositiveBigIntegerField(_("time spent (ms)"), default=0)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("exercise run")
        verbose_name_plural = _("exercise runs")
        indexes = [models.Index(fields=["student", "exercise", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.exercise} @ {self.started_at:%Y-%m-%d %H:%M}"


class SkillUnlock(models.Model):
    """When a skill opened for a student (every prerequisite reached its required mastery).
    Once unlocked, a skill stays open even if a prerequisite later fades."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_unlocks"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="unlocked_by")
    unlocked_at = models.DateTimeField(_("unlocked at"))
    # Set when a teacher opened the skill for this student (or their class) by hand.
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("skill unlock")
        verbose_name_plural = _("skill unlocks")
        constraints = [
            models.UniqueConstraint(fields=["student", "skill"], name="skill_unlock_once"),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.skill}"


class MasterySnapshot(models.Model):
    """A student's progress state on a skill at the end of a day they practised it.

    With the state (not just a percentage) kept, mastery at any past moment is exact:
    the latest snapshot before it, faded by the forgetting curve."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mastery_snapshots"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField(_("day"))
    p_known = models.FloatField(_("probability known"))
    half_life_days = models.FloatField(_("memory half-life (days)"))
    last_practiced_at = models.DateTimeField(_("last practised"))
    attempts = models.PositiveIntegerField(_("attempts"))
    sessions = models.PositiveIntegerField(_("days with counted answers"), default=0)
    level_correct = models.JSONField(_("counted right answers per level"), default=list)
    # Set when the day's row is first written, never by the day's later answers.
    gap_days = models.PositiveIntegerField(
        _("days since the previous practice day"), null=True, blank=True
    )

    # The progress state a snapshot keeps: what a day's upsert writes and a replay reads.
    STATE_FIELDS = (
        "p_known",
        "half_life_days",
        "last_practiced_at",
        "attempts",
        "sessions",
        "level_correct",
    )

    class Meta:
        verbose_name = _("mastery snapshot")
        verbose_name_plural = _("mastery snapshots")
        constraints = [
            models.UniqueConstraint(fields=["student", "skill", "day"], name="snapshot_daily"),
        ]
        indexes = [
            models.Index(fields=["student", "day"]),
            # Returns after a month away, the few a period's 30-day retention reads.
            models.Index(
                fields=["student", "day"],
                condition=models.Q(gap_days__gte=rules.LONG_GAP_DAYS),
                name="snapshot_after_long_gap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.skill} · {self.day}"

    @property
    def state(self) -> rules.ProgressState:
        return self.state_of(
            self.p_known,
            self.attempts,
            self.half_life_days,
            self.last_practiced_at,
            self.sessions,
            self.level_correct,
        )

    @staticmethod
    def state_of(
        p_known, attempts, half_life_days, last_practiced_at, sessions, level_correct
    ) -> rules.ProgressState:
        """The state from a snapshot's stored values (a raw row: no model instance)."""
        return rules.ProgressState(
            p_known=p_known,
            attempts=attempts,
            half_life_days=half_life_days,
            last_practiced_at=last_practiced_at,
            sessions=sessions,
            level_correct=_levels(level_correct),
        )


class ClassSkillOpening(models.Model):
    """A teacher opened a locked skill for a whole class: every student of the class (now or
    later) may practise it, whatever their prerequisites show."""

    school_class = models.ForeignKey(
        "schools.SchoolClass", on_delete=models.CASCADE, related_name="skill_openings"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="class_openings")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("skill opened for a class")
        verbose_name_plural = _("skills opened for a class")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "skill"], name="class_opening_once"),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} → {self.skill}"


class SubjectMasteryDay(models.Model):
    """A student's displayed mastery of a subject's skills at the midnight that starts a
    past day: their sum and how many show as mastered. A derived record, kept so a
    teacher's period chart reads one row per student and moment instead of probing every
    skill's snapshots (dashboards.metrics_sql.MASTERY_KEPT fills it on first read).

    A past midnight's mastery only changes when a snapshot of an earlier day does (a late
    report from the host, a rebuild): those writes delete the student's later rows
    (mastery.attempt_writes, mastery.rebuild), which the next read fills again."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.ForeignKey("schools.Subject", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    total = models.PositiveIntegerField(_("mastery summed over the skills"))
    mastered = models.PositiveIntegerField(_("skills shown as mastered"))

    class Meta:
        verbose_name = _("subject mastery at a day's start")
        verbose_name_plural = _("subject mastery at each day's start")
        constraints = [
            # Day before subject: a late report deletes one student's days after it as
            # one range of this index.
            models.UniqueConstraint(
                fields=["student", "day", "subject"], name="subject_mastery_daily"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.subject_id} · {self.day}: {self.total}"


class PracticeMonth(models.Model):
    """The days of one month on which a student practised a subject (days with a snapshot of
    one of its skills): bit d - 1 for day d. Kept with every answer (mastery.attempt_writes)
    and from the snapshots after a rebuild (mastery.practice_days), so a teacher's period
    reads a few rows per student, not one per skill and day practised."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.ForeignKey("schools.Subject", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month (its first day)"))
    days = models.IntegerField(_("days practised (one bit per day)"), default=0)

    class Meta:
        verbose_name = _("month of practice")
        verbose_name_plural = _("months of practice")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "month"], name="practice_month_once"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="practice_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.subject_id} · {self.month:%Y-%m}: {self.days:b}"
