"""The skill tree as a student sees it, computed from plain data (no ORM here).

Every number and level on a node is `rules.displayed()`: the one mastery a person sees in
every view. A node's state: mastered (the displayed level is "mastered"), in progress, ready
(unlocked, not started) or locked. A skill is unlocked when it has no prerequisites, when it
was unlocked before (unlocks are kept; a teacher's opening is one) or practised, or when
every prerequisite's displayed mastery, as of its last practice, reaches the required level
(as `tracking.unlocks_after` decides when an answer crosses it; fading later never relocks).

A locked skill says what opens it, honestly: for each prerequisite below the required level,
the model run forward (`rules.path_to`) over the items practice would actually serve.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import rules

# A skill practised this recently is one the student is working on now.
FOCUS_RECENT = timedelta(days=7)

# SVG geometry, in user units.
NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 170, 64, 30, 46, 12
BAR_INSET = 14
BAR_W = NODE_W - 2 * BAR_INSET


@dataclass
class Node:
    id: int
    name: str
    prerequisite_ids: tuple[int, ...]
    required: int
    params: rules.BktParams
    position: int = 0
    ref: object = None  # the caller's object for this skill, carried along for display
    state: rules.ProgressState | None = None
    unlocked_before: bool = False
    top_level: int = rules.LEVEL_COUNT - 1  # the hardest difficulty rank the skill has
    opened_by_teacher: bool = False  # for this student or the whole class
    # Filled by build():
    shown: rules.Displayed = rules.NOT_STARTED
    mastery: int = 0  # shown.percent: the displayed number, after forgetting
    demonstrated: int = 0  # the displayed number as of the last practice
    level: str = "not_started"
    status: str = "locked"
    due_for_refresh: bool = False
    refreshed: bool = False
    recent: bool = False  # practised within FOCUS_RECENT
    # What "mastered" still asks for: "number" (reach MASTERED), "another_day",
    # "harder_questions". Empty once mastered.
    still_needed: tuple[str, ...] = ()
    unlock_steps: list["UnlockStep"] = field(default_factory=list)
    answers_to_unlock: int | None = None  # the steps' answers, when each has a count
    blocking_ids: tuple[int, ...] = ()
    depth: int = 0
    x: float = 0
    y: float = 0
    fill_x: float = BAR_INSET
    fill_w: float = 0
    unlocks_ids: list[int] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return self.state.attempts if self.state else 0

    @property
    def mastered_threshold(self) -> int:
        return rules.MASTERED


@dataclass(frozen=True)
class UnlockStep:
    """One prerequisite still below the level a locked skill asks for, and what reaching it
    takes: `path` from the model run forward, or None when the prerequisite is locked too."""

    prerequisite: Node
    required: int
    path: rules.Path | None

    @property
    def answers(self) -> int | None:
        return self.path.answers if self.path is not None else None

    @property
    def kind(self) -> str:
        """answers (about N more right answers), another_day, harder_questions, open_first."""
        if self.path is None:
            return "open_first"
        if self.path.answers:
            return "answers"
        if "harder_questions" in self.path.needs:
            return "harder_questions"
        return "another_day"


def still_needed(
    state: rules.ProgressState | None, shown: rules.Displayed, *, top_level: int, now: datetime
) -> tuple[str, ...]:
    """What "mastered" still asks for: "number" (the model's estimate below MASTERED), then
    rules.mastery_needs ("another_day", "harder_questions"). Empty once mastered."""
    if shown.mastered:
        return ()
    if state is None or not state.attempts:
        state = rules.ProgressState(p_known=0)
    needs = rules.mastery_needs(state, top_level=top_level)
    below = state.mastery_at(now) < rules.MASTERED if state.attempts else True
    return ("number", *needs) if below else tuple(needs)


def depths(prerequisites: Mapping[int, Sequence[int]]) -> dict[int, int]:
    """Longest prerequisite chain below each skill (roots are 0). Assumes a DAG."""
    memo: dict[int, int] = {}

    def depth(node: int) -> int:
        if node not in memo:
            parents = [p for p in prerequisites.get(node, ()) if p in prerequisites]
            memo[node] = 1 + max(map(depth, parents)) if parents else 0
        return memo[node]

    for node in prerequisites:
        depth(node)
    return memo


def build(
    nodes: list[Node],
    now: datetime,
    *,
    upcoming: Mapping[int, Sequence[rules.Evidence]] | None = None,
    day: date | None = None,
    predict: bool = True,
) -> list[Node]:
    """Fill every node from its state, then (with `predict`) what opens each locked one."""
    by_id = {n.id: n for n in nodes}
    for node in nodes:
        node.shown = rules.displayed(node.state, now=now, top_level=node.top_level)
        node.mastery, node.level = node.shown.percent, node.shown.level
        node.due_for_refresh = node.shown.due_for_refresh
        node.still_needed = still_needed(node.state, node.shown, top_level=node.top_level, now=now)
        if node.state is not None and node.state.attempts:
            last = node.state.last_practiced_at or now
            node.demonstrated = demonstrated(node.state, now=now, top_level=node.top_level)
            node.refreshed = node.state.half_life_days > rules.INITIAL_HALF_LIFE_DAYS
            node.recent = now - last <= FOCUS_RECENT
    for node in nodes:
        prereqs = [by_id[p] for p in node.prerequisite_ids if p in by_id]
        for p in prereqs:
            p.unlocks_ids.append(node.id)
        # As an answer unlocks it (tracking.unlocks_after): each prerequisite's number as
        # shown at its last practice, so a prediction is what the answers will do.
        blocking = [p for p in prereqs if p.demonstrated < node.required]
        unlocked = not is_locked(
            practised=node.attempts > 0,
            unlocked_before=node.unlocked_before,
            opened_by_teacher=node.opened_by_teacher,
            prerequisites_demonstrated=[p.demonstrated for p in prereqs],
            required=node.required,
        )
        node.blocking_ids = tuple(p.id for p in blocking)
        node.status = _status(node, unlocked=unlocked)
    for node_id, depth in depths({n.id: n.prerequisite_ids for n in nodes}).items():
        by_id[node_id].depth = depth
    if predict:
        predictions(nodes, now=now, day=day or now.date(), upcoming=upcoming)
    return nodes


def prediction_skill_ids(nodes: Sequence[Node]) -> set[int]:
    """The skills whose upcoming items a prediction runs over: open prerequisites that hold
    a locked skill back."""
    by_id = {n.id: n for n in nodes}
    return {
        i
        for n in nodes
        if n.status == "locked"
        for i in n.blocking_ids
        if by_id[i].status != "locked"
    }


def predictions(
    nodes: Sequence[Node],
    *,
    now: datetime,
    day: date,
    upcoming: Mapping[int, Sequence[rules.Evidence]] | None,
) -> None:
    """For each locked node, one step per prerequisite below the required level.
    `upcoming`: per skill, the evidence of the items practice would serve next
    (selectors.upcoming_evidence); a skill missing from it is predicted over fresh items."""
    by_id = {n.id: n for n in nodes}
    for node in nodes:
        if node.status == "locked":
            node.unlock_steps = [
                UnlockStep(p, node.required, _path(p, node.required, now, day, upcoming))
                for p in (by_id[i] for i in node.blocking_ids)
            ]
            answers = [s.answers for s in node.unlock_steps]
            node.answers_to_unlock = sum(answers) if answers and None not in answers else None


def is_locked(
    *,
    practised: bool,
    unlocked_before: bool,
    opened_by_teacher: bool,
    prerequisites_demonstrated: Sequence[int],
    required: int,
) -> bool:
    """The unlock rule (see the module's docstring), from each prerequisite's displayed number
    as of its last practice. Practised already (e.g. reported by the host platform) means
    open, too; so does having no prerequisites. A locked skill is never mastered (it has no
    answers), so this is also whether the tree shows it locked."""
    return not (
        practised
        or unlocked_before
        or opened_by_teacher
        or rules.is_unlocked(prerequisites_demonstrated, required)
    )


def demonstrated(state: rules.ProgressState | None, *, now: datetime, top_level: int) -> int:
    """The displayed number as of the state's last practice (0 before any answer)."""
    if state is None or not state.attempts:
        return 0
    at = state.last_practiced_at or now
    return rules.displayed(state, now=at, top_level=top_level).percent


def _status(node: Node, *, unlocked: bool) -> str:
    if node.shown.mastered:
        return "mastered"
    if not unlocked:
        return "locked"
    return "in_progress" if node.attempts else "ready"


def _path(prerequisite: Node, target: int, now, day, upcoming) -> rules.Path | None:
    if prerequisite.status == "locked":
        return None  # opened first, then practised: its own card says how
    if upcoming is None or prerequisite.id not in upcoming:
        items = [rules.FRESH] * PREDICTION_ITEMS
    else:
        items = upcoming[prerequisite.id]
    return rules.path_to(
        prerequisite.state,
        target=target,
        upcoming=items,
        at=now,
        day=day,
        params=prerequisite.params,
        top_level=prerequisite.top_level,
    )


# How far ahead a prediction runs the model: a longer path is not "about N answers" away.
PREDICTION_ITEMS = 40


def focus(nodes: list[Node]) -> Node | None:
    """What the student is working on now: the in-progress skill practised most recently
    (within FOCUS_RECENT), else the first ready skill in tree order, else the furthest
    in-progress one. Never a skill due for a refresh: that is a separate, gentle note."""
    working = [n for n in nodes if n.status == "in_progress" and not n.due_for_refresh]
    recent = [n for n in working if n.recent]
    if recent:
        return max(recent, key=lambda n: (n.state.last_practiced_at, n.depth))
    ready = [n for n in nodes if n.status == "ready"]
    if ready:
        return min(ready, key=lambda n: (n.depth, n.position, n.id))
    if working:
        return max(working, key=lambda n: (n.depth, n.state.last_practiced_at))
    return None


def layout(nodes: list[Node], *, rtl: bool) -> tuple[float, float]:
    """Place nodes in rows by depth (roots on top); mirror for right-to-left reading.
    Returns the drawing's width and height."""
    rows: dict[int, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.depth, n.position, n.id)):
        rows.setdefault(node.depth, []).append(node)
    widest = max((len(r) for r in rows.values()), default=1)
    width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X
    for depth, row in rows.items():
        row_width = len(row) * NODE_W + (len(row) - 1) * GAP_X
        start = (width - row_width) / 2
        for i, node in enumerate(row):
            x = start + i * (NODE_W + GAP_X)
            node.x = width - x - NODE_W if rtl else x
            node.y = PAD + depth * (NODE_H + GAP_Y)
            node.fill_w = round(BAR_W * node.mastery / 100, 1)
            # The bar fills from the reading start: the right edge in Arabic.
            node.fill_x = BAR_INSET + (BAR_W - node.fill_w if rtl else 0)
    height = PAD * 2 + len(rows) * NODE_H + max(0, len(rows) - 1) * GAP_Y
    return width, height


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    done: bool


def edges(nodes: list[Node]) -> list[Edge]:
    by_id = {n.id: n for n in nodes}
    result = []
    for node in nodes:
        for pid in node.prerequisite_ids:
            parent = by_id.get(pid)
            if parent is None:
                continue
            result.append(
                Edge(
                    parent.x + NODE_W / 2,
                    parent.y + NODE_H,
                    node.x + NODE_W / 2,
                    node.y,
                    done=parent.demonstrated >= node.required,
                )
            )
    return result
