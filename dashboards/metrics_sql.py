# ruff: noqa: S608 (table names and rule constants are formatted in; values are parameters)
"""The SQL the class metrics read with: aggregates computed by PostgreSQL, so a page costs the
same number of queries (and moves few rows) whatever the class size or the history length.

Two rules are written here in SQL as well as in Python, because aggregating them row by row
in Python would read every snapshot of the class: the displayed mastery at a moment
(mastery.rules.displayed: forgetting, then held below "mastered" without the evidence) and a
thoughtful reflection (leaderboards.rules.is_thoughtful). Their constants come from those
modules, and tests/dashboards/test_metrics.py checks both against the Python rules."""

from leaderboards import rules as board_rules
from mastery import rules as mastery_rules
from mastery.models import Attempt, MasterySnapshot, Skill, SkillProgress
from reflections.models import REFLECTION_TEXT_FIELDS, Reflection

from .metrics_rules import RETENTION_GAP_DAYS

SNAP = MasterySnapshot._meta.db_table
SKILL = Skill._meta.db_table
PROGRESS = SkillProgress._meta.db_table
ATTEMPT = Attempt._meta.db_table
REFLECTION = Reflection._meta.db_table


def hard_correct(alias: str) -> str:
    """Counted right answers at the skill's harder levels (mastery_rules.mastery_needs)."""
    terms = [
        f"CASE WHEN {i} >= least({mastery_rules.HARD_RANK}, {alias}.top_level) "
        f"THEN coalesce(({alias}.level_correct->>{i})::int, 0) ELSE 0 END"
        for i in range(mastery_rules.LEVEL_COUNT)
    ]
    return "(" + " + ".join(terms) + ")"


def held_at(alias: str) -> str:
    """The most a snapshot's state may show (mastery_rules.displayed): MASTERED - 1 while
    `mastery_needs` is not empty, else 100."""
    needs = (
        f"({alias}.sessions < {mastery_rules.MASTERY_SESSIONS} OR "
        f"{hard_correct(alias)} < {mastery_rules.MASTERY_HARD_CORRECT})"
    )
    return f"(CASE WHEN {needs} THEN {mastery_rules.MASTERED - 1} ELSE 100 END)"


def days_faded(alias: str, moment: str) -> str:
    """Days of forgetting at `moment`: days since the last practice less the sitting's grace
    (mastery_rules.retention)."""
    return (
        f"(greatest(0, date_part('epoch', {moment} - {alias}.last_practiced_at) / 86400.0)"
        f" - {mastery_rules.SESSION_GAP_DAYS!r})"
    )


def displayed_percent(alias: str, faded: str, held: str) -> str:
    """mastery_rules.displayed(state, now=moment, top_level).percent, from the days faded and
    the cap (`held_at`): P(known) times the forgetting curve's retention, as a percentage."""
    floor = mastery_rules.RETENTION_FLOOR
    kept = (
        f"(CASE WHEN {faded} <= 0 THEN 1.0 ELSE {floor!r} + {1 - floor!r} * "
        f"power(2.0::float8, -{faded} / {alias}.half_life_days) END)"
    )
    return f"greatest(0, least({held}, round({alias}.p_known * {kept} * 100)))"


def snapshots_from(first_day: str, before_day: str) -> str:
    """The snapshots of the class's students on the scope's skills from `first_day` up to the
    day before `before_day`, plus, per student and skill, the last one before `first_day`:
    all a window over time needs to know each snapshot's neighbour and the state at any
    moment of the period, whatever the length of the history before it (one backward probe
    of the (student, skill, day) index per pair practised)."""
    columns = (
        "s.student_id, s.skill_id, s.day, s.p_known, s.half_life_days, s.last_practiced_at, "
        "s.attempts, s.sessions, s.level_correct"
    )
    return f"""
    SELECT {columns} FROM {PROGRESS} p CROSS JOIN LATERAL (
        SELECT * FROM {SNAP} s
        WHERE s.student_id = p.student_id AND s.skill_id = p.skill_id AND s.day < {first_day}
        ORDER BY s.day DESC LIMIT 1
    ) s
    WHERE p.student_id = ANY(%(students)s) AND p.skill_id = ANY(%(skills)s)
    UNION ALL
    SELECT {columns} FROM {SNAP} s
    WHERE s.student_id = ANY(%(students)s) AND s.skill_id = ANY(%(skills)s)
      AND s.day >= {first_day} AND s.day < {before_day}"""


def thoughtful(alias: str) -> str:
    substantial = " + ".join(
        f"(regexp_count({alias}.{f}, '\\S+') >= {board_rules.REFLECTION_MIN_WORDS})::int"
        for f in REFLECTION_TEXT_FIELDS
    )
    return f"(({substantial}) >= {board_rules.REFLECTION_MIN_PROMPTS})"


