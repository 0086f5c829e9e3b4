from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class NotAStudent(RefusedRequest):
    code = "not_a_student"
    message = _("Only a student's data is erased here; other accounts are switched off instead.")
