from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = "Madrasti Growth"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the project's system checks
