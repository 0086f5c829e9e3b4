from django.contrib import admin

from .models import (
    GroupAnswer,
    GroupAttendance,
    GroupGoal,
    GroupInsight,
    GroupInvitation,
    GroupMembership,
    GroupMessage,
    GroupProposal,
    GroupReflection,
    GroupSession,
    StudyGroup,
)


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    raw_id_fields = ("student",)
    extra = 0


class GoalInline(admin.TabularInline):
    model = GroupGoal
    raw_id_fields = ("skill",)
    extra = 0


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "school_class", "subject", "max_members", "is_open", "is_active")
    list_filter = ("is_open", "is_active", "subject")
    search_fields = ("name",)
    raw_id_fields = ("created_by", "focus_skill")
    inlines = [MembershipInline, GoalInline]


@admin.register(GroupSession)
class GroupSessionAdmin(admin.ModelAdmin):
    list_display = ("group", "topic", "started_at", "ended_at", "round")
    list_filter = ("group__school_class",)
    raw_id_fields = ("group", "current_question", "picked_by")
    date_hierarchy = "started_at"


class _SessionPart(admin.ModelAdmin):
    """What was said and done in a session: read by staff, never rewritten."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(GroupMessage)
class GroupMessageAdmin(_SessionPart):
    list_display = ("session", "author", "text", "created_at")
    search_fields = ("text", "author__username")


@admin.register(GroupProposal)
class GroupProposalAdmin(_SessionPart):
    list_display = ("session", "round", "author", "answer", "created_at")


@admin.register(GroupAnswer)
class GroupAnswerAdmin(_SessionPart):
    list_display = ("session", "round", "question", "answer", "correct", "submitted_by")


@admin.register(GroupInsight)
class GroupInsightAdmin(_SessionPart):
    list_display = ("session", "author", "text", "pinned_at")


@admin.register(GroupReflection)
class GroupReflectionAdmin(_SessionPart):
    list_display = ("session", "student", "text", "created_at")


@admin.register(GroupAttendance)
class GroupAttendanceAdmin(_SessionPart):
    list_display = ("session", "student", "first_seen_at")


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ("group", "student", "joined_at")
    raw_id_fields = ("group", "student")


@admin.register(GroupInvitation)
class GroupInvitationAdmin(admin.ModelAdmin):
    list_display = ("group", "invitee", "invited_by", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("group", "invitee", "invited_by")


@admin.register(GroupGoal)
class GroupGoalAdmin(admin.ModelAdmin):
    list_display = ("group", "skill", "target_mastery")
    raw_id_fields = ("group", "skill")