# Class average mastery at each moment: per moment and student, the sum of the displayed
# mastery over the skills (the latest snapshot before the moment's day) and how many are shown
# as mastered. A snapshot of day D holds the state at the end of D, so the moment at midnight
# before day M reads snapshots of days before M. The moments are the chart buckets' first days
# (start + k * step, k < %(buckets)s) and then the midnight after the last day (k = buckets);
# each snapshot stands for the moments from the first after its day to the last at or before
# its next snapshot's day, found by arithmetic. (Not generate_series: its estimate of a
# thousand rows a call makes the plan look costly enough for PostgreSQL to JIT-compile it, which
# takes longer than the query.)
MASTERY_AT_MOMENTS = f"""
WITH snaps AS (
    SELECT s.day, s.student_id, s.p_known, s.half_life_days, s.last_practiced_at, s.sessions,
           s.level_correct, k.top_level,
           lead(s.day) OVER (PARTITION BY s.student_id, s.skill_id ORDER BY s.day) AS next_day
    FROM ({snapshots_from("%(start)s", "%(last_day)s")}) s JOIN {SKILL} k ON k.id = s.skill_id
), bounds AS (
    SELECT sn.*,
           CASE WHEN sn.day < %(start)s THEN 0
                ELSE (sn.day - %(start)s) / %(step)s + 1 END AS k_first,
           CASE WHEN sn.next_day IS NULL OR sn.next_day >= %(last_day)s THEN %(buckets)s
                WHEN sn.next_day < %(start)s THEN -1
                ELSE (sn.next_day - %(start)s) / %(step)s END AS k_last
    FROM snaps sn
    WHERE sn.next_day IS NULL OR sn.next_day >= %(start)s
), spans AS (
    -- Only snapshots that stand for at least one moment reach the join with the moments.
    SELECT b.*, {held_at("b")} AS held FROM bounds b WHERE b.k_first <= b.k_last
), shown AS (
    SELECT m.k, sp.student_id, {displayed_percent("sp", "f.faded", "sp.held")} AS percent
    FROM spans sp
    CROSS JOIN LATERAL (
        SELECT k FROM unnest(%(ks)s::int[]) AS k WHERE k BETWEEN sp.k_first AND sp.k_last
    ) AS m
    CROSS JOIN LATERAL (
        SELECT {days_faded("sp", "(%(ats)s::timestamptz[])[m.k + 1]")} AS faded
    ) AS f
)
SELECT k, student_id, sum(percent)::int,
       count(*) FILTER (WHERE percent >= {mastery_rules.MASTERED})::int
FROM shown GROUP BY k, student_id
"""

# Practice days per student in the period and the one before, and the longest run of
# consecutive days in the period (gaps and islands: within a run, day - row number is
# constant).
PRACTICE_DAYS = f"""
WITH d AS (
    SELECT DISTINCT student_id, day FROM {SNAP}
    WHERE student_id = ANY(%(students)s) AND skill_id = ANY(%(skills)s)
      AND day >= %(before_start)s AND day <= %(end)s
), islands AS (
    SELECT student_id, day - (row_number() OVER (PARTITION BY student_id ORDER BY day))::int AS g
    FROM d WHERE day >= %(start)s
), runs AS (
    SELECT student_id, max(n) AS longest
    FROM (SELECT student_id, count(*) AS n FROM islands GROUP BY student_id, g) x
    GROUP BY student_id
)
SELECT c.student_id, c.now_days, c.before_days, coalesce(r.longest, 0)::int
FROM (
    SELECT student_id,
           count(*) FILTER (WHERE day >= %(start)s)::int AS now_days,
           count(*) FILTER (WHERE day <= %(before_end)s)::int AS before_days
    FROM d GROUP BY student_id
) c LEFT JOIN runs r USING (student_id)
"""

DAILY_ACTIVE = f"""
SELECT day, count(DISTINCT student_id)::int FROM {SNAP}
WHERE student_id = ANY(%(students)s) AND skill_id = ANY(%(skills)s)
  AND day >= %(start)s AND day <= %(end)s
GROUP BY day
"""

# Reflections per chart bucket (-1: the period before), and how many were thoughtful.
REFLECTIONS = f"""
SELECT CASE WHEN x.local_day < %(start)s THEN -1
            ELSE (x.local_day - %(start)s) / %(step)s END AS bucket,
       count(*)::int, count(*) FILTER (WHERE x.thoughtful)::int
FROM (
    SELECT r.student_id, (r.created_at AT TIME ZONE %(tz)s)::date AS local_day,
           {thoughtful("r")} AS thoughtful
    FROM {REFLECTION} r
    WHERE r.student_id = ANY(%(students)s) AND r.subject_id = ANY(%(subjects)s)
      AND r.created_at >= %(before_at)s AND r.created_at < %(end_at)s
) x
WHERE x.local_day >= %(start)s OR x.local_day <= %(before_end)s
GROUP BY 1
"""

# Comebacks: a snapshot in the period whose previous one (same student and skill) is 29 days
# or more older, with the previous state and the first answer back (the Python rule checks
# the exact 30 days and that the skill was shown as mastered).
COMEBACKS = f"""
WITH s AS (
    SELECT s.student_id, s.skill_id, s.day, s.p_known, k.top_level,
           lag(s.day) OVER w AS prev_day, lag(s.p_known) OVER w AS prev_p,
           lag(s.half_life_days) OVER w AS prev_half_life,
           lag(s.last_practiced_at) OVER w AS prev_at, lag(s.attempts) OVER w AS prev_attempts,
           lag(s.sessions) OVER w AS prev_sessions,
           lag(s.level_correct) OVER w AS prev_levels
    FROM ({snapshots_from("%(start)s", "%(after_end)s")}) s JOIN {SKILL} k ON k.id = s.skill_id
    WINDOW w AS (PARTITION BY s.student_id, s.skill_id ORDER BY s.day)
)
SELECT s.top_level, s.p_known, s.prev_p, s.prev_half_life, s.prev_at, s.prev_attempts,
       s.prev_sessions, s.prev_levels, back.at
FROM s CROSS JOIN LATERAL (
    SELECT min(a.answered_at) AS at FROM {ATTEMPT} a
    WHERE a.student_id = s.student_id AND a.skill_id = s.skill_id
      AND a.answered_at > s.prev_at
) back
WHERE s.day >= %(start)s AND s.prev_day <= s.day - {RETENTION_GAP_DAYS - 1}
"""
