from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class NotAParent(RefusedRequest):
    code = "forbidden"
    message = _("This page is for parents.")
    status = 403
