from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class PeerHelpError(RefusedRequest):
    pass


class NotAllowed(PeerHelpError):
    code = "forbidden"
    message = _("This help session is not yours to change.")


class NotAvailable(PeerHelpError):
    code = "not_available"
    message = _("This help request is not open for that right now.")


class AlreadyTaken(PeerHelpError):
    code = "already_taken"
    message = _("Another classmate is already helping with this one. Thank you for offering!")


class InvalidRequest(PeerHelpError):
    code = "invalid_request"
