from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import rules, selectors


class HelpRequestForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=selectors.Skill.objects.none(), empty_label=None
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=rules.TOPIC_MAX_CHARS,
        widget=forms.TextInput(
            attrs={"dir": "auto", "placeholder": _("e.g. carrying in additions")}
        ),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=rules.QUESTION_MAX_CHARS,
        widget=forms.Textarea(
            attrs={
                "dir": "auto",
                "rows": 4,
                "placeholder": _("What did you try? Where do you get stuck?"),
            }
        ),
    )
    # "" = any suggested classmate; otherwise the id of one of them.
    helper = forms.TypedChoiceField(
        label=_("Who would you like to ask?"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, student: User, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = selectors.askable_skills(student=student)
        self.fields["helper"].choices = [("", _("Anyone who can help"))] + [
            (s.student.pk, str(s.student)) for s in suggestions
        ]
        self.suggestions = list(suggestions)

    def chosen_helper(self) -> User | None:
        helper_id = self.cleaned_data.get("helper")
        return next((s.student for s in self.suggestions if s.student.pk == helper_id), None)


class WrapUpForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was this session?"),
        choices=[(n, str(n)) for n in range(rules.RATING_MIN, rules.RATING_MAX + 1)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    thank_you = forms.CharField(
        label=_("A thank-you message (optional)"),
        max_length=rules.THANK_YOU_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
    )
    learned = forms.CharField(
        label=_("What I learned (optional)"),
        max_length=rules.LEARNED_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
    )

    def __init__(self, *args, rates: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not rates:
            del self.fields["rating"]
            del self.fields["thank_you"]
            self.fields["learned"].help_text = _(
                "Teaching often shows us what we understand best. What did helping teach you?"
            )
