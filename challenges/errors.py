from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class ChallengeError(RefusedRequest):
    pass


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
