from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class ReflectionError(RefusedRequest):
    pass


class NotAllowed(ReflectionError):
    code = "forbidden"
    message = _("This is not part of your classes.")


class TooManyEncouragements(ReflectionError):
    code = "rate_limited"
    message = _("That is a lot of encouragement for now. Please try again a little later.")
