from django.utils.translation import gettext_lazy as _


class PeerHelpError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


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
