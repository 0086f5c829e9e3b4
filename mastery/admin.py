from django import forms
from django.conf import settings
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import NotRegistered, translator

from .models import (
    Attempt,
    Choice,
    ClassSkillOpening,
    Exercise,
    ExerciseRun,
    MasterySnapshot,
    PracticeMonth,
    Question,
    QuestionServe,
    Skill,
    SkillProgress,
    SkillUnlock,
    SubjectMasteryDay,
)
from .services import skill_prerequisites_validate


def _translations(model) -> dict[str, list[str]]:
    """A model's required translated fields and their per-language columns."""
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return {}
    return {
        name: [f"{name}_{code}" for code, _label in settings.LANGUAGES]
        for name in fields
        if not model._meta.get_field(name).blank
    }


class AnyLanguageForm(forms.ModelForm):
    """A required text (a skill's name, a question's prompt) may be written in any one of the
    three languages: content imported from Madrasti is often French and Arabic only."""

    def clean(self):
        data = super().clean()
        for columns in _translations(self._meta.model).values():
            present = [c for c in columns if c in self.fields]
            if present and not any((data.get(c) or "").strip() for c in present):
                self.add_error(present[0], _("Write it in at least one language."))
        return data


class AnyLanguageMixin:
    form = AnyLanguageForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None and not original.blank:
            field.required = False  # AnyLanguageForm asks for one language instead
        return field


class LanguageTabsAdmin(AnyLanguageMixin, TranslationAdmin):
    """Translated fields in ar / fr / en, one field with a tab per language (no CDN: the
    small script is ours)."""

    class Media:
        js = ("admin_tabs/translation_tabs.js",)
        css = {"all": ("admin_tabs/translation_tabs.css",)}


ADVANCED = _("Advanced (model parameters)")


class SkillAdminForm(AnyLanguageForm):
    """Admin builds the fields; this adds the prerequisite-cycle check and plain-words help."""

    class Meta:
        help_texts = {
            "p_init": _(
                "How likely a student already knows this skill before practising it (0-1). "
                "Default 0.15."
            ),
            "p_learn": _(
                "How likely one practised question teaches the skill (0-1). Default 0.12."
            ),
            "p_guess": _(
                "How likely a right answer is a lucky guess (0-1). Higher for true/false or "
                "few choices."
            ),
            "p_slip": _("How likely a student who knows the skill still slips (0-1). Default 0.1."),
            "required_mastery": _("Mastery (%) each prerequisite needs before this skill opens."),
        }

    def clean(self):
        data = super().clean()
        if self.instance.pk and "prerequisites" in data and data.get("subject"):
            self.instance.subject = data["subject"]
            skill_prerequisites_validate(skill=self.instance, prerequisites=data["prerequisites"])
        return data


class ExerciseOfSkillInline(admin.TabularInline):
    model = Exercise
    extra = 0
    fields = ("title", "difficulty", "position")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("Exercises of this skill")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Skill)
class SkillAdmin(LanguageTabsAdmin):
    form = SkillAdminForm
    list_display = ("name", "subject", "tier", "position", "required_mastery")
    list_filter = ("subject", "tier")
    search_fields = ("name", "code")
    filter_horizontal = ("prerequisites",)
    inlines = [ExerciseOfSkillInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "prerequisites" in form.base_fields:
            # Only skills of the same subject can come first, and never the skill itself.
            field = form.base_fields["prerequisites"]
            field.queryset = Skill.objects.filter(subject_id=obj.subject_id).exclude(pk=obj.pk)
        return form

    fieldsets = (
        (None, {"fields": ("subject", "code", "name", "description", "tier", "position")}),
        (_("What opens this skill"), {"fields": ("prerequisites", "required_mastery")}),
        (
            ADVANCED,
            {
                "classes": ("collapse",),
                "description": _(
                    "The mastery model's parameters for this skill (Bayesian Knowledge "
                    "Tracing). The defaults suit most skills; change them only with evidence "
                    "from your students' answers. A change applies to answers given from now on."
                ),
                "fields": ("p_init", "p_learn", "p_guess", "p_slip"),
            },
        ),
    )


class QuestionInline(admin.TabularInline):
    """The exercise lists its questions; each opens in the question's own page (all three
    languages, its choices inline)."""

    model = Question
    extra = 0
    fields = ("position", "kind", "prompt", "choice_count")
    readonly_fields = ("prompt", "choice_count")
    show_change_link = True
    verbose_name_plural = _("Questions (open one to edit it and its choices)")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("choices"))
    def choice_count(self, obj):
        return obj.choices.count() if obj.kind == Question.Kind.CHOICE else "–"


