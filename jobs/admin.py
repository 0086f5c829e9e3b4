from django.contrib import admin

from .models import FollowUpDone, PeriodicRun


@admin.register(FollowUpDone)
class FollowUpDoneAdmin(admin.ModelAdmin):
    list_display = ("key", "subscriber", "done_at")
    search_fields = ("key",)
    list_filter = ("subscriber",)


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ("task_path", "slot", "enqueued_at")
