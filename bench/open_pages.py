"""Open pages on one daphne: --pages sockets on /ws/notifications/ (every page of the app opens
one), each a distinct student, each with the page's normal heartbeat (a `ping` every
`heartbeat_seconds` the server announces, 10 s by default, at a random phase).

Reported: handshakes (rate, failures), then during --seconds of heartbeats the pong latency
(p50/p95/p99) and missed pongs (no pong before the next beat is due), then a burst of --burst
new pages connecting at once (time until the last has its snapshot; the goal is <= 2 s), the
daphne's resident memory, and a bare echo probe in the same daphne during the heartbeats.
The open-files limit is raised for this process and the daphne it starts.

    .venv/bin/python bench/open_pages.py [--pages 10000] [--burst 300] [--seconds 60]
        [--profile-burst FILE]     # py-spy's samples of the daphne during the burst
    .venv/bin/python bench/profile_summary.py FILE
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import time

from _servers import Daphne, EchoProbe, ensure_static
from _setup import HOST, Run, django_setup, open_socket, pcts, raise_nofile, session_cookies
from _world import build_world

PATH = "/ws/notifications/"
PROFILE_SECONDS = 8


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Page:
    def __init__(self, cookie: str):
        self.cookie = cookie
        self.ws = None
        self.heartbeat = 10.0


async def connect(page: Page, base: str) -> float:
    """Open the page's socket and wait for its snapshot; returns the seconds it took."""
    started = time.perf_counter()
    page.ws = await open_socket(
        f"ws://{base}{PATH}", origin=f"http://{base}", cookie=page.cookie, timeout=120
    )
    while True:
        event = json.loads(await page.ws.recv())
        if event["type"] == "state":
            beat = (event.get("presence") or {}).get("heartbeat_seconds")
            page.heartbeat = float(beat or 10.0)
            return time.perf_counter() - started


async def beat(page: Page, until: float, stats: dict) -> None:
    await asyncio.sleep(random.uniform(0, page.heartbeat))
    while time.perf_counter() < until:
        due = time.perf_counter() + page.heartbeat
        sent = time.perf_counter()
        try:
            await page.ws.send('{"type": "ping"}')
            async with asyncio.timeout(page.heartbeat):
                while json.loads(await page.ws.recv())["type"] != "pong":
                    pass
            stats["pongs"].append((time.perf_counter() - sent) * 1000)
            stats["pong_sent"].append(sent)
        except TimeoutError:
            stats["missed"] += 1
        except Exception:  # noqa: BLE001 - a socket that died mid-run
            stats["closed"] += 1
            return
        await asyncio.sleep(max(0, due - time.perf_counter()))


async def run(args, cookies: list[str], port: int, server_pid: int) -> dict:
    base = f"{HOST}:{port}"
    pages = [Page(c) for c in cookies[: args.pages]]
    burst = [Page(c) for c in cookies[args.pages :]]
    stats = {"pongs": [], "pong_sent": [], "missed": 0, "closed": 0, "handshake_failed": 0}
    gate = asyncio.Semaphore(args.concurrency)

    async def open_(page):
        async with gate:
            try:
                return await connect(page, base)
            except Exception:  # noqa: BLE001 - counted
                stats["handshake_failed"] += 1
                return None

    started = time.perf_counter()
    await asyncio.gather(*(open_(p) for p in pages))
    stats["open_seconds"] = time.perf_counter() - started
    alive = [p for p in pages if p.ws is not None]
    probe = EchoProbe(f"ws://{base}/bench-echo/", sockets=2, interval=0.2)
    probe.start()
    until = time.perf_counter() + args.seconds
    stats["beats_started"] = time.perf_counter()
    beats = [asyncio.create_task(beat(p, until, stats)) for p in alive]
    # The burst lands mid-run, while every open page keeps its heartbeat.
    await asyncio.sleep(min(args.seconds / 2, 15))
    profiler = await _start_profiler(args.profile_burst, server_pid)
    burst_started = time.perf_counter()
    results = await asyncio.gather(*(connect(p, base) for p in burst), return_exceptions=True)
    stats["burst_window"] = (burst_started, time.perf_counter())
    times = [r for r in results if isinstance(r, float)]
    stats["burst_failed"] = len(results) - len(times)
    stats["burst_errors"] = _error_kinds(r for r in results if isinstance(r, BaseException))
    stats["burst"] = times
    await asyncio.gather(*beats)
    if profiler is not None:
        await profiler.wait()
    await probe.stop()
    stats["probe"] = probe.summary()
    stats["alive"] = len(alive)
    stats["pages"] = pages + burst
    return stats


