from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiClient, HandoffRedemption, hash_token


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at")
    readonly_fields = ("created_at",)

    def save_model(self, request, obj, form, change):
        if not change:
            token = ApiClient.new_token()
            obj.token_hash = hash_token(token)
            messages.warning(
                request,
                _("Copy this token now, it will not be shown again: %(token)s") % {"token": token},
            )
        super().save_model(request, obj, form, change)


@admin.register(HandoffRedemption)
class HandoffRedemptionAdmin(admin.ModelAdmin):
    """Written by sign-in only: the admin reads which hand-offs were used."""

    list_display = ("user", "redeemed_at", "expires_at")
    search_fields = ("user__email", "jti")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
