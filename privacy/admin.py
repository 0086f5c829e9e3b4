"""The administrator's side: download a student's data, erase a student (with a confirmation
page), and the record of past erasures. The actions sit on the people list (Accounts › Users)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.admin import UserAdmin
from accounts.models import User

from . import erase, export
from .models import ErasureRecord
from .responses import archive_response


@admin.action(description=gettext_lazy("Download the student's data (ZIP)"))
def download_student_data(modeladmin, request, queryset):
    students = list(queryset[:2])
    if len(students) != 1 or not students[0].is_student:
        modeladmin.message_user(
            request, _("Choose one student to download their data."), messages.WARNING
        )
        return None
    return archive_response(export.student_export(student=students[0]))


@admin.action(
    description=gettext_lazy("Erase the students' personal data…"), permissions=["delete"]
)
def erase_students(modeladmin, request, queryset):
    students = list(queryset.filter(role=User.Role.STUDENT, is_erased=False))
    others = queryset.count() - len(students)
    if request.POST.get("confirmed") == "yes":
        records = erase.students_erase(students=students, by=request.user)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d student erased. The record keeps who and when, nothing about them.",
                "%(count)d students erased. The record keeps who and when, nothing about them.",
                len(records),
            )
            % {"count": len(records)},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase students' personal data"),
        "opts": modeladmin.model._meta,
        "students": [(s, erase.erasure_preview(student=s)) for s in students],
        "others": others,
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/privacy/erase_confirm.html", context)


class PrivacyUserAdmin(UserAdmin):
    actions = [download_student_data, erase_students]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Deleting a student's row would take classmates' shared records with it and leave
        # their words in the live rooms' history: students are erased, never deleted.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_student:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        # Erased students' anonymous stand-ins are records, not people: listed apart.
        return super().get_queryset(request).filter(is_erased=False)


admin.site.unregister(User)
admin.site.register(User, PrivacyUserAdmin)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ("erased_at", "erased_by", "stand_in")
    readonly_fields = ("erased_at", "erased_by", "stand_in", "counts")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
