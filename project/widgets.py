"""Form widgets shared by every app's forms."""

from django import forms

ISO_DATE = "%Y-%m-%d"


class LocalizedDateInput(forms.DateInput):
    """A date picker that works in every language.

    `<input type="date">` only takes an ISO value (2026-12-04): a localized one ("04/12/2026"
    on a French page) leaves it blank. The value is always ISO; the browser shows the date in
    the reader's own format and sends ISO back, which every language's DateField accepts
    (Django always accepts ISO input)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
