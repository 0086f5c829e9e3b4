from django.utils.translation import gettext_lazy as _


class PersonalChallengeError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(PersonalChallengeError):
    code = "forbidden"
    message = _("This challenge belongs to someone else.")
