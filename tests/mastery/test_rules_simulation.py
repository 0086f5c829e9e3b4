"""The 1,000-student simulation (bench/mastery_simulation.py) in small: 200 students per bank
must still meet the goals, and no right answer may lower anything."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "mastery_simulation.py"


@pytest.fixture(scope="module")
def simulation():
    spec = importlib.util.spec_from_file_location("mastery_simulation", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_hundred_students_per_bank_meet_the_goals(simulation):
    reports = simulation.scenarios(200, seed=2026)
    assert simulation.goals_missed(reports) == []
    fresh, repeated, stress = reports
    for report in reports:
        assert report.right_answers > 4000 and report.broken_promises == 0
        fast, _, struggling = (report.median_answers(g)[0] for g in simulation.GROUPS)
        # Two days are needed: never before the second sitting's first answer.
        assert simulation.ANSWERS_PER_SITTING < fast <= struggling
    # Repeats are weaker evidence: fewer students get labelled than with fresh items.
    assert repeated.labelled < fresh.labelled


def test_the_goals_are_checked(simulation):
    """The check itself can fail: a model that calls everyone mastered misses precision."""
    report = simulation.Report("everyone labelled")
    report.outcomes = [
        simulation.Outcome(
            "fast", knows=i % 2 == 0, labelled=True, answers_to_label=7, knew_when_labelled=True
        )
        for i in range(10)
    ]
    assert any("precision" in m for m in simulation.goals_missed([report, report]))
