from django.contrib import admin

from .models import PersonalChallenge


@admin.register(PersonalChallenge)
class PersonalChallengeAdmin(admin.ModelAdmin):
    """Private goals: readable for support, never edited by staff (progress follows events)."""

    list_display = (
        "student",
        "kind",
        "target",
        "progress",
        "status",
        "deadline",
        "shared_with_teachers",
        "created_at",
        "completed_at",
    )
    list_filter = ("kind", "status", "shared_with_teachers")
    search_fields = ("student__username",)
    list_select_related = ("student",)
    raw_id_fields = (
        "student",
        "exercise",
        "skill",
        "reflect_exercise",
        "reflect_run",
        "reflection",
    )
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
