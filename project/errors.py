from django.utils.translation import gettext_lazy as _


class RefusedRequest(Exception):
    """A refused request, with a stable code for programs and a message for people.

    A base for each app's errors (newer apps derive from it; older ones carry their own copy)."""

    code = "invalid"
    message = _("This request could not be processed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
