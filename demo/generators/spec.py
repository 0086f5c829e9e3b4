"""Shapes of the demo content (trilingual text, questions, skills) and their small helpers."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from random import Random

LANGUAGES = ("en", "fr", "ar")


@dataclass(frozen=True)
class T:
    """One text in English, French and Arabic."""

    en: str
    fr: str
    ar: str

    def columns(self, name: str) -> dict[str, str]:
        # modeltranslation fills the plain column from `<name>_en` on save and bulk_create.
        return {f"{name}_{lang}": getattr(self, lang) for lang in LANGUAGES}


@dataclass(frozen=True)
class Fixed:
    """A number shown with a fixed count of decimals, e.g. 2.40 when lining up decimals."""

    value: Decimal
    places: int


def fmt(value, lang: str) -> str:
    """A number as a pupil would write it: decimal point in English, decimal comma otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, Fixed):
        text = f"{value.value:.{value.places}f}"
    elif isinstance(value, Fraction):
        text = str(value.numerator) if value.denominator == 1 else f"{value}"
    else:
        text = format(Decimal(str(value)).normalize(), "f")
    if text.startswith("-"):
        text = "−" + text[1:]
    return text if lang == "en" else text.replace(".", ",")


def tr(en: str, fr: str, ar: str, /, **values) -> T:
    """Fill `{name}` placeholders, formatting numbers the way each language writes them."""
    return T(
        *(
            text.format(**{k: fmt(v, lang) for k, v in values.items()})
            for text, lang in zip((en, fr, ar), LANGUAGES, strict=True)
        )
    )


def same(text: str) -> T:
    """A formula or number that reads the same in all three languages."""
    return T(text, text, text)


@dataclass(frozen=True)
class QuestionSpec:
    prompt: T
    hint: T
    explanation: T
    # Multiple choice: the first choice is the correct one; they are shuffled when built.
    choices: tuple[T, ...] = ()
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    # Wrong numeric answers a pupil plausibly gives; the simulation draws from them.
    mistakes: tuple[Decimal, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


def D(value) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(str(value))


def tidy(value) -> Decimal:
    """A plain decimal with at most four places, as the answer column stores it."""
    value = D(value)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    if value.as_tuple().exponent < -4:
        value = value.quantize(Decimal("0.01"))
    return value.normalize()


def numeric(prompt: T, hint: T, explanation: T, answer, mistakes=(), tolerance=0) -> QuestionSpec:
    answer, tolerance = tidy(answer), tidy(tolerance)
    if answer.as_tuple().exponent < -4 or abs(answer) >= 10**10:
        raise ValueError(f"Answer {answer} does not fit the answer column: {prompt.en!r}")
    wrong: list[Decimal] = []
    for value in map(tidy, mistakes):
        if abs(value - answer) > tolerance and value not in wrong:
            wrong.append(value)
    if not wrong:
        wrong.append(answer + max(1, tolerance * 10))
    return QuestionSpec(
        prompt, hint, explanation, answer=answer, tolerance=tolerance, mistakes=tuple(wrong)
    )


def choice(prompt: T, hint: T, explanation: T, correct: T, wrong) -> QuestionSpec:
    """A multiple-choice question; distractors equal to the answer or each other are dropped."""
    options = [correct]
    for option in wrong:
        if option.en not in {o.en for o in options}:
            options.append(option)
    if len(options) < 3:
        raise ValueError(f"Too few distinct choices for {prompt.en!r}")
    return QuestionSpec(prompt, hint, explanation, choices=tuple(options[:4]))


def num_choices(values, correct) -> tuple[T, list[T]]:
    """Numbers as choices: the correct one and up to three distinct distractors."""
    seen, wrong = {correct}, []
    for value in values:
        if value not in seen:
            seen.add(value)
            wrong.append(tr("{v}", "{v}", "{v}", v=value))
    return tr("{v}", "{v}", "{v}", v=correct), wrong[:3]


Template = Callable[[Random, int], QuestionSpec]


@dataclass(frozen=True)
class SkillSpec:
    code: str
    name: T
    description: T
    tier: int
    position: int
    prerequisites: tuple[str, ...] = ()
    # Generated questions, called with (rng, level) where level is the exercise's index.
    templates: tuple[Template, ...] = ()
    # Hand-written conceptual questions, used in order, one or two per exercise.
    conceptual: tuple[QuestionSpec, ...] = ()
    p_init: float = 0.15


@dataclass(frozen=True)
class SubjectSpec:
    code: str
    name: T
    skills: tuple[SkillSpec, ...]
    exercises_per_skill: int = 5


def concept(prompt: T, hint: T, explanation: T, correct: T, *wrong: T) -> QuestionSpec:
    """A hand-written multiple-choice question: the correct answer first, then distractors."""
    return choice(prompt, hint, explanation, correct, wrong)
