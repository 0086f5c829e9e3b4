from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mastery.models import Skill
from project.widgets import LocalizedDateInput
from schools.models import SchoolClass, Subject

from . import rules
from .models import DESCRIPTION_MAX, TITLE_MAX, UNLOCKS_MAX, ClassGoal

MESSAGES = {
    "unknown_kind": _("Please choose a kind of goal."),
    "scope_required": _("A mastery goal needs a subject or a skill."),
    "target_too_small": _("The target must be at least 1."),
    "percent_too_large": _("A percentage target can be at most 100."),
    "target_too_large": _("Please choose a target of at most %(max)s.")
    % {"max": rules.TARGET_MAX_COUNT},
    "ends_before_start": _("The end date must be on or after the start date."),
    "too_long": _("A class goal can last at most %(days)s days.") % {"days": rules.MAX_GOAL_DAYS},
    "already_over": _("The end date is already past: choose a date from today on."),
    "skill_outside_subject": _("That skill belongs to another subject."),
    "subject_not_taught": _("You can set goals only in subjects you teach to this class."),
}


def add_goal_errors(form: forms.Form, errors: dict[str, str]) -> None:
    for field, code in errors.items():
        form.add_error(field if field in form.fields else None, MESSAGES.get(code, code))


class ClassGoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": _("Fraction friends")}),
    )
    kind = forms.ChoiceField(label=_("What we measure"), choices=ClassGoal.Kind.choices)
    target = forms.IntegerField(
        label=_("Target"),
        min_value=1,
        help_text=_(
            "A percentage (1-100) for the % kinds, else a number of exercises, sessions "
            "or reflections."
        ),
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.none(), required=False
    )
    skill = forms.ModelChoiceField(
        label=_("Skill (optional)"), queryset=Skill.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Starts on"), widget=LocalizedDateInput())
    end_date = forms.DateField(label=_("Ends on"), widget=LocalizedDateInput())
    unlocks = forms.CharField(
        label=_("When we reach it, the class unlocks"),
        max_length=UNLOCKS_MAX,
        widget=forms.TextInput(
            attrs={"dir": "auto", "placeholder": _("The class chooses the next project topic")}
        ),
    )
    description = forms.CharField(
        label=_("A word for the class (optional)"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, teacher: User, school_class: SchoolClass, **kwargs):
        super().__init__(*args, **kwargs)
        subjects = Subject.objects.filter(
            teaching_assignments__teacher=teacher, teaching_assignments__school_class=school_class
        ).distinct()
        self.fields["subject"].queryset = subjects
        self.fields["skill"].queryset = Skill.objects.filter(subject__in=subjects).select_related(
            "subject"
        )

    def clean(self):
        data = super().clean()
        skill, subject = data.get("skill"), data.get("subject")
        errors = rules.goal_errors(
            kind=data.get("kind", ""),
            target=data.get("target"),
            start=data.get("start_date"),
            end=data.get("end_date"),
            has_scope=bool(skill or subject),
            today=timezone.localdate(),
        )
        if skill and subject and skill.subject_id != subject.pk:
            errors["skill"] = "skill_outside_subject"
        # A field that failed its own checks already says why.
        add_goal_errors(self, {f: c for f, c in errors.items() if f not in self.errors})
        return data