async def _start_profiler(path: str | None, pid: int):
    """py-spy sampling the daphne (every thread) from the burst's start, for
    PROFILE_SECONDS, in py-spy's raw format (one stack and its count per line)."""
    if not path:
        return None
    py_spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
    if not py_spy:
        raise SystemExit("--profile-burst needs py-spy (on PATH, or PY_SPY=/path/to/py-spy)")
    return await asyncio.create_subprocess_exec(
        py_spy,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(PROFILE_SECONDS),
        "--rate",
        "200",
        "--threads",
        "--nonblocking",
        "--format",
        "raw",
        "--output",
        path,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def _error_kinds(errors) -> dict[str, int]:
    """Why connects failed, counted by kind (a count alone hides the cause)."""
    kinds: dict[str, int] = {}
    for error in errors:
        kind = f"{type(error).__name__}: {str(error)[:120]}"
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=200, help="handshakes in flight")
    parser.add_argument(
        "--profile-burst", metavar="FILE", help="py-spy profile of the daphne during the burst"
    )
    args = parser.parse_args()
    limit = raise_nofile(65536)
    django_setup()
    ensure_static()
    world = build_world(
        students=args.pages + args.burst,
        class_size=30,
        skills=1,
        exercises_per_skill=1,
        questions_per_exercise=2,
    )
    students = world.students
    cookies = session_cookies(students)
    from django.db import connections

    connections.close_all()
    server = Daphne()
    ctx = Run("open_pages")
    try:
        idle = rss_mib(server.proc.pid)
        stats = asyncio.run(
            run(args, [cookies[s.pk] for s in students], server.port, server.proc.pid)
        )
        rss = rss_mib(server.proc.pid)
    finally:
        log = server.output(tail=None)
        server.stop()
    heartbeat = stats["pages"][0].heartbeat if stats["pages"] else 10
    burst = stats["burst"]
    print(ctx.context())
    print(
        f"{args.pages} pages (distinct students) on one daphne, open-files limit {limit}; "
        f"opened in {stats['open_seconds']:.0f} s "
        f"({stats['alive'] / max(stats['open_seconds'], 1e-9):.0f} handshakes/s, "
        f"{args.concurrency} in flight), {stats['handshake_failed']} handshakes failed; "
        f"daphne RSS {idle:.0f} MiB idle, {rss:.0f} MiB with every page open; "
        f"heartbeat {heartbeat:g} s for {args.seconds:g} s; echo in the same daphne meanwhile "
        f"{stats['probe']}"
    )
    print(
        "| pages | pong p50/p95/p99 ms | pongs | missed pongs | sockets closed | burst "
        "| burst: last snapshot s (p50 s) | burst failed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    last = max(burst) if burst else float("nan")
    mid = sorted(burst)[len(burst) // 2] if burst else float("nan")
    print(
        f"| {stats['alive']} | {pcts(stats['pongs'])} | {len(stats['pongs'])} "
        f"| {stats['missed']} | {stats['closed']} | {args.burst} | {last:.2f} ({mid:.2f}) "
        f"| {stats['burst_failed']} |"
    )
    quiet, busy = _split_by_burst(stats)
    print(
        f"pongs for pings sent while the burst connected: {pcts(busy)} ms ({len(busy)}); "
        f"the others: {pcts(quiet)} ms ({len(quiet)})"
    )
    print(_slow_pongs_by_time(stats))
    for kind, count in sorted(stats["burst_errors"].items(), key=lambda kv: -kv[1]):
        print(f"burst connect failed ({count}): {kind}")
    _print_log_tail(log)


def _split_by_burst(stats: dict) -> tuple[list[float], list[float]]:
    """Pong latencies of pings sent outside the burst's window, and inside it (the heartbeat
    alone, and the heartbeat while 300 handshakes share the process)."""
    start, end = stats.get("burst_window", (0.0, 0.0))
    quiet, busy = [], []
    for sent, ms in zip(stats["pong_sent"], stats["pongs"], strict=True):
        (busy if start <= sent <= end else quiet).append(ms)
    return quiet, busy


def _slow_pongs_by_time(stats: dict, slow_ms: float = 100.0, bucket: float = 5.0) -> str:
    """When the slow pongs were sent (seconds into the heartbeats): a spread says the load,
    a few spikes say pauses of the whole process (the daphne's log shows its long GCs)."""
    t0 = stats["beats_started"]
    counts: dict[int, int] = {}
    for sent, ms in zip(stats["pong_sent"], stats["pongs"], strict=True):
        if ms > slow_ms:
            at = int((sent - t0) // bucket)
            counts[at] = counts.get(at, 0) + 1
    start, end = (t - t0 for t in stats.get("burst_window", (t0, t0)))
    spread = ", ".join(
        f"{k * bucket:g}-{(k + 1) * bucket:g} s: {v}" for k, v in sorted(counts.items())
    )
    return (
        f"pongs slower than {slow_ms:g} ms by when their ping left ({spread or 'none'}); "
        f"the burst connected from {start:.1f} s to {end:.1f} s"
    )


def _print_log_tail(log: str) -> None:
    """What the daphne logged: its pauses for garbage collection (bench/echo_asgi.py), the
    kinds of error it raised, counted, and its last lines."""
    lines = log.splitlines()
    pauses = [line for line in lines if line.startswith("gc: ")]
    print(f"garbage-collection pauses of 50 ms or more: {len(pauses)}")
    for line in pauses[:40]:
        print("  " + line)
    errors: dict[str, int] = {}
    for line in lines:
        if line and not line.startswith(" ") and "Error" in line.split(":")[0]:
            errors[line[:120]] = errors.get(line[:120], 0) + 1
    for line, count in sorted(errors.items(), key=lambda item: -item[1])[:10]:
        print(f"  {count} x {line}")
    if log.strip():
        print("daphne's log, last lines:")
        print(log.strip()[-1500:])


if __name__ == "__main__":
    main()
