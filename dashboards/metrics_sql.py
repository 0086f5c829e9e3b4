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
from mastery.models import Attempt, MasterySnapshot, Skill, SkillProgress, SubjectMasteryDay
from reflections.models import REFLECTION_TEXT_FIELDS, Reflection

SNAP = MasterySnapshot._meta.db_table
SKILL = Skill._meta.db_table
PROGRESS = SkillProgress._meta.db_table
ATTEMPT = Attempt._meta.db_table
REFLECTION = Reflection._meta.db_table
KEPT = SubjectMasteryDay._meta.db_table


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


def thoughtful(alias: str) -> str:
    substantial = " + ".join(
        f"(regexp_count({alias}.{f}, '\\S+') >= {board_rules.REFLECTION_MIN_WORDS})::int"
        for f in REFLECTION_TEXT_FIELDS
    )
    return f"(({substantial}) >= {board_rules.REFLECTION_MIN_PROMPTS})"


# Per progress row `p` (joined to its skill `k`) and moment `m`: the latest snapshot of a day
# before the moment (one backward probe of the (student, skill, day) index) and the mastery
# it shows then, as `d.percent`.
_SHOWN_AT_MOMENT = f"""CROSS JOIN LATERAL (
    SELECT s.p_known, s.half_life_days, s.last_practiced_at, s.sessions, s.level_correct,
           k.top_level
    FROM {SNAP} s
    WHERE s.student_id = p.student_id AND s.skill_id = p.skill_id AND s.day < m.day
    ORDER BY s.day DESC
    LIMIT 1
) s
CROSS JOIN LATERAL (
    SELECT {displayed_percent("s", days_faded("s", "m.at"), held_at("s"))} AS percent
) d"""

# Class average mastery at each moment: per moment and student, the sum of the displayed
# mastery over the skills and how many are shown as mastered. A snapshot of day D holds the
# state at the end of D, so the moment at midnight before day M reads, per student and skill,
# the latest snapshot of a day before M: one backward probe of the (student, skill, day) index
# per pair practised and moment, so the cost follows the class, its skills and the chart's
# moments, never the history's length or density. The moments are the chart buckets' first
# days (k < buckets, at midnight) and then the midnight after the last day (k = buckets).
MASTERY_AT_MOMENTS = f"""
SELECT m.k, p.student_id, sum(d.percent)::int,
       count(*) FILTER (WHERE d.percent >= {mastery_rules.MASTERED})::int
FROM {PROGRESS} p
JOIN {SKILL} k ON k.id = p.skill_id
CROSS JOIN unnest(%(ks)s::int[], %(days)s::date[], %(ats)s::timestamptz[]) AS m(k, day, at)
{_SHOWN_AT_MOMENT}
WHERE p.student_id = ANY(%(students)s) AND p.skill_id = ANY(%(skills)s)
  -- No probe for a moment a day or more before the pair's first practice: nothing to find.
  AND (p.first_practiced_at IS NULL OR p.first_practiced_at < m.at + interval '1 day')
GROUP BY m.k, p.student_id
"""

