from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Attempt,
    Choice,
    Exercise,
    ExerciseRun,
    MasterySnapshot,
    Question,
    QuestionServe,
    Skill,
    SkillProgress,
    SkillUnlock,
)
from .services import skill_prerequisites_validate


class SkillAdminForm(forms.ModelForm):
    """Admin builds the fields; this adds the prerequisite-cycle check."""

    def clean(self):
        data = super().clean()
        if self.instance.pk and "prerequisites" in data and data.get("subject"):
            self.instance.subject = data["subject"]
            skill_prerequisites_validate(skill=self.instance, prerequisites=data["prerequisites"])
        return data


@admin.register(Skill)
class SkillAdmin(TranslationAdmin):
    form = SkillAdminForm
    list_display = ("name", "subject", "tier", "position", "required_mastery")
    list_filter = ("subject", "tier")
    search_fields = ("name", "code")
    filter_horizontal = ("prerequisites",)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True
    fields = ("position", "kind", "prompt", "numeric_answer", "tolerance")


@admin.register(Exercise)
class ExerciseAdmin(TranslationAdmin):
    list_display = ("title", "skill", "difficulty", "position")
    list_filter = ("skill__subject", "difficulty")
    search_fields = ("title",)
    inlines = [QuestionInline]


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("__str__", "exercise", "kind", "position")
    list_filter = ("kind", "exercise__skill__subject")
    search_fields = ("prompt",)
    inlines = [ChoiceInline]


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
class ChoiceAdmin(TranslationAdmin):
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
    list_display = ("student", "skill", "unlocked_at")
    list_filter = ("skill__subject",)
    search_fields = ("student__username",)
    list_select_related = ("student", "skill")


@admin.register(MasterySnapshot)
class MasterySnapshotAdmin(ReadOnlyAdmin):
    list_display = ("student", "skill", "day", "p_known", "attempts")
    list_filter = ("skill__subject", "day")
    search_fields = ("student__username",)
    list_select_related = ("student", "skill")
