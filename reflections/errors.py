from django.utils.translation import gettext_lazy as _


class ReflectionError(Exception):
    """A refused request, with a stable code and a message for people."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowed(ReflectionError):
    code = "forbidden"
    message = _("This is not part of your classes.")


class TooManyEncouragements(ReflectionError):
    code = "rate_limited"
    message = _("That is a lot of encouragement for now. Please try again a little later.")
