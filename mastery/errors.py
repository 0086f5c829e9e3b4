from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class PracticeError(RefusedRequest):
    pass


class NotAllowed(PracticeError):
    code = "forbidden"
    message = _("This exercise is not part of your classes.")


class InvalidAnswer(PracticeError):
    code = "invalid_answer"
    message = _("Please give an answer in the expected form.")


class IdempotencyConflict(PracticeError):
    code = "idempotency_conflict"
    message = _("This idempotency key was already used for a different attempt.")


class OpeningNotAllowed(PracticeError):
    code = "opening_forbidden"
    message = _("You can open a skill only in a class where you teach its subject.")
