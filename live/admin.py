from django.contrib import admin

from .models import PresenceRoom, RoomCursor, RoomEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the live machinery: looked at, never edited by hand."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RoomEvent)
class RoomEventAdmin(ReadOnlyAdmin):
    list_display = ("room", "seq", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("room",)


@admin.register(RoomCursor)
class RoomCursorAdmin(ReadOnlyAdmin):
    list_display = ("room", "last_seq")
    search_fields = ("room",)


@admin.register(PresenceRoom)
class PresenceRoomAdmin(ReadOnlyAdmin):
    list_display = ("room", "user_ids", "updated_at")
    search_fields = ("room",)
