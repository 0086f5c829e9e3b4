from hypothesis import given
from hypothesis import strategies as st

from reflections import rules


def test_clean_text_unifies_line_endings_and_trims():
    assert rules.clean_text("  one\r\ntwo\rthree\x00  ") == "one\ntwo\nthree"
    assert rules.clean_text(None) == ""
    assert rules.clean_text("   \n\t ") == ""


@given(st.text())
def test_clean_text_is_idempotent_and_never_longer(text):
    once = rules.clean_text(text)
    assert rules.clean_text(once) == once
    assert len(once) <= len(text)


def test_has_text_needs_one_non_blank_value():
    assert not rules.has_text("", None, "  \n ")
    assert rules.has_text("", "a")


def test_confidence_change():
    assert rules.confidence_change(2, 5) == 3
    assert rules.confidence_change(4, 3) == -1
    assert rules.confidence_change(None, 3) is None
    assert rules.confidence_change(3, None) is None


def test_encouragement_limits():
    per_student, per_teacher = rules.ENCOURAGEMENTS_PER_STUDENT, rules.ENCOURAGEMENTS_PER_TEACHER
    assert rules.encouragement_refusal(sent_to_student=0, sent_by_teacher=0) is None
    assert (
        rules.encouragement_refusal(
            sent_to_student=per_student - 1, sent_by_teacher=per_teacher - 1
        )
        is None
    )
    assert rules.encouragement_refusal(sent_to_student=per_student, sent_by_teacher=0) == "student"
    assert rules.encouragement_refusal(sent_to_student=0, sent_by_teacher=per_teacher) == "teacher"


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_encouragement_refusal_is_monotonic(to_student, by_teacher):
    """Once refused, sending more never makes it allowed again."""
    if rules.encouragement_refusal(sent_to_student=to_student, sent_by_teacher=by_teacher):
        assert rules.encouragement_refusal(
            sent_to_student=to_student + 1, sent_by_teacher=by_teacher + 1
        )
