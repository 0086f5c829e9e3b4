from django.contrib import admin

from .models import GrowthState, PersonalBest, Recognition, RushingFlag


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived from the attempt log by the app (live or by the rebuild): read, never typed in."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonalBest)
class PersonalBestAdmin(ReadOnlyAdmin):
    list_display = (
        "student",
        "metric",
        "value",
        "previous_value",
        "exercise",
        "period",
        "achieved_at",
        "celebrated_at",
    )
    list_filter = ("metric",)
    search_fields = ("student__username",)
    list_select_related = ("student", "exercise")
    date_hierarchy = "achieved_at"


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ("student", "kind", "exercise", "achieved_at", "shared_with_teacher")
    list_filter = ("kind", "skill__subject")
    search_fields = ("student__username",)
    list_select_related = ("student", "exercise")
    date_hierarchy = "achieved_at"


@admin.register(RushingFlag)
class RushingFlagAdmin(ReadOnlyAdmin):
    list_display = ("student", "day", "answers", "wrong", "first_at", "last_at")
    search_fields = ("student__username",)
    list_select_related = ("student",)
    date_hierarchy = "day"


@admin.register(GrowthState)
class GrowthStateAdmin(ReadOnlyAdmin):
    list_display = ("student", "streak_days", "last_practice_day", "week_gain", "updated_at")
    search_fields = ("student__username",)
    list_select_related = ("student",)
