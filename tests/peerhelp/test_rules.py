import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastery import rules as mastery_rules
from peerhelp import rules
from peerhelp.rules import HelperRecord


def record(sessions=0, ratings=(), **extra) -> HelperRecord:
    return HelperRecord(sessions=sessions, ratings=tuple(ratings), **extra)


@pytest.mark.parametrize(
    ("sessions", "ratings", "expected"),
    [
        (0, (), None),
        (1, (), "emerging_helper"),
        (2, (5, 5), "emerging_helper"),
        (3, (), "emerging_helper"),  # quality needs at least one rating to show
        (3, (4, 3), "helpful_peer"),  # 3.5 exactly
        (3, (3, 3, 4), "emerging_helper"),  # 3.33
        (8, (4, 4, 5, 4, 4), "trusted_tutor"),  # 4.2 exactly
        (8, (4, 4, 4, 4), "helpful_peer"),
        (14, (5,) * 14, "trusted_tutor"),
        (15, (5, 4), "master_educator"),  # 4.5 exactly
        (15, (5, 4, 4), "trusted_tutor"),  # 4.33
        (40, (1,), "emerging_helper"),
    ],
)
def test_levels_need_sessions_and_the_average_rating(sessions, ratings, expected):
    assert rules.level(record(sessions, ratings)) == expected


def test_next_step_names_what_is_missing_and_nothing_at_the_top():
    assert rules.next_step(record()) == rules.NextStep("emerging_helper", 1, None)
    assert rules.next_step(record(1)) == rules.NextStep("helpful_peer", 2, 3.5)
    assert rules.next_step(record(3, (5,))) == rules.NextStep("trusted_tutor", 5, None)
    assert rules.next_step(record(9, (4, 4))) == rules.NextStep("trusted_tutor", 0, 4.2)
    assert rules.next_step(record(15, (5,))) is None


def test_badges_each_at_their_threshold():
    assert rules.badges(record(2, (5, 5), thank_yous=2, skills=2, learned_notes=2)) == []
    assert rules.badges(
        record(3, (5, 5, 5), thank_yous=3, skills=3, learned_notes=3, acknowledged=1)
    ) == [
        "clear_explainer",
        "warmly_thanked",
        "helps_across_skills",
        "learns_by_teaching",
        "noticed_by_teacher",
    ]
    assert rules.badges(record(9, (5, 5, 4, 4, 4))) == []  # two top ratings are not three


def test_every_level_and_badge_has_a_label_and_reason():
    assert set(rules.LEVEL_LABELS) == {lv.code for lv in rules.LEVELS}
    everything = rules.badges(
        record(3, (5, 5, 5), thank_yous=3, skills=3, learned_notes=3, acknowledged=1)
    )
    assert set(everything) == set(rules.BADGE_LABELS) == set(rules.BADGE_REASONS)


@given(
    st.integers(min_value=0, max_value=60),
    st.lists(st.integers(min_value=1, max_value=5), max_size=60),
    st.integers(min_value=1, max_value=5),
)
def test_one_more_session_never_lowers_the_level_unless_its_rating_is_lower(
    sessions, ratings, extra
):
    before = rules.level_rank(rules.level(record(sessions, ratings)))
    unrated = rules.level_rank(rules.level(record(sessions + 1, ratings)))
    assert unrated >= before
    if ratings and extra >= max(ratings):
        rated = rules.level_rank(rules.level(record(sessions + 1, [*ratings, extra])))
        assert rated >= before


def test_online_helpers_come_first_then_recognition_then_name():
    people = [
        ("Zaid", False, "master_educator", 20),
        ("amal", True, None, 0),
        ("Badr", True, "helpful_peer", 4),
        ("Aya", True, "helpful_peer", 4),
        ("Chams", False, None, 0),
    ]
    ordered = sorted(
        people,
        key=lambda p: rules.suggestion_key(online=p[1], level_code=p[2], sessions=p[3], name=p[0]),
    )
    assert [p[0] for p in ordered] == ["Aya", "Badr", "amal", "Zaid", "Chams"]


def test_helping_needs_the_skill_mastered_as_displayed():
    assert rules.can_help_with(shown=mastery_rules.Displayed(92, "mastered"))
    # 95% estimated but shown as 89% until the evidence is there: not mastered yet.
    assert not rules.can_help_with(shown=mastery_rules.Displayed(89, "proficient"))
    assert not rules.can_help_with(shown=mastery_rules.NOT_STARTED)


def test_a_request_asked_of_one_classmate_is_theirs_alone():
    assert rules.may_answer(asked_helper_id=None, helper_id=7)
    assert rules.may_answer(asked_helper_id=7, helper_id=7)
    assert not rules.may_answer(asked_helper_id=8, helper_id=7)
