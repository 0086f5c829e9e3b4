"""Literature check: our BKT step is the standard one (Corbett & Anderson 1995) as pyBKT, the
reference implementation, computes it.

pyBKT's forward pass (`pyBKT.fit.predict_onestep`, what `pyBKT.models.Model.predict` runs)
gives, for each answer of a sequence, P(known) before that answer. With forgetting switched
off (pyBKT's `forgets` = 0; our answers all at one moment) and full-weight evidence (fresh
items, no hint), our chain of `bkt_update` must give the same numbers, to 1e-9, on a grid of
parameters and answer sequences. `apply_attempt` must give pyBKT's step too, except where
the textbook lifts the estimate after a wrong answer: there ours keeps it (our one stated
difference, docs/mastery.md).

pyBKT is imported from `pyBKT.fit`, not `pyBKT.models`: the latter imports scikit-learn's
metrics at import time and breaks with current scikit-learn; the forward pass does not.
"""

import itertools
import random
from datetime import UTC, datetime

import numpy as np
import pytest
from pyBKT.fit import predict_onestep

from mastery import rules

T0 = datetime(2026, 9, 1, 16, 0, tzinfo=UTC)
# pyBKT's backward pass (which we do not use) divides by zero on certain sequences.
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")

PRIORS = (0.01, 0.15, 0.5, 0.9)
LEARNS = (0.0, 0.05, 0.12, 0.3)
# Not 0: pyBKT replaces an emission probability of exactly 0 by 1 (a guard against log 0), so
# there it is not the textbook (a wrong answer with no slips would leave P(known) unchanged).
GUESSES = (0.01, 0.1, 0.2, 0.35)
SLIPS = (0.01, 0.05, 0.1, 0.25)
GRID = list(itertools.product(PRIORS, LEARNS, GUESSES, SLIPS))


def pybkt_known_before_each(params: rules.BktParams, answers: list[bool]) -> np.ndarray:
    model = {
        "learns": np.array([params.p_learn]),
        "forgets": np.array([0.0]),
        "guesses": np.array([params.p_guess]),
        "slips": np.array([params.p_slip]),
        "prior": params.p_init,
    }
    n = len(answers)
    data = {
        "data": np.array([[2 if a else 1 for a in answers]], dtype=np.int32),  # 2 right, 1 wrong
        "starts": np.array([1]),
        "lengths": np.array([n]),
        "resources": np.ones(n, dtype=np.int64),
    }
    _, states = predict_onestep.run(model, data, parallel=False)
    return states[1]


def tolerance(params: rules.BktParams) -> float:
    """1e-9. With guess or slip at 0.01 a surprising answer multiplies the odds by up to 99,
    and the two implementations' rounding (pyBKT carries P(unknown) apart, we compute 1 - p)
    is amplified to about 2e-9: there 1e-8."""
    return 1e-9 if min(params.p_guess, params.p_slip) >= 0.05 else 1e-8


def sequences(seed: int):
    rng = random.Random(seed)
    yield [True] * 12
    yield [False] * 12
    yield [rng.random() < 0.6 for _ in range(25)]


@pytest.mark.parametrize(("prior", "learn", "guess", "slip"), GRID)
def test_bkt_update_is_pybkts_forward_pass(prior, learn, guess, slip):
    params = rules.BktParams(prior, learn, guess, slip)
    for answers in sequences(hash((prior, learn, guess, slip)) & 0xFFFF):
        expected = pybkt_known_before_each(params, answers)
        p, ours = params.p_init, []
        for correct in answers:
            ours.append(p)
            p = rules.bkt_update(p, correct, params)
        assert np.allclose(ours, expected, rtol=0, atol=tolerance(params)), (answers, ours)


@pytest.mark.parametrize(("prior", "learn", "guess", "slip"), GRID)
def test_apply_attempt_without_forgetting_takes_pybkts_step(prior, learn, guess, slip):
    """Every step of the fold, from wherever the fold stands, is pyBKT's step from there
    (one answer from that prior), or the estimate kept where a wrong answer would lift it."""
    params = rules.BktParams(prior, learn, guess, slip)
    for answers in sequences(7):
        state = rules.ProgressState(p_known=params.p_init)
        for correct in answers:
            before = state.p_known
            state = rules.apply_attempt(
                state, correct=correct, evidence=rules.FRESH, at=T0, day=T0.date(), params=params
            )
            step = pybkt_known_before_each(
                rules.BktParams(before, learn, guess, slip), [correct, correct]
            )
            textbook = step[1]
            if correct or textbook <= before:
                assert state.p_known == pytest.approx(textbook, abs=tolerance(params))
            else:
                assert state.p_known == before
