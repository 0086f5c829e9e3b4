"""Every leaderboard rule and threshold, as pure functions (no ORM, no I/O).

Competition is the 10% of the product: optional, private by default, about growth rather than
absolute level. A board counts only students who opted in, shows only its first few places,
never lists a result of zero, and tells each viewer where they stand only in kind words.
"""

import hashlib
import hmac
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# --- boards -----------------------------------------------------------------------------------

IMPROVEMENT = "improvement"
MASTERY_GROWTH = "mastery_growth"
CONSISTENCY = "consistency"
PEER_HELP = "peer_help"
REFLECTION_QUALITY = "reflection_quality"
# Display order: the least anxious metric (growth against oneself) first.
METRICS: tuple[str, ...] = (
    IMPROVEMENT,
    MASTERY_GROWTH,
    CONSISTENCY,
    PEER_HELP,
    REFLECTION_QUALITY,
)

WEEKLY = "weekly"
MONTHLY = "monthly"
# Rolling windows ending now: on a Monday morning a calendar week would rank everyone at zero.
PERIODS: dict[str, timedelta] = {WEEKLY: timedelta(days=7), MONTHLY: timedelta(days=30)}

TOP_N = 5
# Below this many participants a board is not shown at all: with three or four people,
# "Student 417" is too easy to guess.
MIN_PARTICIPANTS = 5


def period_start(now: datetime, period: str) -> datetime:
    return now - PERIODS[period]


def board_key(*, class_id: int, subject_id: int | None, metric: str, period: str) -> str:
    """One board: a class (or one subject in it), one metric, one kind of period. The key does
    not name the week, so an alias stays the same from one week to the next."""
    return f"{class_id}:{subject_id or 'all'}:{metric}:{period}"


# --- metrics ----------------------------------------------------------------------------------

# Reflection quality. A reflection counts as thoughtful when at least REFLECTION_MIN_PROMPTS of
# its prompts are answered with at least REFLECTION_MIN_WORDS words each: substance, not length
# (a 900-character paste beats nobody). Teacher feedback is deliberately left out: it measures
# the teacher's attention, not the student's thinking. At most REFLECTIONS_PER_DAY count per
# day, so a flood of quick reflections in one evening cannot top the board.
REFLECTION_MIN_WORDS = 5
REFLECTION_MIN_PROMPTS = 2
REFLECTIONS_PER_DAY = 2


def words(text: str) -> int:
    return len(text.split())


def is_thoughtful(answers: Iterable[str]) -> bool:
    substantial = sum(1 for a in answers if words(a or "") >= REFLECTION_MIN_WORDS)
    return substantial >= REFLECTION_MIN_PROMPTS


def reflection_score(reflections: Iterable[tuple[date, Sequence[str]]]) -> int:
    """Thoughtful reflections, at most REFLECTIONS_PER_DAY per day."""
    per_day: dict[date, int] = {}
    for day, answers in reflections:
        if is_thoughtful(answers):
            per_day[day] = min(REFLECTIONS_PER_DAY, per_day.get(day, 0) + 1)
    return sum(per_day.values())


def practice_days(days: Iterable[date], *, since: date, today: date) -> int:
    """Consistency: distinct days with practice after `since` up to and including today."""
    return len({d for d in days if since < d <= today})


# --- aliases ----------------------------------------------------------------------------------

# An alias is "Student N" with N in 1..ALIAS_NUMBERS, drawn from an HMAC of (board, student)
# under a server secret: stable for that student on that board, different on every other board
# (two boards cannot be lined up to single someone out), and impossible to compute, or to
# reverse, without the secret. Nothing about it is stored, so nothing can leak from a table.
ALIAS_NUMBERS = 999
ALIAS_SALT = b"madrasti-growth.leaderboards.alias"


def alias_key(secret: str) -> bytes:
    return hashlib.sha256(ALIAS_SALT + secret.encode()).digest()


def alias_digest(key: bytes, board: str, student_id: int) -> bytes:
    return hmac.new(key, f"{board}|{student_id}".encode(), hashlib.sha256).digest()


def aliases(digests: Mapping[int, bytes]) -> dict[int, str]:
    """Each participant's alias on a board. Rare clashes on a number get a letter each
    (17A, 17B), in digest order, so two people never share a name on one board."""
    by_number: dict[int, list[int]] = {}
    for key, digest in digests.items():
        number = 1 + int.from_bytes(digest[:8], "big") % ALIAS_NUMBERS
        by_number.setdefault(number, []).append(key)
    result: dict[int, str] = {}
    for number, keys in by_number.items():
        if len(keys) == 1:
            result[keys[0]] = str(number)
            continue
        for i, key in enumerate(sorted(keys, key=lambda k: digests[k])):
            result[key] = f"{number}{chr(ord('A') + i % 26)}"
    return result


# --- ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    rank: int  # competition ranking: equal scores share a rank (1, 2, 2, 4)
    key: int
    score: int


def ranking(scores: Mapping[int, int], order: Mapping[int, bytes]) -> list[Place]:
    """Everyone, best first. Equal scores are ordered by `order` (the alias digest), never by
    id or by joining date, which would tell who is who."""
    ordered = sorted(scores, key=lambda k: (-scores[k], order[k]))
    places: list[Place] = []
    for i, key in enumerate(ordered):
        tied = places and places[-1].score == scores[key]
        places.append(Place(places[-1].rank if tied else i + 1, key, scores[key]))
    return places


def top(places: Sequence[Place], n: int = TOP_N) -> tuple[list[Place], int]:
    """The places shown, and how many more share the last shown result. A zero (or a loss) is
    never listed: a board celebrates growth and does not display who had none."""
    shown = [p for p in places if p.score > 0][:n]
    more = 0
    if shown:
        last = shown[-1].score
        more = sum(1 for p in places if p.score == last) - sum(1 for p in shown if p.score == last)
    return shown, more


# --- the viewer's own standing ----------------------------------------------------------------

TOP_BAND_SHARES: tuple[tuple[str, float], ...] = (("quarter", 0.25), ("half", 0.5))
# "You practised on more days than 5% of participants!" reads as a verdict, not as praise:
# a percentile below this is not announced (the words are about the viewer's own progress).
PERCENTILE_SHOWN_FROM = 25


@dataclass(frozen=True)
class Standing:
    score: int
    participants: int
    percentile: int  # share of the other participants with a lower result, rounded down
    band: str | None  # "first", "quarter", "half" or None (no band: no comparison shown)

    @property
    def show_percentile(self) -> bool:
        return self.score > 0 and self.percentile >= PERCENTILE_SHOWN_FROM


def standing(score: int, others: Sequence[int]) -> Standing:
    participants = len(others) + 1
    below = sum(1 for o in others if o < score)
    above = sum(1 for o in others if o > score)
    percentile = math.floor(100 * below / len(others)) if others else 0
    band = None
    if score > 0:
        if above == 0:
            band = "first"
        else:
            # Where the viewer's place falls in the board, counting ties in their favour.
            share = (above + 1) / participants
            band = next((name for name, limit in TOP_BAND_SHARES if share <= limit), None)
    return Standing(score, participants, percentile, band)
