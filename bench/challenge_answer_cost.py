"""Queries and time of one scored friendly-challenge answer, in process, split in two: the
answer's own transaction (what the players must see before the `score` leaves) and the
follow-ups after its commit (growth, personal challenges, class goals: the attempt's
follow-up task, run here in this process right after the commit with jobs.testing.drain, as
the worker would run it).
Baseline in the same run: `attempt_record` alone for another new student, interleaved.

A fresh database of its own: new students (two per match, never reused), one subject.

    .venv/bin/python bench/challenge_answer_cost.py [--matches 15]
"""

import argparse
import statistics
import time
from datetime import timedelta

from _setup import Run, django_setup


class Split:
    """Counts statements before and after the outermost commit of one call."""

    def __init__(self, connection):
        self.connection = connection
        self.before = self.after = 0
        self.phase = "tx"
        self.t_commit = self.t_end = 0.0

    def __call__(self, execute, sql, params, many, context):
        if self.phase == "tx":
            self.before += 1
        else:
            self.after += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        conn = self.connection
        original = conn.run_and_clear_commit_hooks

        def hooks():
            # The answer's transaction has committed: what follows is follow-up work.
            if self.phase == "tx":
                self.phase = "after"
                self.t_commit = time.perf_counter()
            original()

        conn.run_and_clear_commit_hooks = hooks
        self._wrapper = conn.execute_wrapper(self)
        self._wrapper.__enter__()
        self.t_start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.t_end = time.perf_counter()
        if self.phase == "tx":
            self.t_commit = self.t_end
        self._wrapper.__exit__(*exc)
        del self.connection.run_and_clear_commit_hooks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matches", type=int, default=15)
    args = parser.parse_args()
    django_setup()

    from _world import build_world, right_answer
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from challenges import services
    from challenges.models import Challenge
    from mastery import services as mastery
    from mastery.models import Question

    try:
        from live import publish as events
    except ImportError:  # an earlier commit: publishing lived in project/
        from project import events
    import contextlib

    collect = getattr(events, "collect_broadcasts", contextlib.nullcontext)
    world = build_world(students=2 * args.matches + 1, class_size=2 * args.matches + 1)
    exercise = world.exercises[0]
    *players, solo = world.students
    questions = {
        q.pk: q
        for q in Question.objects.filter(exercise=exercise)
        .select_related("exercise__skill")
        .prefetch_related("choices")
    }
    data = {k: {"tx": [], "after": [], "ms_tx": [], "ms_all": []} for k in ("attempt", "answer")}

    try:
        from jobs.testing import drain
    except ImportError:  # an earlier commit: follow-ups ran inside the answer's transaction
        drain = None

    def measure(name: str, fn, **kwargs) -> None:
        with collect(), Split(connection) as split:
            fn(**kwargs)
            if drain is not None:
                drain()  # the follow-up task, after the commit (counted as follow-up)
        data[name]["tx"].append(split.before)
        data[name]["after"].append(split.after)
        data[name]["ms_tx"].append((split.t_commit - split.t_start) * 1000)
        data[name]["ms_all"].append((split.t_end - split.t_start) * 1000)

    ctx = Run("challenge_answer_cost")
    for m in range(args.matches):
        a, b = players[2 * m], players[2 * m + 1]
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
            question = questions[c.current_question_id]
            for player in (a, b):
                measure(
                    "answer",
                    services.challenge_answer,
                    challenge_id=c.pk,
                    player=player,
                    question_id=question.pk,
                    answer=right_answer(question),
                )
                # The baseline, interleaved so both see the same machine load.
                mastery.question_serve(student=solo, question=question)
                measure(
                    "attempt",
                    mastery.attempt_record,
                    student=solo,
                    question=question,
                    answer=right_answer(question),
                )
    print(ctx.context())
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "none")
    print(f"{args.matches} matches, tasks backend: {backend}")
    print(
        "| call | calls | queries in its transaction (median, max) | follow-up queries "
        "(median, max) | p50 ms to commit | p50 ms with follow-ups |"
    )
    print("|---|---|---|---|---|---|")
    for name, label in (("attempt", "attempt_record (baseline)"), ("answer", "challenge_answer")):
        d = data[name]
        print(
            f"| {label} | {len(d['tx'])} | {statistics.median(d['tx']):.0f}, {max(d['tx'])} "
            f"| {statistics.median(d['after']):.0f}, {max(d['after'])} "
            f"| {statistics.median(d['ms_tx']):.1f} | {statistics.median(d['ms_all']):.1f} |"
        )


if __name__ == "__main__":
    main()
