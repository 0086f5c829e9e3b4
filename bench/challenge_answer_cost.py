"""What one scored friendly-challenge answer costs the server, in process, beside a bare attempt.

A challenge answer is a mastery attempt plus the match's bookkeeping and its live events
(`answer.result`, `score`, and when the question closes `question.closed` and the next
`question`). Both are run side by side in one process on the demo school: time per call
(p50/mean) and queries per call, and the ratio challenge / attempt. Broadcasts are
collected as a socket consumer does (`events.collect_broadcasts`), so the channel layer is
out of the measurement.

    .venv/bin/python bench/challenge_answer_cost.py [--matches 15]
"""

import argparse
import contextlib
import statistics
import time
from datetime import timedelta

from _setup import django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matches", type=int, default=15)
    args = parser.parse_args()
    django_setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from challenges import selectors, services
    from challenges.models import Challenge
    from mastery import services as mastery
    from mastery import variants
    from mastery.models import Exercise, Question

    try:
        from live import publish as events
    except ImportError:  # an earlier commit: publishing lived in project/
        from project import events

    # Older code had no outbox (run on an earlier commit to compare).
    collect = getattr(events, "collect_broadcasts", contextlib.nullcontext)
    call_command("seed_demo", verbosity=0)
    a, b = User.objects.get(username="student03"), User.objects.get(username="student04")
    solo = User.objects.get(username="student05")
    exercise = Exercise.objects.filter(skill__subject__code="MATH101").first()

    def right(question: Question, variant: int = 0) -> str:
        """The right answer (of the variant shown, for a parametrised question)."""
        if question.kind == "choice":
            return str(question.choices.get(is_correct=True).pk)
        return str(variants.draw(question, variant).answer)

    timings: dict[str, list[float]] = {"challenge": [], "attempt": []}
    queries: dict[str, list[int]] = {"challenge": [], "attempt": []}

    def measure(name: str, fn, **kwargs) -> None:
        with collect(), CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn(**kwargs)
            timings[name].append(time.perf_counter() - start)
        queries[name].append(len(ctx.captured_queries))

    for _ in range(args.matches):
        c = services.challenge_invite(challenger=a, opponent=b, exercise=exercise, kind="speed")
        services.challenge_respond(challenge_id=c.pk, player=b, accept=True)
        services.challenge_ready(challenge_id=c.pk, player=a)
        services.challenge_ready(challenge_id=c.pk, player=b)
        Challenge.objects.filter(pk=c.pk).update(starts_at=timezone.now() - timedelta(seconds=5))
        services.challenge_tick(challenge_id=c.pk, user=a)
        while True:
            c.refresh_from_db()
            if c.status != Challenge.Status.ACTIVE or c.current_question_id is None:
                break
            question = Question.objects.get(pk=c.current_question_id)
            # Practice grades against the variant it served: shown before the clock starts.
            shown = mastery.question_serve(student=solo, question=question).variant
            for player in (a, b):
                measure(
                    "challenge",
                    services.challenge_answer,
                    challenge_id=c.pk,
                    player=player,
                    question_id=question.pk,
                    answer=right(
                        question, selectors.question_variant(challenge=c, question=question)
                    ),
                )
                # The baseline, interleaved so both see the same machine load.
                measure(
                    "attempt",
                    mastery.attempt_record,
                    student=solo,
                    question=question,
                    answer=right(question, shown),
                )

    print("| call | calls | p50 ms | mean ms | queries p50 |")
    print("|---|---|---|---|---|")
    for name in ("attempt", "challenge"):
        t, q = timings[name], queries[name]
        print(
            f"| {name} | {len(t)} | {statistics.median(t) * 1000:.1f} | "
            f"{statistics.mean(t) * 1000:.1f} | {statistics.median(q):.0f} |"
        )
    ratio = statistics.median(timings["challenge"]) / statistics.median(timings["attempt"])
    print(f"ratio challenge / attempt (p50): {ratio:.2f}")


if __name__ == "__main__":
    main()
