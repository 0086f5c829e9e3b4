from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Enrollment, School, SchoolClass, Subject, TeachingAssignment


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "time_zone")
    search_fields = ("name",)


@admin.register(Subject)
class SubjectAdmin(TranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class TeachingInline(admin.TabularInline):
    model = TeachingAssignment
    extra = 0
    autocomplete_fields = ("teacher",)


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ("student",)


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "grade", "academic_year")
    list_filter = ("school", "academic_year", "grade")
    search_fields = ("name",)
    inlines = [TeachingInline, EnrollmentInline]


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ("teacher", "school_class", "subject")
    list_filter = ("subject", "school_class")
    autocomplete_fields = ("teacher",)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("student", "school_class", "is_active", "enrolled_at")
    list_filter = ("school_class", "is_active")
    autocomplete_fields = ("student",)
