"""The skill tree, journey, history and suggestions, computed from plain data."""

from datetime import UTC, datetime, timedelta

from mastery import history, journey, recommend, rules, tree

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
BKT = rules.DEFAULT_BKT


def state(p, days_ago=0, attempts=5, half_life=rules.INITIAL_HALF_LIFE_DAYS, evidence=True):
    """A practised skill; with `evidence`, the sessions and harder answers "mastered" asks
    for are there, so the number alone decides the level."""
    at = NOW - timedelta(days=days_ago)
    return rules.ProgressState(
        p_known=p,
        attempts=attempts,
        half_life_days=half_life,
        first_practiced_at=at,
        last_practiced_at=at,
        sessions=2 if evidence else 1,
        level_correct=(1, 1, 2, 0) if evidence else (4, 0, 0, 0),
    )


def chain(*states, unlocked=()):
    """Skills 1 -> 2 -> 3 ... each the prerequisite of the next."""
    nodes = [
        tree.Node(
            id=i + 1,
            name=f"S{i + 1}",
            prerequisite_ids=(i,) if i else (),
            required=70,
            params=BKT,
            position=i,
            state=s,
            unlocked_before=i + 1 in unlocked,
        )
        for i, s in enumerate(states)
    ]
    return tree.build(nodes, NOW)


def test_states_follow_mastery_and_prerequisites():
    a, b, c = chain(state(0.95), state(0.5), None)
    assert (a.status, b.status, c.status) == ("mastered", "in_progress", "locked")
    assert c.blocking_ids == (2,)
    assert (a.depth, b.depth, c.depth) == (0, 1, 2)


def test_answers_to_unlock_runs_the_model_forward():
    _, b, c = chain(state(0.95), state(0.5), None)
    expected = rules.path_to(
        b.state,
        target=70,
        upcoming=[rules.FRESH] * tree.PREDICTION_ITEMS,
        at=NOW,
        day=NOW.date(),
        params=BKT,
    )
    assert c.answers_to_unlock == expected.answers and 0 < expected.answers < 6
    (step,) = c.unlock_steps
    assert (step.prerequisite.id, step.kind, step.answers) == (2, "answers", expected.answers)


def test_a_prediction_runs_over_the_items_practice_would_serve():
    nodes = chain(state(0.95), state(0.5), None)
    repeats = [rules.Evidence(exposures=6)] * tree.PREDICTION_ITEMS
    tree.predictions(nodes, now=NOW, day=NOW.date(), upcoming={2: repeats})
    fresh = chain(state(0.95), state(0.5), None)[2].answers_to_unlock
    assert nodes[2].answers_to_unlock > fresh  # worn items weigh less: more answers needed


def test_a_prerequisite_that_is_locked_itself_is_opened_first():
    a, b, c = chain(state(0.3), None, None)
    assert (b.status, c.status) == ("locked", "locked")
    (step,) = c.unlock_steps
    assert step.kind == "open_first" and step.answers is None and c.answers_to_unlock is None
    assert b.unlock_steps[0].kind == "answers"


def test_mastered_needs_the_evidence_not_only_the_number():
    (a,) = chain(state(0.97, evidence=False))
    assert a.mastery == rules.MASTERED - 1 and a.status == "in_progress"
    assert a.level == "proficient" and set(a.still_needed) == {"another_day", "harder_questions"}
    (b,) = chain(state(0.97))
    assert b.status == "mastered" and b.level == "mastered" and b.still_needed == ()
    (c,) = chain(state(0.5))
    assert c.still_needed[0] == "number"


def test_a_teachers_opening_opens_a_locked_skill():
    nodes = [
        tree.Node(id=1, name="A", prerequisite_ids=(), required=70, params=BKT),
        tree.Node(
            id=2, name="B", prerequisite_ids=(1,), required=70, params=BKT, opened_by_teacher=True
        ),
    ]
    a, b = tree.build(nodes, NOW)
    assert a.status == "ready" and b.status == "ready" and b.unlock_steps == []


def test_an_unlocked_skill_stays_open_when_its_prerequisite_fades():
    a, b = chain(state(0.95, days_ago=60), None, unlocked={2})
    assert a.mastery < 70 and a.due_for_refresh
    assert b.status == "ready"
    # Opening reads the prerequisite as shown at its last practice (as an answer unlocks
    # it), so fading never closes a skill; a prerequisite last shown below the level does.
    _, b_never = chain(state(0.95, days_ago=60), None)
    assert b_never.status == "ready"
    _, b_below = chain(state(0.6), None)
    assert b_below.status == "locked" and b_below.blocking_ids == (1,)


def test_focus_is_the_most_recent_in_progress_skill():
    nodes = chain(state(0.95), state(0.5, days_ago=2), None)
    assert tree.focus(nodes).id == 2


def test_focus_is_never_a_fading_skill():
    # Skill 1 was proficient long ago and is fading; skill 2 was just mastered; 3 opened.
    nodes = chain(state(0.85, days_ago=30), state(0.97), None, unlocked={3})
    assert nodes[0].due_for_refresh and nodes[0].status == "in_progress"
    assert tree.focus(nodes).id == 3


