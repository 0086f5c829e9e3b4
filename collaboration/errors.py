from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class GroupError(RefusedRequest):
    pass


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
