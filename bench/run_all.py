"""`make bench`: every benchmark in bench/, one after another, each on a fresh database of
its own and printing its own markdown table with its commit, load average and client CPU.
BENCH_SCALE=full runs the sizes of issue 12's goals (long: about an hour on 2 cores); the
default is a short smoke-sized run of the same code.

    .venv/bin/python bench/run_all.py [--only NAME ...]
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from _setup import GOAL_MISSED

HERE = Path(__file__).resolve().parent

SMALL = {
    "challenge_live think": [
        "challenge_live.py",
        "--matches",
        "10",
        "--observers",
        "2",
        "--think",
        "1",
        "--questions",
        "3",
    ],
    "challenge_live flat": [
        "challenge_live.py",
        "--matches",
        "10",
        "--observers",
        "2",
        "--questions",
        "3",
    ],
    "challenge_answer_cost": ["challenge_answer_cost.py", "--matches", "3"],
    "ping_ratio": ["ping_ratio.py", "--sockets", "10", "--pings", "50"],
    "write_path": ["write_path.py", "--rounds", "2", "--seconds", "3"],
    "room_log_prune": ["room_log_prune.py", "--rooms", "50", "--events", "700"],
    "attempt_cost": ["attempt_cost.py", "--calls", "30", "--prior", "10000"],
    "open_pages": ["open_pages.py", "--pages", "300", "--burst", "100", "--seconds", "25"],
    "classgoals_hook": ["classgoals_hook.py", "--calls", "20"],
    "growth_hook": ["growth_hook.py", "--calls", "20"],
    "personal_challenge_cost": ["personal_challenge_cost.py", "--calls", "20"],
    "dashboards": ["dashboards.py", "--requests", "10", "--weeks", "8"],
    "fanout_live": ["fanout_live.py", "--messages", "30", "--sizes", "2,10"],
    # Its goals are stated for 1,000 students (fewer miss them by chance); no database.
    "mastery_simulation": ["mastery_simulation.py"],
    "challenge_live nginx": [
        "challenge_live.py",
        "--matches",
        "20",
        "--observers",
        "2",
        "--think",
        "1",
        "--questions",
        "3",
        "--daphnes",
        "2",
        "--nginx",
    ],
}
FULL = {
    "challenge_live think": [
        "challenge_live.py",
        "--matches",
        "100",
        "--observers",
        "10",
        "--think",
        "3",
    ],
    "challenge_live flat": ["challenge_live.py", "--matches", "100", "--observers", "10"],
    "challenge_answer_cost": ["challenge_answer_cost.py", "--matches", "15"],
    "ping_ratio": ["ping_ratio.py", "--sockets", "50", "--pings", "200"],
    "write_path": ["write_path.py", "--rounds", "3", "--seconds", "10"],
    "room_log_prune": ["room_log_prune.py", "--rooms", "200", "--events", "1000"],
    "attempt_cost": ["attempt_cost.py", "--calls", "300"],
    "open_pages": ["open_pages.py", "--pages", "10000", "--burst", "300", "--seconds", "60"],
    "classgoals_hook": ["classgoals_hook.py", "--calls", "200"],
    "growth_hook": ["growth_hook.py", "--calls", "300"],
    "personal_challenge_cost": ["personal_challenge_cost.py", "--calls", "200"],
    "dashboards": ["dashboards.py"],
    "fanout_live": ["fanout_live.py"],
    "mastery_simulation": ["mastery_simulation.py"],
    "challenge_live nginx": [
        "challenge_live.py",
        "--matches",
        "1000",
        "--observers",
        "10",
        "--think",
        "3",
        "--daphnes",
        "2",
        "--nginx",
        "--questions",
        "5",
    ],
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    scale = os.environ.get("BENCH_SCALE", "small")
    plan = FULL if scale == "full" else SMALL
    failed, missed = [], []
    for name, argv in plan.items():
        if args.only and not any(o in name for o in args.only):
            continue
        print(f"\n## {name} ({scale}): bench/{' '.join(argv)}", flush=True)
        code = subprocess.run([sys.executable, str(HERE / argv[0]), *argv[1:]], cwd=HERE.parent)
        if code.returncode == GOAL_MISSED:
            missed.append(name)
        elif code.returncode:
            failed.append(name)
    if missed:
        print(f"\nbenchmarks that ran and missed their goal: {', '.join(missed)}")
    if failed:
        print(f"\nbenchmarks that crashed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