@admin.register(Exercise)
class ExerciseAdmin(LanguageTabsAdmin):
    list_display = ("title", "skill", "difficulty", "position", "question_count")
    list_filter = ("skill__subject", "difficulty")
    search_fields = ("title", "external_ref")
    list_select_related = ("skill",)
    inlines = [QuestionInline]
    readonly_fields = ("add_question",)
    fieldsets = (
        (None, {"fields": ("skill", "title", "difficulty", "position", "add_question")}),
        (_("Madrasti 2.0"), {"classes": ("collapse",), "fields": ("external_ref",)}),
    )

    @admin.display(description=_("questions"))
    def question_count(self, obj):
        return obj.questions.count()

    @admin.display(description=_("New question"))
    def add_question(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the exercise first, then add its questions.")
        url = reverse("admin:mastery_question_add") + f"?exercise={obj.pk}"
        return format_html('<a class="addlink" href="{}">{}</a>', url, _("Add a question"))


ONE_RIGHT_CHOICE = _("A multiple-choice question needs two or more choices, one of them right.")


class ChoiceFormSet(BaseInlineFormSet):
    """A multiple-choice question needs at least two choices and exactly one right one."""

    def clean(self):
        super().clean()
        if self.instance.kind != Question.Kind.CHOICE:
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) < 2 or sum(1 for c in kept if c.get("is_correct")) != 1:
            raise forms.ValidationError(ONE_RIGHT_CHOICE)


class ChoiceInline(AnyLanguageMixin, TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ("position", "text", "is_correct")


@admin.register(Question)
class QuestionAdmin(LanguageTabsAdmin):
    list_display = ("__str__", "exercise", "kind", "position")
    list_filter = ("kind", "exercise__skill__subject")
    search_fields = ("prompt", "external_ref")
    list_select_related = ("exercise",)
    inlines = [ChoiceInline]
    fieldsets = (
        (None, {"fields": ("exercise", "kind", "position", "prompt", "hint", "explanation")}),
        (
            _("Numeric answer"),
            {
                "description": _(
                    "For a numeric question: the answer and how far off still counts."
                ),
                "fields": ("numeric_answer", "tolerance"),
            },
        ),
        (
            _("Advanced (parametrised question)"),
            {
                "classes": ("collapse",),
                "description": _(
                    "A numeric question can draw fresh numbers each time it is shown. "
                    'Parameters: JSON such as {"vars": {"a": {"min": 2, "max": 9}}}; the '
                    "prompt, hint and explanation use {a}; the answer formula (e.g. a * 3) is "
                    "computed on the server. See docs/content-format.md. Leave both empty for a "
                    "fixed question."
                ),
                "fields": ("params", "answer_formula"),
            },
        ),
        (_("Madrasti 2.0"), {"classes": ("collapse",), "fields": ("external_ref",)}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs are written by the app only; the admin may read them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ("student", "question", "correct", "attempt_number", "source", "answered_at")
    list_filter = ("source", "correct", "skill__subject")
    search_fields = ("student__username", "student__email")
    list_select_related = ("student", "question")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SkillProgress)
class SkillProgressAdmin(ReadOnlyAdmin):
    list_display = ("student", "skill", "mastery", "attempts", "last_practiced_at")
    list_filter = ("skill__subject",)
    search_fields = ("student__username",)
    list_select_related = ("student", "skill")


@admin.register(QuestionServe)
class QuestionServeAdmin(ReadOnlyAdmin):
    list_display = ("student", "question", "served_at", "answered_at", "hint_used")
    list_select_related = ("student", "question")


@admin.register(Choice)
class ChoiceAdmin(LanguageTabsAdmin):
    list_display = ("text", "question", "is_correct", "position")
    list_filter = ("is_correct",)
    search_fields = ("text",)
    list_select_related = ("question",)


@admin.register(ExerciseRun)
class ExerciseRunAdmin(ReadOnlyAdmin):
    list_display = ("student", "exercise", "started_at", "finished_at", "score")
    list_filter = ("exercise__skill__subject",)
    search_fields = ("student__username",)
    list_select_related = ("student", "exercise")


@admin.register(SkillUnlock)
class SkillUnlockAdmin(ReadOnlyAdmin):
    list_display = ("student", "skill", "unlocked_at", "opened_by")
    list_filter = ("skill__subject",)
    search_fields = ("student__username",)
    list_select_related = ("student", "skill", "opened_by")


@admin.register(MasterySnapshot)
class MasterySnapshotAdmin(ReadOnlyAdmin):
    list_display = ("student", "skill", "day", "p_known", "attempts")
    list_filter = ("skill__subject", "day")
    search_fields = ("student__username",)
    list_select_related = ("student", "skill")


@admin.register(SubjectMasteryDay)
class SubjectMasteryDayAdmin(ReadOnlyAdmin):
    list_display = ("student", "subject", "day", "total", "mastered")
    list_filter = ("subject", "day")
    search_fields = ("student__username",)
    list_select_related = ("student", "subject")


@admin.register(PracticeMonth)
class PracticeMonthAdmin(ReadOnlyAdmin):
    list_display = ("student", "subject", "month", "days")
    list_filter = ("subject", "month")
    search_fields = ("student__username",)
    list_select_related = ("student", "subject")


@admin.register(ClassSkillOpening)
class ClassSkillOpeningAdmin(ReadOnlyAdmin):
    list_display = ("school_class", "skill", "opened_by", "opened_at")
    list_filter = ("skill__subject",)
    list_select_related = ("school_class", "skill", "opened_by")
