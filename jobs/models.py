"""The bookkeeping of background work: which follow-ups already ran, and when each periodic
task was last enqueued. The tasks themselves are django_tasks_db's rows (DBTaskResult)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpDone(models.Model):
    """One follow-up of one event, done: inserted inside the follow-up's own transaction, so
    a retried or duplicated task finds it and does nothing twice (jobs.followups)."""

    key = models.CharField(_("event"), max_length=64)  # e.g. "attempt:123"
    subscriber = models.CharField(_("subscriber"), max_length=200)
    done_at = models.DateTimeField(_("done at"), db_index=True)

    class Meta:
        verbose_name = _("follow-up done")
        verbose_name_plural = _("follow-ups done")
        constraints = [
            models.UniqueConstraint(fields=["key", "subscriber"], name="jobs_followup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.key}"


class PeriodicRun(models.Model):
    """The last interval slot in which a periodic task was enqueued (jobs.scheduler). Moving
    `slot` forward is a conditional update: of several workers, one wins each slot."""

    task_path = models.CharField(_("task"), max_length=200, unique=True)
    slot = models.BigIntegerField(_("slot"), default=-1)
    enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self) -> str:
        return self.task_path
