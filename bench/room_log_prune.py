"""The room log's history floor at scale: `live.history.room_log_prune` run by two workers at
once over a large log, while a writer keeps publishing.

A fresh database gets --rooms rooms of --events events each (bulk SQL); a tenth of the rooms
are old (their events 8 days old, past the 7-day ceiling). Two threads prune at the same
moment (as two workers would); a third publishes one event after another meanwhile, and its
latency says whether pruning got in the way. Reports rows pruned per worker, time, what each
room kept, and the publish latency percentiles.

    .venv/bin/python bench/room_log_prune.py [--rooms 200] [--events 1000]
"""

import argparse
import threading
import time

from _setup import Run, django_setup, pcts

FILL = """
INSERT INTO live_roomcursor (room, last_seq)
SELECT 'bench.' || r, %(events)s FROM generate_series(1, %(rooms)s) r;
INSERT INTO live_roomevent (room, seq, type, payload, created_at)
SELECT 'bench.' || r, s, 'bench', '{}'::jsonb,
       now() - CASE WHEN r %% 10 = 0 THEN interval '8 days' ELSE interval '1 hour' END
           + s * interval '1 millisecond'
FROM generate_series(1, %(rooms)s) r, generate_series(1, %(events)s) s;
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=200)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    django_setup()
    run = Run("room_log_prune")

    from django.db import connection, transaction
    from django.db.models import Count, Max, Min

    from live.history import keep_events, room_log_prune
    from live.models import RoomEvent
    from live.publish import publish

    with connection.cursor() as sql:
        sql.execute(FILL, {"rooms": args.rooms, "events": args.events})
        sql.execute("ANALYZE live_roomevent")
    before = RoomEvent.objects.count()
    barrier = threading.Barrier(3)
    pruned: list[int] = []
    latencies: list[float] = []
    done = threading.Event()

    def worker() -> None:
        try:
            barrier.wait()
            pruned.append(room_log_prune())
        finally:
            connection.close()

    def writer() -> None:
        try:
            barrier.wait()
            while not done.is_set():
                started = time.perf_counter()
                with transaction.atomic():
                    publish(room="bench.1", type="bench", payload={})
                latencies.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    write = threading.Thread(target=writer)
    started = time.perf_counter()
    for thread in [*threads, write]:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    done.set()
    write.join()
    kept = RoomEvent.objects.values("room").annotate(n=Count("pk"), lo=Min("seq"), hi=Max("seq"))
    sizes = sorted({row["n"] for row in kept if row["room"] != "bench.1"})
    old_left = sum(1 for row in kept if int(row["room"].split(".")[1]) % 10 == 0)
    again = room_log_prune()
    print(run.context())
    print(
        f"{args.rooms} rooms x {args.events} events = {before} rows; two workers pruned "
        f"{pruned} = {sum(pruned)} rows in {took:.2f} s ({sum(pruned) / took:,.0f} rows/s); "
        f"each room now holds {sizes} events (floor {keep_events()}), old rooms left "
        f"{old_left}; a second run pruned {again}; {len(latencies)} publishes meanwhile, "
        f"latency ms {pcts(latencies)}"
    )


if __name__ == "__main__":
    main()
