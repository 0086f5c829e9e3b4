from datetime import UTC, datetime, timedelta

from challenges import rules
from challenges.rules import Result

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_speed_counts_correct_answers_then_total_time():
    fast_but_wrong = Result(1, correct=1, total=3, total_ms=3000)
    slow_but_right = Result(2, correct=2, total=3, total_ms=30000)
    assert rules.winner("speed", [fast_but_wrong, slow_but_right]) == 2
    quicker = Result(1, correct=2, total=3, total_ms=9000)
    assert rules.winner("speed", [quicker, slow_but_right]) == 1
    same = Result(1, correct=2, total=3, total_ms=30000)
    assert rules.winner("speed", [same, slow_but_right]) is None


def test_accuracy_is_the_score_whatever_the_time():
    a = Result(1, correct=3, total=4, total_ms=60000)
    b = Result(2, correct=2, total=4, total_ms=1000)
    assert (a.score, b.score) == (75, 50)
    assert rules.winner("accuracy", [a, b]) == 1
    assert rules.winner("accuracy", [a, Result(2, 3, 4, 10)]) is None


def test_improvement_is_the_gain_against_the_own_previous_result():
    expert = Result(1, correct=4, total=4, total_ms=1, baseline=100)  # gain 0
    learner = Result(2, correct=3, total=4, total_ms=1, baseline=25)  # gain 50
    assert (expert.gain, learner.gain) == (0, 50)
    assert rules.winner("improvement", [expert, learner]) == 2
    newcomer = Result(2, correct=0, total=4, total_ms=1, baseline=None)
    assert newcomer.gain == 0
    assert rules.winner("improvement", [expert, newcomer]) is None


def test_a_forfeit_loses_to_whoever_stayed():
    stayed = Result(1, correct=0, total=3, total_ms=0)
    left = Result(2, correct=3, total=3, total_ms=0, forfeit=True)
    assert rules.winner("accuracy", [stayed, left]) == 1
    assert rules.outcome(player_id=2, winner_id=1, forfeit=True) == "forfeit"
    assert rules.outcome(player_id=1, winner_id=1, forfeit=False) == "won"
    assert rules.outcome(player_id=1, winner_id=None, forfeit=False) == "tie"


def test_clocks_and_deadlines():
    assert rules.expires_at(T0) == T0 + timedelta(hours=48)
    assert not rules.is_expired(expires_at=rules.expires_at(T0), now=T0 + timedelta(hours=47))
    assert rules.is_expired(expires_at=rules.expires_at(T0), now=T0 + timedelta(hours=48))
    assert rules.starts_at(T0) == T0 + timedelta(seconds=rules.COUNTDOWN_SECONDS)
    deadline = rules.question_deadline(T0, 20)
    assert rules.is_on_time(received_at=deadline, deadline=deadline)
    assert not rules.is_on_time(received_at=deadline + timedelta(microseconds=1), deadline=deadline)
    assert rules.elapsed_ms(T0, T0 + timedelta(seconds=1.5)) == 1500
    assert rules.elapsed_ms(T0, T0 - timedelta(seconds=1)) == 0
    assert not rules.has_left(last_seen_at=T0, now=T0 + rules.GRACE_PERIOD)
    assert rules.has_left(last_seen_at=T0, now=T0 + rules.GRACE_PERIOD + timedelta(seconds=1))
    assert rules.has_left(last_seen_at=None, now=T0)
