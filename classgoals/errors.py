from django.utils.translation import gettext_lazy as _


class GoalError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None, *, errors: dict | None = None):
        if message is not None:
            self.message = message
        self.errors = errors or {}
        super().__init__(str(self.message))


class NotAllowed(GoalError):
    code = "forbidden"
    message = _("Only a teacher of this class can set its goals.")


class InvalidGoal(GoalError):
    code = "invalid_goal"
    message = _("Please check the goal's settings.")


class GoalLocked(GoalError):
    code = "goal_reached"
    message = _("The class already reached this goal: its record stays as it was.")
