from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import selectors
from .models import Challenge


class ChallengeForm(forms.Form):
    opponent = forms.ModelChoiceField(
        label=_("Classmate"), queryset=User.objects.none(), empty_label=None
    )
    exercise = forms.ModelChoiceField(
        label=_("Exercise"), queryset=selectors.Exercise.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of challenge"),
        choices=Challenge.Kind.choices,
        initial=Challenge.Kind.ACCURACY,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("A friendly message"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": _("Good luck, have fun!")}),
    )

    def __init__(self, *args, student: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opponent"].queryset = selectors.classmates(student=student)
        self.fields["exercise"].queryset = selectors.challengeable_exercises(student=student)
