"""Deleting many rows from a periodic job without getting in anyone's way."""

from django.db import transaction
from django.db.models import QuerySet

BATCH = 5000


def delete_in_batches(rows: QuerySet, *, batch: int = BATCH) -> int:
    """Delete `rows`, one short transaction per batch; returns how many this call deleted.

    Each batch's rows are locked with SKIP LOCKED before they go: two workers running the
    same job share the work instead of waiting on (or deadlocking with) each other, and a
    row a request holds right now is left for the next run. Rows are re-read under the lock,
    so a row that stopped matching meanwhile is never deleted.
    """
    model = rows.model
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(
                rows.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch]
            )
            if ids:
                _total, per_model = model.objects.filter(pk__in=ids).delete()
                removed += per_model.get(model._meta.label, 0)
        if len(ids) < batch:
            return removed
