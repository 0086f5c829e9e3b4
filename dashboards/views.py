from django.shortcuts import render
from django.utils.translation import get_language_bidi

from . import charts, selectors


def student_home(request):
    dash = selectors.student_dashboard(student=request.user)
    chart = charts.line_chart(
        {s.view.subject.name: [v for _, v in s.weekly] for s in dash.subjects},
        rtl=get_language_bidi(),
    )
    return render(request, "dashboards/student.html", {"dash": dash, "chart": chart})
