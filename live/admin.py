from django.contrib import admin

from .models import RoomCursor, RoomEvent


@admin.register(RoomEvent)
class RoomEventAdmin(admin.ModelAdmin):
    list_display = ("room", "seq", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("room",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RoomCursor)
class RoomCursorAdmin(admin.ModelAdmin):
    list_display = ("room", "last_seq")
    search_fields = ("room",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
