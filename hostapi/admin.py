from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from schools.admin import SchoolAdmin
from schools.models import School

from .models import ApiClient, HandoffRedemption, hash_token
from .roster.apply import roster_apply
from .roster.files import guess_format, read_roster


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


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster file"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("", _("From the file name")),
            ("csv", _("CSV")),
            ("host", _("Madrasti 2.0 JSON")),
        ],
        required=False,
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, initial=True, help_text=_("Report only, save nothing.")
    )


# The schools' admin gains "Import roster" here, so schools never depends on this app.
admin.site.unregister(School)


@admin.register(School)
class SchoolRosterAdmin(SchoolAdmin):
    change_list_template = "admin/schools/school/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_roster)
        return [
            path("import-roster/", view, name="schools_school_import_roster"),
            *super().get_urls(),
        ]

    def import_roster(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        report = None
        form = RosterImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            fmt = form.cleaned_data["format"] or guess_format(upload.name)
            report = roster_apply(
                roster=read_roster(upload.read(), fmt), dry_run=form.cleaned_data["dry_run"]
            )
            if report.ok and not report.dry_run:
                messages.success(request, _("The roster was imported."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a roster"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/hostapi/roster_import.html", context)
