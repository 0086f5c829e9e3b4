from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ParentLink, User


class _LinkInline(admin.TabularInline):
    model = ParentLink
    extra = 0
    readonly_fields = ("source",)
    fields = ("parent", "child", "since", "source")
    autocomplete_fields = ("parent", "child")


class ChildLinkInline(_LinkInline):
    """On a parent's page: the children they follow."""

    fk_name = "parent"
    verbose_name = _("child followed")
    verbose_name_plural = _("children followed")
    fields = ("child", "since", "source")


class ParentLinkInline(_LinkInline):
    """On a student's page: who follows them."""

    fk_name = "child"
    verbose_name = _("parent following")
    verbose_name_plural = _("parents following")
    fields = ("parent", "since", "source")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "first_name", "last_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Madrasti"), {"fields": ("role", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Madrasti"), {"fields": ("role", "display_name", "email")}),
    )

    def get_inlines(self, request, obj):
        if obj is not None and obj.is_parent:
            return [ChildLinkInline]
        if obj is not None and obj.is_student:
            return [ParentLinkInline]
        return []


@admin.register(ParentLink)
class ParentLinkAdmin(admin.ModelAdmin):
    list_display = ("parent", "child", "since", "source")
    list_filter = ("source",)
    search_fields = (
        "parent__email",
        "parent__first_name",
        "parent__last_name",
        "child__email",
        "child__first_name",
        "child__last_name",
        "child__username",
    )
    autocomplete_fields = ("parent", "child")
    readonly_fields = ("source",)
    date_hierarchy = "since"
