from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class PersonalChallengeError(RefusedRequest):
    pass


class NotAllowed(PersonalChallengeError):
    code = "forbidden"
    message = _("This challenge belongs to someone else.")
