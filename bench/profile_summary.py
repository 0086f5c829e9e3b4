"""What a py-spy profile in raw format (`--format raw`: one stack per line, frames joined by
";", then its sample count) spent its time on: the share of samples per thread, and the
functions of this project and its libraries that appear in the most samples (inclusive: a
function counts for every sample with it anywhere on the stack).

    .venv/bin/python bench/profile_summary.py FILE [--top 40] [--match TEXT]
"""

import argparse
import re
from collections import Counter

# py-spy's frame: "function (path/to/file.py:line)"; with --threads the stack starts with
# "thread (0x...)" or the thread's name.
FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^():]+)(?::\d+)?\)$")


def _where(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/main/", 1)[-1]
    return f"{match['func']} ({path})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="only functions whose line contains this")
    args = parser.parse_args()
    threads: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = 0
    with open(args.file) as profile:
        for line in profile:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            total += n
            frames = stack.split(";")
            threads[frames[0]] += n
            for where in {_where(f) for f in frames[1:]}:
                if args.match in where:
                    functions[where] += n
    print(f"{total} samples")
    for thread, n in threads.most_common():
        print(f"{n / total:6.1%}  {thread}")
    print()
    for where, n in functions.most_common(args.top):
        print(f"{n / total:6.1%}  {where}")


if __name__ == "__main__":
    main()
