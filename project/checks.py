"""Startup checks of the project itself (registered by project.apps.ProjectConfig).

With DEBUG off every page links the hashed names of the collected static files
(ManifestStaticFilesStorage, strict): without `collectstatic`, every page would be a 500.
The check says so at startup instead: `manage.py check`, `migrate`, and daphne (project/asgi.py
runs it before serving) fail with what to do. Not tagged `staticfiles`, so `collectstatic`
itself, which runs only those checks, is never blocked by it.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import checks

STATIC_TAG = "static_collected"


@checks.register(STATIC_TAG)
def static_files_collected(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest is None or staticfiles_storage.exists(manifest):
        return []
    return [
        checks.Error(
            f"Static files were not collected: {settings.STATIC_ROOT}/{manifest} is missing, "
            "and with DEBUG off every page needs it.",
            hint="Run `python manage.py collectstatic --noinput` (the Docker image does it "
            "when it is built; `make test` does it when the suite starts).",
            id="project.E001",
        )
    ]


def fail_unless_static_collected() -> None:
    """Called by project/asgi.py: refuse to serve rather than answer 500 to every page."""
    errors = [e for e in checks.run_checks(tags=[STATIC_TAG]) if e.is_serious()]
    if errors:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("\n".join(f"{e.msg}\n  {e.hint}" for e in errors))
