from django.contrib import admin

from .models import FamilyPreference


@admin.register(FamilyPreference)
class FamilyPreferenceAdmin(admin.ModelAdmin):
    list_display = ("parent", "weekly_email", "language", "last_digest_at")
    list_filter = ("weekly_email", "language")
    search_fields = ("parent__email", "parent__first_name", "parent__last_name")
    readonly_fields = ("last_digest_at", "changed_at")
    autocomplete_fields = ("parent",)
