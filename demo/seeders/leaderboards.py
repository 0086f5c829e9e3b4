"""Demo leaderboard choices: most students joined, a few under their name, some not at all.

Deterministic from the student's number, like the rest of the demo school. Written in bulk and
without live events, as the rest of the seed.
"""

from collections.abc import Sequence

from accounts.models import User
from leaderboards import rules
from leaderboards.models import Participant, SkippedMetric

NOT_JOINED_EVERY = 6  # student06, student12, ...: never opted in
SHOW_NAME_EVERY = 5  # student01, student11, ... (of those who joined): chose their name
SKIP_CONSISTENCY_EVERY = 8  # joined, but not on the consistency boards


def seed(*, students: Sequence[User]) -> dict[str, int]:
    """`students` in demo order (student01 first)."""
    joined = [
        (number, s) for number, s in enumerate(students, start=1) if number % NOT_JOINED_EVERY != 0
    ]
    participants = Participant.objects.bulk_create(
        Participant(student=s, show_name=number % SHOW_NAME_EVERY == 1, joined_at=s.date_joined)
        for number, s in joined
    )
    skipped = SkippedMetric.objects.bulk_create(
        SkippedMetric(participant=p, metric=rules.CONSISTENCY)
        for (number, _), p in zip(joined, participants, strict=True)
        if number % SKIP_CONSISTENCY_EVERY == 0
    )
    return {
        "leaderboard participants": len(participants),
        "shown by name": sum(p.show_name for p in participants),
        "metrics skipped": len(skipped),
    }
