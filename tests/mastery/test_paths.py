"""The skill tree, journey, history and suggestions, computed from plain data."""

from datetime import UTC, datetime, timedelta

from mastery import history, journey, recommend, rules, tree

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
BKT = rules.DEFAULT_BKT


def state(p, days_ago=0, attempts=5, half_life=rules.INITIAL_HALF_LIFE_DAYS):
    at = NOW - timedelta(days=days_ago)
    return rules.ProgressState(
        p_known=p,
        attempts=attempts,
        half_life_days=half_life,
        first_practiced_at=at,
        last_practiced_at=at,
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


def test_answers_to_unlock_comes_from_the_model():
    _, _, c = chain(state(0.95), state(0.5), None)
    expected = rules.correct_answers_to_reach(0.5, 70, BKT)
    assert c.answers_to_unlock == expected and 0 < expected < 6


def test_an_unlocked_skill_stays_open_when_its_prerequisite_fades():
    a, b = chain(state(0.95, days_ago=60), None, unlocked={2})
    assert a.mastery < 70 and a.due_for_refresh
    assert b.status == "ready"
    _, b_never = chain(state(0.95, days_ago=60), None)
    assert b_never.status == "locked"


def test_focus_is_the_most_recent_in_progress_skill():
    nodes = chain(state(0.95), state(0.5, days_ago=2), None)
    assert tree.focus(nodes).id == 2


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
