from django.contrib import admin

from .models import Participant, ParticipationChange, SkippedMetric


class SkippedMetricInline(admin.TabularInline):
    model = SkippedMetric
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("student", "show_name", "joined_at", "updated_at")
    list_filter = ("show_name",)
    search_fields = ("student__username",)
    list_select_related = ("student",)
    raw_id_fields = ("student",)
    inlines = [SkippedMetricInline]


@admin.register(SkippedMetric)
class SkippedMetricAdmin(admin.ModelAdmin):
    list_display = ("participant", "metric")
    list_filter = ("metric",)
    list_select_related = ("participant__student",)
    raw_id_fields = ("participant",)


@admin.register(ParticipationChange)
class ParticipationChangeAdmin(admin.ModelAdmin):
    """Counts only (no student): read-only, as the teachers' metrics read them."""

    list_display = ("school_class", "kind", "at")
    list_filter = ("kind",)
    list_select_related = ("school_class",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
