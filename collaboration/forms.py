from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mastery.models import Skill

from . import rules, selectors


class GroupForm(forms.Form):
    """A new study group; the class and subject come from one choice of the student's own."""

    where = forms.ChoiceField(label=_("Class and subject"))
    name = forms.CharField(label=_("Group name"), max_length=100)
    description = forms.CharField(
        label=_("What the group is about"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    current_focus = forms.CharField(
        label=_("This week's focus"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    focus_skill = forms.ModelChoiceField(
        label=_("Focus skill"), queryset=Skill.objects.none(), required=False
    )
    max_members = forms.IntegerField(
        label=_("Maximum members"),
        initial=rules.DEFAULT_MAX_MEMBERS,
        min_value=rules.MIN_MAX_MEMBERS,
        max_value=rules.MAX_MAX_MEMBERS,
    )
    is_open = forms.BooleanField(
        label=_("Any classmate may join (otherwise by invitation)"), required=False, initial=True
    )

    def __init__(self, *args, student: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {
            f"{klass.pk}-{subject.pk}": (klass, subject)
            for klass, subject in selectors.student_class_subjects(student=student)
        }
        self.fields["where"].choices = [
            (key, f"{klass} · {subject}") for key, (klass, subject) in self.pairs.items()
        ]
        subjects = {subject.pk for _, subject in self.pairs.values()}
        self.fields["focus_skill"].queryset = Skill.objects.filter(
            subject__in=subjects
        ).select_related("subject")

    def clean(self):
        data = super().clean()
        if "where" in data:
            data["school_class"], data["subject"] = self.pairs[data.pop("where")]
        return data


class InviteForm(forms.Form):
    invitee = forms.ModelChoiceField(
        label=_("Classmate"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].queryset = selectors.invitable(group=group)


class GoalForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), empty_label=None
    )
    target_mastery = forms.IntegerField(
        label=_("Target mastery (%)"),
        initial=rules.DEFAULT_GOAL_MASTERY,
        min_value=rules.MIN_GOAL_MASTERY,
        max_value=100,
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(subject=group.subject_id)


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("What did you learn together?"),
        max_length=rules.REFLECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
