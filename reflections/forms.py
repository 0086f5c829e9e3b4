"""Input shapes for the pages; the services validate again (full_clean) before writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Confidence, EncouragementPreset, PerceivedDifficulty


class TextField(forms.CharField):
    """User text, normalised (line endings, NULs, trimmed) before the length is checked."""

    def __init__(self, *, max_length: int, rows: int = 3, **kwargs):
        kwargs.setdefault("required", False)
        # dir="auto": a student may write in Arabic on a French page, or the other way round.
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": rows, "dir": "auto"})
            if rows
            else forms.TextInput(attrs={"dir": "auto"}),
        )
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        return rules.clean_text(super().to_python(value))


def _scale(choices, label):
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (unknown fields become form errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ReflectionForm(forms.Form):
    what_i_learned = TextField(label=_("What did I learn?"), max_length=rules.REFLECTION_TEXT_MAX)
    what_was_challenging = TextField(
        label=_("What was challenging?"), max_length=rules.REFLECTION_TEXT_MAX
    )
    how_i_overcame_it = TextField(
        label=_("How did I work through it?"), max_length=rules.REFLECTION_TEXT_MAX
    )
    what_next = TextField(
        label=_("What do I want to learn next?"), max_length=rules.REFLECTION_TEXT_MAX
    )
    confidence_before = _scale(Confidence.choices, _("Before this exercise, I felt"))
    confidence_after = _scale(Confidence.choices, _("Now I feel"))
    difficulty = _scale(PerceivedDifficulty.choices, _("This exercise felt"))

    TEXT_FIELDS = ("what_i_learned", "what_was_challenging", "how_i_overcame_it", "what_next")

    def clean(self):
        data = super().clean()
        texts = [data.get(name) for name in self.TEXT_FIELDS]
        if not any(texts) and not any(name in self.errors for name in self.TEXT_FIELDS):
            raise ValidationError(
                _("Write a few words in at least one of the boxes."), code="empty_reflection"
            )
        return data

    def text_fields(self):
        return [self[name] for name in self.TEXT_FIELDS]

    def scale_fields(self):
        return [self["confidence_before"], self["confidence_after"], self["difficulty"]]


# An encouragement is suggested words, the teacher's own, or both: a preset followed by a
# personal line ("Great effort! I saw how you checked each step.").


class FeedbackForm(forms.Form):
    feedback = TextField(label=_("Your feedback"), max_length=rules.FEEDBACK_TEXT_MAX, rows=4)
    encouragement_preset = forms.ChoiceField(
        label=_("Add an encouragement"),
        choices=[("", _("None this time")), *EncouragementPreset.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    encouragement_text = TextField(
        label=_("Add your own words (optional)"),
        max_length=rules.ENCOURAGEMENT_TEXT_MAX,
        rows=0,
    )

    def clean(self):
        data = super().clean()
        given = [data.get(n) for n in ("feedback", "encouragement_preset", "encouragement_text")]
        if not any(given) and not self.errors:
            raise ValidationError(
                _("Write a few words of feedback or choose an encouragement."),
                code="empty_feedback",
            )
        return data


class EncouragementForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Pick some warm words"),
        choices=[("", _("I will write my own")), *EncouragementPreset.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    text = TextField(
        label=_("Add your own words (optional)"), max_length=rules.ENCOURAGEMENT_TEXT_MAX, rows=2
    )

    def clean(self):
        data = super().clean()
        if not (data.get("preset") or data.get("text")) and not self.errors:
            raise ValidationError(
                _("Pick one of the suggestions or write a few words of your own."),
                code="empty_encouragement",
            )
        return data
