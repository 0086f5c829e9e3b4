from django.utils.translation import gettext_lazy as _


class ChallengeError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(ChallengeError):
    code = "forbidden"
    message = _("This challenge is not yours to change.")


class NotAvailable(ChallengeError):
    code = "not_available"
    message = _("This challenge is not open for that right now.")


class InvalidInvitation(ChallengeError):
    code = "invalid_invitation"


class UnreadableAnswer(ChallengeError):
    code = "invalid_answer"
    message = _("Please choose one of the answers.")
