from django.utils.translation import gettext_lazy as _


class PracticeError(Exception):
    """A refused request, with a stable code for APIs and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(PracticeError):
    code = "forbidden"
    message = _("This exercise is not part of your classes.")


class InvalidAnswer(PracticeError):
    code = "invalid_answer"
    message = _("Please give an answer in the expected form.")


class IdempotencyConflict(PracticeError):
    code = "idempotency_conflict"
    message = _("This idempotency key was already used for a different attempt.")
