from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from leaderboards import rules

KEY = rules.alias_key("a test secret")


def order(*keys: int) -> dict[int, bytes]:
    return {k: rules.alias_digest(KEY, "board", k) for k in keys}


def test_percentile_counts_only_strictly_lower_results():
    assert rules.standing(5, [1, 2, 3, 4]) == rules.Standing(5, 5, 100, "first")
    assert rules.standing(4, [1, 2, 3, 5]).percentile == 75
    # Ties are not "beaten": two of the four others are lower, one is equal.
    assert rules.standing(3, [1, 2, 3, 7]).percentile == 50
    # 1 of 3 others lower: 33.3% rounds down, never up.
    assert rules.standing(3, [1, 9, 9]).percentile == 33


def test_bands_are_kind_and_ties_count_in_the_viewers_favour():
    assert rules.standing(4, [1, 2, 3, 5]).band == "half"  # 2nd of 5
    assert rules.standing(9, [1, 2, 3, 4, 5, 6, 7, 10]).band == "quarter"  # 2nd of 9
    assert rules.standing(3, [1, 2, 4, 5]).band is None  # 3rd of 5: no band, no shame
    assert rules.standing(2, [2, 2, 2, 2]).band == "first"  # jointly first
    assert rules.standing(0, [0, 0, 0, 0]).band is None  # nothing yet: no ranking talk


def test_a_low_percentile_or_a_result_of_zero_is_never_announced():
    assert not rules.standing(1, [1, 2, 3, 4]).show_percentile  # 0%
    assert not rules.standing(2, [1, *[5] * 9]).show_percentile  # 10%: reads as a verdict
    assert not rules.standing(0, [-3, -2, -1, -1]).show_percentile  # better than losses: no
    assert rules.standing(2, [1, 3, 3, 3]).show_percentile  # 25%
    assert rules.standing(5, [1, 2, 3, 4]).show_percentile


def test_ranking_shares_ranks_on_ties_and_orders_them_by_alias_digest():
    scores = {1: 5, 2: 3, 3: 5, 4: 0, 5: 3}
    digests = order(*scores)
    places = rules.ranking(scores, digests)
    assert [(p.rank, p.score) for p in places] == [(1, 5), (1, 5), (3, 3), (3, 3), (5, 0)]
    tied_first = [p.key for p in places[:2]]
    assert tied_first == sorted([1, 3], key=lambda k: digests[k])


def test_top_lists_at_most_n_never_a_zero_and_counts_the_tied_left_out():
    scores = {1: 9, 2: 7, 3: 7, 4: 7, 5: 7, 6: 7, 7: 0, 8: -2}
    shown, more = rules.top(rules.ranking(scores, order(*scores)), n=3)
    assert [(p.rank, p.score) for p in shown] == [(1, 9), (2, 7), (2, 7)]
    assert more == 3  # three more share 7
    shown, more = rules.top(rules.ranking({1: 0, 2: 0, 3: -1}, order(1, 2, 3)))
    assert (shown, more) == ([], 0)
    shown, more = rules.top(rules.ranking({1: 4, 2: 0, 3: 2}, order(1, 2, 3)))
    assert [p.key for p in shown] == [1, 3] and more == 0


def test_aliases_are_stable_per_board_and_differ_between_boards():
    a = rules.aliases(
        {k: rules.alias_digest(KEY, "1:all:improvement:weekly", k) for k in range(30)}
    )
    again = rules.aliases(
        {k: rules.alias_digest(KEY, "1:all:improvement:weekly", k) for k in range(30)}
    )
    other = rules.aliases(
        {k: rules.alias_digest(KEY, "1:all:consistency:weekly", k) for k in range(30)}
    )
    assert a == again
    assert sum(a[k] == other[k] for k in range(30)) < 3
    assert len(set(a.values())) == 30
    # Another secret, other aliases: without the secret they cannot be computed.
    key2 = rules.alias_key("another secret")
    b = rules.aliases(
        {k: rules.alias_digest(key2, "1:all:improvement:weekly", k) for k in range(30)}
    )
    assert sum(a[k] == b[k] for k in range(30)) < 3


def test_a_clash_on_a_number_gives_each_a_letter():
    same = b"\x00" * 8
    digests = {7: same + b"\x02", 8: same + b"\x01", 9: b"\x00" * 7 + b"\x05" + b"\x00"}
    assert rules.aliases(digests) == {8: "1A", 7: "1B", 9: "6"}


def test_board_key_names_the_board_not_the_week():
    key = rules.board_key(class_id=3, subject_id=None, metric="consistency", period="weekly")
    assert key == "3:all:consistency:weekly"
    assert rules.board_key(class_id=3, subject_id=8, metric="consistency", period="monthly") == (
        "3:8:consistency:monthly"
    )


def test_periods_are_rolling_windows():
    now = datetime(2026, 3, 9, 8, 0)  # noqa: DTZ001 - pure arithmetic
    assert rules.period_start(now, "weekly") == now - timedelta(days=7)
    assert rules.period_start(now, "monthly") == now - timedelta(days=30)


def test_a_reflection_is_thoughtful_when_two_prompts_have_substance():
    five = "I learned to carry tens"
    assert rules.words(five) == 5
    assert rules.is_thoughtful([five, five, "", ""])
    assert not rules.is_thoughtful([five, "ok", "", ""])
    assert not rules.is_thoughtful([five * 40, "", "", ""])  # length alone is not substance
    assert not rules.is_thoughtful(["a b c d", "a b c d", "a b c d", "a b c d"])


def test_reflection_score_counts_at_most_two_a_day():
    good = ["one two three four five", "six seven eight nine ten", "", ""]
    thin = ["short", "", "", ""]
    day1, day2 = date(2026, 3, 2), date(2026, 3, 3)
    written = [(day1, good), (day1, good), (day1, good), (day1, thin), (day2, good), (day2, thin)]
    assert rules.reflection_score(written) == 3
    assert rules.reflection_score([]) == 0


def test_practice_days_counts_distinct_days_inside_the_window():
    today = date(2026, 3, 9)
    since = today - timedelta(days=7)
    days = [since, since + timedelta(days=1), today, today, today + timedelta(days=1)]
    assert rules.practice_days(days, since=since, today=today) == 2


@given(st.dictionaries(st.integers(0, 10_000), st.integers(-50, 100), min_size=1, max_size=60))
def test_ranking_properties(scores):
    digests = order(*scores)
    places = rules.ranking(scores, digests)
    assert [p.score for p in places] == sorted(scores.values(), reverse=True)
    for p in places:
        assert p.rank == 1 + sum(1 for s in scores.values() if s > p.score)
    shown, more = rules.top(places)
    assert len(shown) <= rules.TOP_N and all(p.score > 0 for p in shown)
    assert more >= 0
    names = rules.aliases(digests)
    assert len(set(names.values())) == len(scores)


@given(st.integers(-50, 100), st.lists(st.integers(-50, 100), min_size=1, max_size=60))
def test_standing_properties(score, others):
    s = rules.standing(score, others)
    assert 0 <= s.percentile <= 100
    assert s.participants == len(others) + 1
    if s.band is not None:
        assert score > 0
