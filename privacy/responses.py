from django.http import HttpResponse

from .export import Archive


def archive_response(archive: Archive) -> HttpResponse:
    response = HttpResponse(archive.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.filename}"'
    response["Cache-Control"] = "no-store"
    return response
