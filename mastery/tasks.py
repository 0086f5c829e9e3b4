"""The follow-up task of every new attempt: growth records, personal challenges, class goals.

Enqueued by attempt_record inside the attempt's transaction (so it exists exactly when the
attempt does) and run by the worker a moment later: settings.ATTEMPT_RECORDED_SUBSCRIBERS in
order, each in its own transaction and at most once (jobs.followups). One student's attempts
are followed up in the order they were recorded: a task that finds an earlier attempt of the
same student still queued or running steps back and comes again shortly. What failed is
retried later (jobs.queue.RETRY_DELAYS); what succeeded is not run again.
"""

from django.conf import settings
from django.tasks import task

from jobs import followups, queue

from .events import AttemptRecorded

# How long a task waits when an earlier attempt of the same student is not followed up yet.
WAIT_FOR_EARLIER_SECONDS = 0.2


@task(takes_context=True)
def attempt_followups(context, *, event: dict, retry: int = 0) -> dict:
    recorded = AttemptRecorded.from_json(event)
    if queue.earlier_pending(
        task=attempt_followups,
        own_id=context.task_result.id,
        student_id=recorded.student_id,
        attempt_id__lt=recorded.attempt_id,
    ):
        queue.enqueue_later(
            attempt_followups, seconds=WAIT_FOR_EARLIER_SECONDS, event=event, retry=retry
        )
        return {"waiting_for_earlier": True}
    report = followups.run_subscribers(
        key=recorded.key, event=recorded, subscribers=settings.ATTEMPT_RECORDED_SUBSCRIBERS
    )
    if report.failed:
        if retry >= len(queue.RETRY_DELAYS):
            raise followups.FollowUpsFailed(f"{recorded.key}: {', '.join(report.failed)}")
        queue.enqueue_later(
            attempt_followups, seconds=queue.RETRY_DELAYS[retry], event=event, retry=retry + 1
        )
    return {"ran": report.ran, "skipped": report.skipped, "failed": report.failed}
