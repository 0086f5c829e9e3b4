"""Thresholds of the student page and the class grid (no ORM here).

"Stuck" is the attention list's "finding it hard" (attention.py), so the grid's count and
the list name the same students."""

from collections.abc import Iterable

from .attention import STRUGGLING_MASTERY, STRUGGLING_MIN_ATTEMPTS

STUCK_BELOW = STRUGGLING_MASTERY  # displayed mastery (%) under which practice has not landed
STUCK_AFTER_ATTEMPTS = STRUGGLING_MIN_ATTEMPTS  # answers on the skill before we call it stuck

# The most missed question looks at recent answers only: what to re-teach tomorrow, not what
# the class found hard in October (and a year of answers never slows the page).
MISSED_WINDOW_DAYS = 28
WRONG_ANSWERS_SHOWN = 3

# Bounded lists on the student page: a long history never makes it slower.
RECENT_ATTEMPTS = 20
CELL_ATTEMPTS = 30
MOMENTS_SHOWN = 8
REFLECTIONS_SHOWN = 8
HELP_SHOWN = 8
CHALLENGES_SHOWN = 8
CHART_WEEKS = 8

# CSV cells starting with these are formulas to a spreadsheet: a name is never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_stuck(*, percent: int, attempts: int) -> bool:
    return attempts >= STUCK_AFTER_ATTEMPTS and percent < STUCK_BELOW


def most_missed(wrong_by_question: Iterable[tuple[int, int]]) -> int | None:
    """The question with the most wrong answers (the lowest id on a tie), or None."""
    best = None
    for question_id, wrong in wrong_by_question:
        if wrong and (best is None or (wrong, -question_id) > (best[1], -best[0])):
            best = (question_id, wrong)
    return best[0] if best else None


def top_wrong_answers(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """The most common wrong answers, most frequent first (then by text), at most a few."""
    return sorted(counts, key=lambda c: (-c[1], c[0]))[:WRONG_ANSWERS_SHOWN]


def csv_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# A shape per level, beside its tint: the grid never relies on colour alone.
LEVEL_GLYPHS = {
    "mastered": "★",
    "proficient": "●",
    "developing": "◐",
    "beginner": "○",
    "not_started": "·",
}
