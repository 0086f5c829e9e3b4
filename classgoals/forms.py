from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mastery.models import Skill
from project.widgets import LocalizedDateInput
from schools.models import SchoolClass, Subject

from . import rules
from .models import DESCRIPTION_MAX, TITLE_MAX, UNLOCKS_MAX, ClassGoal

# Interpolated when shown, in the reader's language (a lazy string % values would be
# rendered once, at import, in whatever language was active then).
_interpolate = lazy(lambda text, values: text % values, str)

MESSAGES = {
    "unknown_kind": _("Please choose a kind of goal."),
    "scope_required": _("A mastery goal needs a subject or a skill."),
    "target_too_small": _("The target must be at least 1."),
    "percent_too_large": _("A percentage target can be at most 100."),
    "target_too_large": _interpolate(
        _("Please choose a target of at most %(max)s."), {"max": rules.TARGET_MAX_COUNT}
    ),
    "ends_before_start": _("The end date must be on or after the start date."),
    "too_long": ngettext_lazy(
        "A class goal can last at most %(days)s day.",
        "A class goal can last at most %(days)s days.",
        "days",
    )
    % {"days": rules.MAX_GOAL_DAYS},
    "already_over": _("The end date is already past: choose a date from today on."),
    "skill_outside_subject": _("That skill belongs to another subject."),
    "subject_not_taught": _("You can set goals only in subjects you teach to this class."),
    "text_required": _("Please write it in at least one language."),
}

# The teacher's words, in up to three languages (one at least): each reader sees theirs, or
# another with a "written in" note. The order the form shows them in.
TEXT_LANGUAGES = ("ar", "fr", "en")
LANGUAGE_NAMES = {"ar": _("in Arabic"), "fr": _("in French"), "en": _("in English")}


def add_goal_errors(form: forms.Form, errors: dict[str, str]) -> None:
    for field, code in errors.items():
        form.add_error(field if field in form.fields else None, MESSAGES.get(code, code))


def _text_field(
    label, max_length: int, lang: str, placeholder, *, long: bool = False
) -> forms.CharField:
    attrs = {"dir": "rtl" if lang == "ar" else "ltr", "lang": lang}
    if placeholder:
        attrs["placeholder"] = placeholder
    widget = forms.Textarea(attrs={**attrs, "rows": 2}) if long else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class ClassGoalForm(forms.Form):
    # Built per language below: title_ar, title_fr, title_en, unlocks_ar, ...
    TEXTS = {
        "title": (_("Goal"), TITLE_MAX, _("Fraction friends")),
        "unlocks": (
            _("When we reach it, the class unlocks"),
            UNLOCKS_MAX,
            _("The class chooses the next project topic"),
        ),
        "description": (_("A word for the class"), DESCRIPTION_MAX, ""),
    }
    # May be left blank in every language.
    OPTIONAL = ("description",)

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

    def __init__(self, *args, teacher: User, school_class: SchoolClass, **kwargs):
        super().__init__(*args, **kwargs)
        subjects = Subject.objects.filter(
            teaching_assignments__teacher=teacher, teaching_assignments__school_class=school_class
        ).distinct()
        texts, reader = {}, (get_language() or "en").split("-")[0]
        for name, (label, max_length, placeholder) in self.TEXTS.items():
            for lang in TEXT_LANGUAGES:
                texts[f"{name}_{lang}"] = _text_field(
                    f"{label} ({LANGUAGE_NAMES[lang]})",
                    max_length,
                    lang,
                    placeholder if lang == reader else "",
                    long=name in self.OPTIONAL,
                )
        texts[f"description_{TEXT_LANGUAGES[0]}"].help_text = _(
            "Optional, in any of the three languages."
        )
        # The texts first, as the form always read: what the goal is, then how it is measured.
        self.fields = {**texts, **self.fields}
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
        for name in (n for n in self.TEXTS if n not in self.OPTIONAL):
            if not any((data.get(f"{name}_{lang}") or "").strip() for lang in TEXT_LANGUAGES):
                errors[f"{name}_{TEXT_LANGUAGES[0]}"] = "text_required"
        # A field that failed its own checks already says why.
        add_goal_errors(self, {f: c for f, c in errors.items() if f not in self.errors})
        return data

    def goal_fields(self) -> dict:
        """The service's keywords: the texts as {language: text}, the rest as cleaned."""
        data = dict(self.cleaned_data)
        for name in self.TEXTS:
            data[name] = {lang: data.pop(f"{name}_{lang}", "") for lang in TEXT_LANGUAGES}
        return data

    @classmethod
    def initial_for(cls, goal) -> dict:
        """The form's initial values for an existing goal: each language as written."""
        from .services import EDITABLE

        initial = {name: getattr(goal, name) for name in EDITABLE if name not in cls.TEXTS}
        for name in cls.TEXTS:
            for lang in TEXT_LANGUAGES:
                initial[f"{name}_{lang}"] = getattr(goal, f"{name}_{lang}") or ""
        return initial
