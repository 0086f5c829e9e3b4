"""The jobs app's own periodic task: forget old finished tasks and follow-up marks."""

from datetime import timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import FollowUpDone

# Finished tasks stay this long for the admin (a failed one says why); a follow-up mark
# only has to outlive every retry of its task (queue.RETRY_DELAYS: under 15 minutes).
KEEP_FINISHED = timedelta(days=7)


@task
def jobs_prune() -> dict:
    before = timezone.now() - KEEP_FINISHED
    tasks, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=before,
    ).delete()
    marks, _ = FollowUpDone.objects.filter(done_at__lt=before).delete()
    return {"tasks": tasks, "follow_ups": marks}
