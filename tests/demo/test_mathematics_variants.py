"""Every mathematics template, served by the real engine (mastery/variants.py): it passes the
engine's own validation, and 200 seeds give variants whose answer agrees with the formula read
as plain arithmetic (no Decimal-only surprise such as the sign of `%`), whose texts render in
the three languages without a leftover placeholder or a "+ −3", and that really vary."""

import math
import re
from decimal import Decimal

import pytest

from mastery import variants
from mastery.models import Question

from .test_mathematics_content import evaluate, load, templates_of

SEEDS = 200
SIGN_CLASH = re.compile(r"[+−×]\s*[\u2066]?−\d")
TEMPLATES = list(templates_of(load("mathematics.yaml")))


def as_question(index: int, question: dict) -> Question:
    fields = {
        f"{name}_{lang}": question[name][lang]
        for name in ("prompt", "hint", "explanation")
        for lang in ("en", "fr", "ar")
    }
    params = {"vars": question["vars"], "let": question.get("let") or {}}
    if question.get("where"):
        params["where"] = question["where"]
    return Question(
        pk=1000 + index,
        kind=Question.Kind.NUMERIC,
        params=params,
        answer_formula=question["answer"],
        tolerance=Decimal(str(question["tolerance"])),
        **fields,
    )


def plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@pytest.mark.parametrize(
    ("index", "question"),
    list(enumerate(q for _, _, q in TEMPLATES)),
    ids=[f"{skill['code']}-{n}" for n, (skill, _, _) in enumerate(TEMPLATES)],
)
def test_the_engine_serves_every_template(index, question):
    served = as_question(index, question)
    variants.validate(served)
    prompts = set()
    for seed in range(1, SEEDS + 1):
        variant = variants.draw(served, seed)
        # The same answer when the drawn vars are read as ordinary Python numbers.
        values = {name: plain(variant.values[name]) for name in question["vars"]}
        for name, formula in (question.get("let") or {}).items():
            values[name] = evaluate(formula, values)
        expected = evaluate(question["answer"], values)
        assert math.isclose(float(variant.answer), expected, abs_tol=1e-9), (seed, values)
        for lang in ("en", "fr", "ar"):
            texts = variants.texts(served, variant, lang)
            for text in (texts.prompt, texts.hint, texts.explanation):
                assert "{" not in text and "}" not in text, text
                assert not SIGN_CLASH.search(text), text
        prompts.add(variants.texts(served, variant, "en").prompt)
    assert len(prompts) >= 5
