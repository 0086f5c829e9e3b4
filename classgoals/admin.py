from django.contrib import admin

from .models import ClassGoal, ClassMilestone


@admin.register(ClassGoal)
class ClassGoalAdmin(admin.ModelAdmin):
    list_display = ("title", "school_class", "kind", "target", "current_value", "end_date")
    list_filter = ("kind", "school_class")
    readonly_fields = ("current_value", "population", "computed_at", "reached_at")
    raw_id_fields = ("created_by",)


@admin.register(ClassMilestone)
class ClassMilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "school_class", "achieved_at")
    readonly_fields = ("goal", "value", "achieved_at")
