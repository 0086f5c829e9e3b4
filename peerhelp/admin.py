from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import HelperAvailability, HelpMessage, HelpRequest


@admin.register(HelperAvailability)
class HelperAvailabilityAdmin(admin.ModelAdmin):
    list_display = ("student", "is_available", "changed_at")
    list_filter = ("is_available",)
    search_fields = ("student__username", "student__display_name")
    raw_id_fields = ("student",)


class HelpMessageInline(admin.TabularInline):
    model = HelpMessage
    extra = 0
    raw_id_fields = ("author",)
    readonly_fields = ("author", "text", "sent_at")
    can_delete = False


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = (
        "requester",
        "helper",
        "skill",
        "topic",
        "status",
        "rating",
        "created_at",
        "completed_at",
    )
    list_filter = ("status", "school_class", "rating")
    search_fields = ("requester__username", "helper__username", "topic")
    list_select_related = ("requester", "helper", "skill")
    raw_id_fields = (
        "requester",
        "helper",
        "asked_helper",
        "skill",
        "school_class",
        "completed_by",
        "acknowledged_by",
    )
    date_hierarchy = "created_at"
    inlines = [HelpMessageInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "requester",
                    "school_class",
                    "skill",
                    "topic",
                    "question",
                    "asked_helper",
                    "status",
                    "helper",
                    "created_at",
                    "accepted_at",
                    "completed_at",
                    "completed_by",
                )
            },
        ),
        (
            _("Wrap-up"),
            {
                "fields": (
                    "rating",
                    "thank_you",
                    "requester_learned",
                    "helper_learned",
                    "rated_at",
                    "acknowledged_by",
                    "acknowledged_at",
                )
            },
        ),
    )


@admin.register(HelpMessage)
class HelpMessageAdmin(admin.ModelAdmin):
    list_display = ("request", "author", "sent_at")
    search_fields = ("author__username", "text")
    list_select_related = ("author",)
    raw_id_fields = ("request", "author")
