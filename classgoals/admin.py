from django.contrib import admin

from mastery.admin import LanguageTabsAdmin

from .models import ClassGoal, ClassMilestone


# The teacher's words in ar / fr / en, one language at least (as on the goal form).
@admin.register(ClassGoal)
class ClassGoalAdmin(LanguageTabsAdmin):
    list_display = ("title", "school_class", "kind", "target", "current_value", "end_date")
    list_filter = ("kind", "school_class")
    readonly_fields = ("current_value", "population", "computed_at", "reached_at")
    raw_id_fields = ("created_by",)


@admin.register(ClassMilestone)
class ClassMilestoneAdmin(LanguageTabsAdmin):
    list_display = ("title", "school_class", "achieved_at")
    readonly_fields = ("goal", "value", "achieved_at")