# The same rows as MASTERY_AT_MOMENTS, reading what it can from SubjectMasteryDay: a moment
# at a past midnight (`kept`) reads its one row per student and subject; any such moment with
# a row missing (never read, or dropped by a late report) is probed as above and its rows are
# written (all of them, zeros included, so a complete day is one count away); the other
# moments (the period's end when it is now) are always probed. One statement, so the answer
# for a missing moment comes from `per` (a statement does not see its own inserts). Rows are
# upserted in the index's order (student, day, subject), the order a late report's delete
# takes them in, so the two never wait on each other in a circle. Known limits: a late report
# committed while this statement computes the same student's moment (after its snapshot was
# taken) can leave that moment stale until the student's next late report or a rebuild; and
# a skill's content edited later (its top level) does not rewrite moments already kept.
MASTERY_KEPT = f"""
WITH m AS (
    SELECT * FROM unnest(%(ks)s::int[], %(days)s::date[], %(ats)s::timestamptz[],
                         %(kept)s::bool[]) AS m(k, day, at, kept)
), missing AS (
    SELECT m.* FROM m
    WHERE m.kept AND (
        SELECT count(*) FROM {KEPT} c
        WHERE c.day = m.day AND c.student_id = ANY(%(students)s)
          AND c.subject_id = ANY(%(subjects)s)
    ) < cardinality(%(students)s::int[]) * cardinality(%(subjects)s::int[])
), probed AS (
    SELECT * FROM m WHERE NOT m.kept UNION ALL SELECT * FROM missing
), per AS (
    SELECT m.k, p.student_id, k.subject_id, sum(d.percent)::int AS total,
           count(*) FILTER (WHERE d.percent >= {mastery_rules.MASTERED})::int AS mastered
    FROM {PROGRESS} p
    JOIN {SKILL} k ON k.id = p.skill_id
    CROSS JOIN probed m
    {_SHOWN_AT_MOMENT}
    WHERE p.student_id = ANY(%(students)s) AND k.subject_id = ANY(%(subjects)s)
      AND (p.first_practiced_at IS NULL OR p.first_practiced_at < m.at + interval '1 day')
    GROUP BY m.k, p.student_id, k.subject_id
), written AS (
    INSERT INTO {KEPT} (student_id, day, subject_id, total, mastered)
    SELECT st.id, mi.day, sub.id, coalesce(per.total, 0), coalesce(per.mastered, 0)
    FROM missing mi
    CROSS JOIN unnest(%(students)s::int[]) AS st(id)
    CROSS JOIN unnest(%(subjects)s::int[]) AS sub(id)
    LEFT JOIN per ON per.k = mi.k AND per.student_id = st.id AND per.subject_id = sub.id
    ORDER BY st.id, mi.day, sub.id
    ON CONFLICT (student_id, day, subject_id)
    DO UPDATE SET total = EXCLUDED.total, mastered = EXCLUDED.mastered
)
SELECT x.k, x.student_id, sum(x.total)::int, sum(x.mastered)::int
FROM (
    SELECT per.k, per.student_id, per.total, per.mastered FROM per
    UNION ALL
    SELECT m.k, c.student_id, c.total, c.mastered
    FROM m JOIN {KEPT} c ON c.day = m.day
    WHERE m.kept AND m.k NOT IN (SELECT k FROM missing)
      AND c.student_id = ANY(%(students)s) AND c.subject_id = ANY(%(subjects)s)
) x
GROUP BY x.k, x.student_id
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
# the exact 30 days and that the skill was shown as mastered). Each snapshot keeps its gap
# since the pair's previous day (`gap_days`) under a partial index of the long ones, so only
# the few returns after a month away are read, however often the class practised.
COMEBACKS = f"""
SELECT k.top_level, cur.p_known, prev.p_known, prev.half_life_days, prev.last_practiced_at,
       prev.attempts, prev.sessions, prev.level_correct, back.at
FROM {SNAP} cur
JOIN {SNAP} prev
  ON prev.student_id = cur.student_id AND prev.skill_id = cur.skill_id
 AND prev.day = cur.day - cur.gap_days
JOIN {SKILL} k ON k.id = cur.skill_id
CROSS JOIN LATERAL (
    SELECT min(a.answered_at) AS at FROM {ATTEMPT} a
    WHERE a.student_id = cur.student_id AND a.skill_id = cur.skill_id
      AND a.answered_at > prev.last_practiced_at
) back
WHERE cur.student_id = ANY(%(students)s) AND cur.skill_id = ANY(%(skills)s)
  AND cur.day >= %(start)s AND cur.day < %(after_end)s
  AND cur.gap_days >= {mastery_rules.LONG_GAP_DAYS}
"""
