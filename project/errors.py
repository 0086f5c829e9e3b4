from django.utils.translation import gettext_lazy as _


class RefusedRequest(Exception):
    """A refused request, with a stable code for programs and a message for people.

    The base of every app's errors: services raise them, views and consumers turn them into
    a clear 4xx or an `error` message with the code."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