def test_layout_mirrors_for_rtl():
    nodes = tree.build(
        [
            tree.Node(id=1, name="A", prerequisite_ids=(), required=70, params=BKT, position=0),
            tree.Node(id=2, name="B", prerequisite_ids=(), required=70, params=BKT, position=1),
        ],
        NOW,
    )
    tree.layout(nodes, rtl=False)
    ltr = {n.id: n.x for n in nodes}
    width, _ = tree.layout(nodes, rtl=True)
    assert ltr[1] < ltr[2]
    assert {n.id: n.x for n in nodes}[1] > {n.id: n.x for n in nodes}[2]
    assert all(0 <= n.x <= width - tree.NODE_W for n in nodes)


def test_journey_milestones():
    j = journey.build(chain(state(0.95), state(0.5), None))
    assert [s.kind for s in j.stages] == ["completed", "current", "locked"]
    assert j.refresh == []
    assert j.milestone.kind == "master" and j.milestone.node.id == 2
    assert j.milestone.progress == round(100 * j.current.mastery / 90)
    assert j.story == "exploring"
    assert journey.build(chain(None, None)).story == "starting"
    done = journey.build(chain(state(0.97), state(0.96)))
    assert done.story == "complete" and done.milestone.kind == "complete"


def test_timeline_is_exact_between_snapshots():
    points = [
        history.Point(1, NOW - timedelta(days=20), state(0.4, days_ago=20)),
        history.Point(1, NOW - timedelta(days=3), state(0.92, days_ago=3)),
    ]
    timeline = history.Timeline(points)
    assert timeline.mastery_at(1, NOW - timedelta(days=30)) == 0
    assert timeline.mastery_at(1, NOW - timedelta(days=10)) == state(0.4, 20).mastery_at(
        NOW - timedelta(days=10)
    )
    assert timeline.demonstrated_at(1, NOW) == 92
    assert timeline.newly_mastered([1], NOW - timedelta(days=7), NOW) == [1]
    weekly = timeline.weekly([1], NOW, weeks=4)
    assert len(weekly) == 5 and weekly[-1][1] == timeline.mastery_at(1, NOW)


def test_suggestions_cover_level_gap_challenge_and_refresh():
    nodes = chain(state(0.95, days_ago=40), state(0.3), None)
    # Skill 4 is fading too, in another branch.
    exercises = {
        n.id: [
            recommend.ExerciseInfo(n.id * 10 + k, n.id, d, k)
            for k, d in enumerate(recommend.DIFFICULTY_ORDER)
        ]
        for n in nodes
    }
    focus = tree.focus(nodes)
    picks = recommend.suggest(nodes=nodes, focus=focus, exercises=exercises, best_scores={})
    kinds = {s.kind: s for s in picks}
    assert kinds["match_level"].node.id == 2
    assert kinds["match_level"].exercise.difficulty == "beginner"  # 30% mastery
    assert kinds["challenge"].exercise.difficulty == "intermediate"
    assert kinds["fill_gap"].node.id == 1
    assert kinds["refresh"].node.id == 1
    assert len({s.exercise.id for s in picks}) == len(picks)


def test_well_done_exercises_are_not_suggested_again():
    nodes = chain(state(0.3))
    exercises = {
        1: [
            recommend.ExerciseInfo(10, 1, "beginner", 0),
            recommend.ExerciseInfo(11, 1, "beginner", 1),
        ]
    }
    picks = recommend.suggest(
        nodes=nodes, focus=nodes[0], exercises=exercises, best_scores={10: 100}
    )
    assert picks[0].exercise.id == 11


def test_journey_follows_the_tree_and_keeps_refresh_apart():
    # 1 -> 2 -> 3 -> 4: skill 1 fading, 2 mastered, 3 in progress, 4 opened early by the
    # teacher and practised once (student01's "Calculus, you are here" before Trigonometry).
    nodes = chain(
        state(0.85, days_ago=30),
        state(0.97),
        state(0.5, days_ago=3),
        state(0.3, days_ago=1),
    )
    j = journey.build(nodes)
    assert [s.node.id for s in j.stages] == [1, 2, 3, 4]
    kinds = {s.node.id: s.kind for s in j.stages}
    assert kinds == {1: "refresh", 2: "completed", 3: "in_progress", 4: "current"}
    assert "upcoming" not in kinds.values()  # nothing earlier reads as "coming up"
    assert [n.id for n in j.refresh] == [1]
    assert j.current.id == 4 and j.story == "exploring"


def test_journey_with_only_fading_skills_left_tells_a_refresh_story():
    j = journey.build(chain(state(0.85, days_ago=30)))
    assert j.current is None and j.story == "refresh" and j.milestone.kind == "refresh"
    assert [s.kind for s in j.stages] == ["refresh"]


def test_the_timeline_shows_what_was_displayed_then():
    """A snapshot at 97% without the evidence for mastered was shown as 89%, proficient:
    charts, weekly change and "concepts mastered" read that number, not the estimate."""
    early = history.Point(1, NOW - timedelta(days=1), state(0.97, days_ago=1, evidence=False))
    timeline = history.Timeline([early], top_levels={1: 3})
    assert timeline.demonstrated_at(1, NOW) == rules.MASTERED - 1
    assert timeline.newly_mastered([1], NOW - timedelta(days=7), NOW) == []
    later = history.Point(1, NOW, state(0.97))
    timeline = history.Timeline([early, later], top_levels={1: 3})
    assert timeline.newly_mastered([1], NOW - timedelta(days=7), NOW) == [1]
    assert timeline.mastery_at(1, NOW) == rules.displayed(later.state, now=NOW).percent
