from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Encouragement, Reflection, ReflectionInvitationDismissal


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = (
        "student",
        "exercise",
        "subject",
        "created_at",
        "teacher_read_at",
        "feedback_at",
    )
    list_filter = ("subject", ("teacher_read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("student__username", "student__display_name", "exercise__title")
    list_select_related = ("student", "exercise", "subject")
    raw_id_fields = ("student", "exercise", "run", "teacher_read_by", "feedback_by")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("student", "exercise", "subject", "run", "created_at")}),
        (
            _("Reflection"),
            {
                "fields": (
                    "what_i_learned",
                    "what_was_challenging",
                    "how_i_overcame_it",
                    "what_next",
                    "confidence_before",
                    "confidence_after",
                    "difficulty",
                )
            },
        ),
        (
            _("Teacher side"),
            {
                "fields": (
                    "teacher_read_at",
                    "teacher_read_by",
                    "feedback",
                    "encouragement_preset",
                    "encouragement_text",
                    "feedback_by",
                    "feedback_at",
                )
            },
        ),
    )


@admin.register(ReflectionInvitationDismissal)
class ReflectionInvitationDismissalAdmin(admin.ModelAdmin):
    list_display = ("student", "run", "dismissed_at")
    search_fields = ("student__username",)
    list_select_related = ("student", "run__exercise")
    raw_id_fields = ("student", "run")


@admin.register(Encouragement)
class EncouragementAdmin(admin.ModelAdmin):
    list_display = ("teacher", "student", "preset", "text", "created_at")
    list_filter = ("preset", "created_at")
    search_fields = ("teacher__username", "student__username", "text")
    list_select_related = ("teacher", "student")
    raw_id_fields = ("teacher", "student")
    date_hierarchy = "created_at"
