"""Friendly challenges in the admin: records of what happened, readable, never rewritten here
(the server owns every clock and score; a change would rewrite a match)."""

from django.contrib import admin

from .models import Challenge, ChallengeAnswer, ChallengePlayer


class RecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlayerInline(admin.TabularInline):
    model = ChallengePlayer
    fields = ("player", "outcome", "correct", "answered", "total_ms", "baseline", "ready_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Challenge)
class ChallengeAdmin(RecordAdmin):
    list_display = ("__str__", "school_class", "kind", "status", "created_at", "winner")
    list_filter = ("status", "kind", "school_class")
    search_fields = ("challenger__username", "opponent__username", "message")
    list_select_related = ("challenger", "opponent", "school_class", "winner")
    date_hierarchy = "created_at"
    inlines = [PlayerInline]


@admin.register(ChallengePlayer)
class ChallengePlayerAdmin(RecordAdmin):
    list_display = ("player", "challenge", "outcome", "correct", "answered")
    list_filter = ("outcome",)
    search_fields = ("player__username",)
    list_select_related = ("player", "challenge")


@admin.register(ChallengeAnswer)
class ChallengeAnswerAdmin(RecordAdmin):
    list_display = ("player", "challenge", "question", "correct", "timed_out", "time_ms")
    list_filter = ("correct", "timed_out")
    search_fields = ("player__username",)
    list_select_related = ("player", "challenge", "question")
