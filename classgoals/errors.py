from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class GoalError(RefusedRequest):
    """Also carries per-field errors, for the goal form."""

    def __init__(self, message=None, *, errors: dict | None = None):
        self.errors = errors or {}
        super().__init__(message)


class NotAllowed(GoalError):
    code = "forbidden"
    message = _("Only a teacher of this class can set its goals.")


class InvalidGoal(GoalError):
    code = "invalid_goal"
    message = _("Please check the goal's settings.")


class GoalLocked(GoalError):
    code = "goal_reached"
    message = _("The class already reached this goal: its record stays as it was.")
