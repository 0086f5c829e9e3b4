from django.utils.translation import gettext_lazy as _


class GroupError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(GroupError):
    code = "forbidden"
    message = _("Only members of this group can do that.")


class NotAvailable(GroupError):
    code = "not_available"
    message = _("That is not possible right now.")


class Invalid(GroupError):
    code = "invalid"


class NotCurrent(GroupError):
    code = "not_current"
    message = _("The group has moved on to another question.")


class AlreadySubmitted(GroupError):
    code = "already_submitted"
    message = _("The group already submitted an answer for this question.")
