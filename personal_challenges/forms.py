"""The form to set a challenge: one kind at a time, with the student's own options offered and
each target pre-filled with a suggestion. A blank target means "the suggested one". The
service checks everything again before writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mastery.models import Exercise, Skill
from project.widgets import LocalizedDateInput

from . import rules
from .models import PersonalChallenge
from .selectors import CreationOptions


class _ExerciseChoice(forms.ModelChoiceField):
    def __init__(self, *, labels: dict[int, str], **kwargs):
        self.labels = labels
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return self.labels.get(obj.pk, str(obj))


class ChallengeForm(forms.Form):
    kind = forms.ChoiceField(choices=PersonalChallenge.Kind.choices, widget=forms.HiddenInput)
    target = forms.IntegerField(label=_("Target"), required=False, min_value=1)
    daily_unit = forms.ChoiceField(
        label=_("Count"),
        choices=PersonalChallenge.DailyUnit.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    daily_goal = forms.IntegerField(label=_("How much each day"), required=False, min_value=1)
    deadline = forms.DateField(
        label=_("Deadline (optional)"),
        required=False,
        widget=LocalizedDateInput(),
    )
    why = forms.CharField(
        label=_("Why does this matter to you? (optional)"),
        max_length=rules.TEXT_MAX,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "dir": "auto", "placeholder": _("I want to feel confident…")}
        ),
    )
    strategy = forms.CharField(
        label=_("How will you go about it? (optional)"),
        max_length=rules.TEXT_MAX,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "dir": "auto", "placeholder": _("A little practice every day…")}
        ),
    )
    shared_with_teachers = forms.BooleanField(
        label=_("Share it with my teachers"),
        required=False,
        help_text=_("Private by default: only you can see it unless you tick this."),
    )

    def __init__(self, *args, kind: str, options: CreationOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.options = options
        self.fields["kind"].initial = kind
        target = self.fields["target"]
        if kind in rules.EXERCISE_KINDS:
            labels, ids = self._exercise_labels(kind)
            self.fields["exercise"] = _ExerciseChoice(
                label=_("Exercise"),
                queryset=Exercise.objects.filter(pk__in=ids),
                labels=labels,
                empty_label=None,
            )
            self.order_fields(["kind", "exercise"])
        if kind == rules.MASTER_SKILL:
            self.fields["skill"] = _ExerciseChoice(
                label=_("Skill"),
                queryset=Skill.objects.filter(pk__in=[o.node.id for o in options.skills]),
                labels={
                    o.node.id: f"{o.subject_name}: {o.node.name} ({o.node.mastery}%)"
                    for o in options.skills
                },
                empty_label=None,
            )
            self.order_fields(["kind", "skill"])
        if kind in (rules.MASTER_SKILL, rules.ADVANCED_CONTENT):
            del self.fields["target"]  # fixed by the goal itself
        elif kind == rules.BEAT_SCORE:
            target.label = _("Score to reach (%)")
            target.max_value = 100
            if options.scores:
                target.initial = options.scores[0].suggested
        elif kind == rules.LEARNING_STREAK:
            target.label = _("Days in a row")
            target.initial = options.streak_suggested
        elif kind == rules.DAILY_PRACTICE:
            target.label = _("On how many days")
            target.initial = options.practice_days_suggested
            self.fields["daily_unit"].initial = rules.QUESTIONS
            self.fields["daily_goal"].initial = options.daily_suggested[rules.QUESTIONS]
        elif kind == rules.HELP_OTHERS:
            target.label = _("Help sessions to complete")
            target.initial = options.help_suggested
        if kind != rules.DAILY_PRACTICE:
            del self.fields["daily_unit"]
            del self.fields["daily_goal"]
        if "target" in self.fields:
            target.widget.attrs.update({"inputmode": "numeric", "data-target": ""})

    def _exercise_labels(self, kind: str) -> tuple[dict[int, str], list[int]]:
        if kind == rules.BEAT_SCORE:
            rows = self.options.scores
            labels = {
                o.exercise.pk: _("%(title)s: your best %(best)d%% (suggested: %(suggested)d%%)")
                % {"title": o.exercise.title, "best": o.best, "suggested": o.suggested}
                for o in rows
            }
            return labels, [o.exercise.pk for o in rows]
        rows = self.options.advanced
        labels = {
            o.exercise.pk: f"{o.node.name}: {o.exercise.title} "
            f"({o.exercise.get_difficulty_display()})"
            for o in rows
        }
        return labels, [o.exercise.pk for o in rows]

    @property
    def suggestions(self) -> dict[str, int]:
        """Exercise id -> suggested score, for the page's script to follow the selection."""
        return {str(o.exercise.pk): o.suggested for o in self.options.scores}
