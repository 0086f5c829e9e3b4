"""Parametrised questions: draw a variant, render it in a language, grade an answer.

A template is a numeric question with an `answer_formula` and `params`
(`{"vars": {name: {min, max, step} | {choices: [...]}}, "let": {name: formula},
"where": formula}`; see docs/content-format.md). A variant is a seed: the same question and
seed always give the same values, in every process, so only the seed is stored (on the
serve and on the attempt) and the answer key never has to leave the server.

Formulas run in a restricted `simpleeval` evaluator over Decimals: numbers, + - * / ** %,
comparisons, and/or/not, and the documented functions (angles in degrees). Names, attributes,
subscripts, strings and every other construct are refused. Values are kept exact to PLACES
decimal places, which also removes float noise from the trigonometric functions.

No ORM here: a question is read through its attributes (`pk`, `kind`, `answer_formula`,
`params`, `numeric_answer`, `tolerance`, and the translated text fields).
"""

import ast
import hashlib
import keyword
import math
import random
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Decimal,
    DecimalException,
    InvalidOperation,
    localcontext,
)
from functools import lru_cache

import simpleeval
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from project.i18n import all_languages

from . import rules

FIXED = 0  # the variant of a question without parameters
MAX_SEED = 2**31 - 1  # fits the PositiveIntegerField of serves and attempts
PLACES = 10  # values are exact to this many decimal places
MAX_MAGNITUDE = Decimal(10) ** 12  # no value or answer beyond this: nobody types it
MAX_EXPONENT = 100
MAX_ROUND_PLACES = 10
MAX_FORMULA_CHARS = 300
MAX_CHOICES = 1000
# Draws tried to meet `where` for one variant; a template must meet it on every seed tried
# when it is saved, so a student never waits on an unlucky draw.
MAX_DRAWS = 200
VALIDATION_SEEDS = 40
# A student types at most this many decimals: a template's answers must be reachable so.
MAX_TYPED_DECIMALS = 4
TEXT_FIELDS = ("prompt", "hint", "explanation")
ANSWER = "answer"
DECIMAL_COMMA = frozenset({"fr", "ar"})
MINUS = "\u2212"
# Arabic runs right to left: a negative number is isolated left to right so its minus sign
# stays in front of the digits.
LRI, PDI = "\u2066", "\u2069"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_QUANTUM = Decimal(1).scaleb(-PLACES)


class FormulaError(ValueError):
    """A formula that cannot be evaluated (refused construct, unknown name, bad value)."""


class TemplateError(ValueError):
    """A template that cannot produce a variant (e.g. `where` never met)."""


def languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def language(lang: str | None = None) -> str:
    code = (lang or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in languages() else settings.LANGUAGE_CODE


# --- numbers ----------------------------------------------------------------------------------


def _clean(value) -> Decimal:
    """A formula's result as a stored value: a finite Decimal, exact to PLACES places."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise FormulaError(_("A formula must give a number."))
    value = Decimal(value)
    if not value.is_finite() or abs(value) > MAX_MAGNITUDE:
        raise FormulaError(_("A formula gave a number too large to use."))
    with localcontext(prec=40):
        value = value.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))  # 60, not 6E+1
    return value.normalize()


def _number(raw) -> Decimal:
    """A number given in the parameters (int, float or text, as YAML or JSON gave it)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise FormulaError(_("“%(value)s” is not a number.") % {"value": raw})
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise FormulaError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    return _clean(value)


def format_number(value: Decimal, lang: str | None = None) -> str:
    """A number as a reader of `lang` writes it: decimal comma in French and Arabic, a true
    minus sign, no thousands separator, no trailing zeros."""
    lang = language(lang)
    value = Decimal(value)
    text = f"{abs(value).normalize():f}"
    if lang in DECIMAL_COMMA:
        text = text.replace(".", ",")
    if value < 0:
        text = MINUS + text
        if lang == "ar":
            text = LRI + text + PDI
    return text


# --- the evaluator ----------------------------------------------------------------------------


def _integer(value: Decimal) -> int:
    if value != value.to_integral_value():
        raise FormulaError(_("gcd takes whole numbers."))
    return int(value)


def _from_float(value: float) -> Decimal:
    return _clean(Decimal(repr(value)))


def _round(value: Decimal, places: Decimal = Decimal(0)) -> Decimal:
    places = _integer(places)
    if not 0 <= places <= MAX_ROUND_PLACES:
        raise FormulaError(_("round keeps between 0 and 10 decimal places."))
    # Rounded as in class: halves go up, away from zero.
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sqrt(value: Decimal) -> Decimal:
    if value < 0:
        raise FormulaError(_("sqrt of a negative number."))
    return value.sqrt()


def _log(value: Decimal, base: Decimal | None = None) -> Decimal:
    if value <= 0 or (base is not None and (base <= 0 or base == 1)):
        raise FormulaError(_("log of a number that is not positive."))
    return value.ln() if base is None else value.ln() / base.ln()


def _exp(value: Decimal) -> Decimal:
    if value > 40:
        raise FormulaError(_("A formula gave a number too large to use."))
    return value.exp()


def _degrees(function: Callable[[float], float]) -> Callable[[Decimal], Decimal]:
    def trig(angle: Decimal) -> Decimal:
        return _from_float(function(math.radians(float(angle))))

    return trig


def _inverse(function: Callable[[float], float]) -> Callable[[Decimal], Decimal]:
    def trig(value: Decimal) -> Decimal:
        try:
            return _from_float(math.degrees(function(float(value))))
        except ValueError:
            raise FormulaError(_("asin and acos take a number between -1 and 1.")) from None

    return trig


def _power(base: Decimal, exponent: Decimal) -> Decimal:
    if abs(exponent) > MAX_EXPONENT or abs(base) > MAX_MAGNITUDE:
        raise FormulaError(_("A formula gave a number too large to use."))
    return base**exponent


FUNCTIONS: dict[str, Callable] = {
    "abs": abs,
    "round": _round,
    "min": min,
    "max": max,
    "sqrt": _sqrt,
    "floor": lambda x: x.to_integral_value(rounding=ROUND_FLOOR),
    "ceil": lambda x: x.to_integral_value(rounding=ROUND_CEILING),
    "gcd": lambda *xs: Decimal(math.gcd(*(_integer(x) for x in xs))),
    "sin": _degrees(math.sin),
    "cos": _degrees(math.cos),
    "tan": _degrees(math.tan),
    "asin": _inverse(math.asin),
    "acos": _inverse(math.acos),
    "atan": _inverse(math.atan),
    "log": _log,
    "exp": _exp,
}
CONSTANTS = {"pi": Decimal(repr(math.pi))}
RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | {ANSWER}
OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: _power,
    ast.Mod: lambda a, b: a % b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Gt: lambda a, b: a > b,
    ast.Lt: lambda a, b: a < b,
    ast.GtE: lambda a, b: a >= b,
    ast.LtE: lambda a, b: a <= b,
    ast.USub: lambda a: -a,
    ast.UAdd: lambda a: +a,
    ast.Not: lambda a: not a,
}
_ALLOWED_NODES = (
    ast.Expression,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.UnaryOp,
    ast.BinOp,
    ast.BoolOp,
    ast.Compare,
    ast.Call,
    ast.And,
    ast.Or,
    *OPERATORS,
)


class _Evaluator(simpleeval.SimpleEval):
    """simpleeval with every construct but arithmetic on numbers taken away."""

    def __init__(self, names: Mapping[str, Decimal]):
        super().__init__(operators=OPERATORS, functions=FUNCTIONS, names={**CONSTANTS, **names})
        keep = (ast.Name, ast.UnaryOp, ast.BinOp, ast.BoolOp, ast.Compare)
        self.nodes = {node: handler for node, handler in self.nodes.items() if node in keep}
        self.nodes[ast.Constant] = self._eval_number
        self.nodes[ast.Call] = self._eval_function

    def _eval_number(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise simpleeval.FeatureNotAvailable("only numbers")
        return Decimal(repr(node.value))

    def _eval_name(self, node):
        if node.id in self.names:
            return self.names[node.id]
        raise simpleeval.NameNotDefined(node.id, self.expr)

    def _eval_function(self, node):
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise simpleeval.FeatureNotAvailable("only plain function calls")
        return self._eval_call(node)


@lru_cache(maxsize=2048)
def _parse(formula: str) -> ast.expr:
    """One expression, checked construct by construct before anything runs."""
    text = str(formula).strip()
    if not text or len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(_("A formula must have between 1 and 300 characters."))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise FormulaError(_("“%(formula)s” is not a formula.") % {"formula": text}) from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(
                _("“%(formula)s” uses something formulas may not use.") % {"formula": text}
            )
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords
        ):
            raise FormulaError(
                _("“%(formula)s” calls a function that is not available.") % {"formula": text}
            )
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            raise FormulaError(_("“%(formula)s” may only use numbers.") % {"formula": text})
    return tree.body


def names_in(formula: str) -> set[str]:
    """The parameter names a formula reads (function names excluded)."""
    tree = _parse(formula)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called} - set(
        CONSTANTS
    )


def evaluate(formula: str, names: Mapping[str, Decimal]) -> Decimal | bool:
    """Evaluate a formula over named Decimal values; FormulaError on anything refused."""
    tree = _parse(formula)
    evaluator = _Evaluator(names)
    evaluator.expr = formula
    try:
        with localcontext(prec=28):
            result = evaluator._eval(tree)
    except FormulaError:
        raise
    except simpleeval.NameNotDefined as error:
        raise FormulaError(
            _("“%(name)s” is not a parameter of this question.") % {"name": error.name}
        ) from None
    except (simpleeval.InvalidExpression, DecimalException, ArithmeticError, TypeError) as error:
        raise FormulaError(
            _("“%(formula)s” cannot be worked out here (%(reason)s).")
            % {"formula": formula, "reason": type(error).__name__}
        ) from None
    return result if isinstance(result, bool) else _clean(result)


# --- drawing a variant ------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One variant of a question: its seed, its values and its answer (None for a choice
    question). The answer stays on the server until the student has answered."""

    seed: int
    values: Mapping[str, Decimal] = field(default_factory=dict)
    answer: Decimal | None = None


def is_template(question) -> bool:
    return bool(getattr(question, "answer_formula", ""))


def fresh_seed() -> int:
    """A new variant for a practice serve: unpredictable, never FIXED."""
    return secrets.randbelow(MAX_SEED) + 1


def shared_seed(*parts) -> int:
    """The same variant for everyone sharing a moment (a match and question, a group round):
    derived from what they share, stable across processes."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") % MAX_SEED + 1


def variant_seed(question, *parts) -> int:
    """`shared_seed` for a template; FIXED for a question without parameters."""
    return shared_seed(*parts) if is_template(question) else FIXED


def _spec(params) -> tuple[dict, dict, str]:
    params = params or {}
    if not isinstance(params, Mapping):
        raise TemplateError(_("Parameters must be a mapping of vars, let and where."))
    unknown = set(params) - {"vars", "let", "where"}
    if unknown:
        raise TemplateError(
            _("Unknown parameter keys: %(keys)s (use vars, let and where).")
            % {"keys": ", ".join(sorted(map(str, unknown)))}
        )
    variables, lets = params.get("vars") or {}, params.get("let") or {}
    if not isinstance(variables, Mapping) or not isinstance(lets, Mapping):
        raise TemplateError(_("vars and let must each map names to values."))
    return dict(variables), dict(lets), str(params.get("where") or "")


def _draw_var(name: str, spec, rng: random.Random) -> Decimal:
    if isinstance(spec, Mapping) and "choices" in spec and set(spec) == {"choices"}:
        choices = spec["choices"]
        if not isinstance(choices, list) or not 0 < len(choices) <= MAX_CHOICES:
            raise TemplateError(
                _("%(name)s: choices must be a list of 1 to 1000 numbers.") % {"name": name}
            )
        return _number(rng.choice(choices))
    if not isinstance(spec, Mapping) or not {"min", "max"} <= set(spec) <= {"min", "max", "step"}:
        raise TemplateError(
            _("%(name)s: give either min and max (and optionally step) or choices.")
            % {"name": name}
        )
    low, high = _number(spec["min"]), _number(spec["max"])
    step = _number(spec.get("step", 1))
    if step <= 0 or high < low:
        raise TemplateError(
            _("%(name)s: min must not exceed max, and step must be positive.") % {"name": name}
        )
    count = int((high - low) / step) + 1
    return _clean(low + step * rng.randrange(count))


def _let_order(lets: Mapping[str, str]) -> list[str]:
    """Derived values in dependency order (JSON objects do not keep their order in
    PostgreSQL, so the order written is not relied on)."""
    needs = {name: names_in(formula) & set(lets) for name, formula in lets.items()}
    order: list[str] = []
    while needs:
        ready = sorted(name for name, deps in needs.items() if deps <= set(order))
        if not ready:
            raise TemplateError(
                _("The derived values %(names)s depend on each other in a loop.")
                % {"names": ", ".join(sorted(needs))}
            )
        order.extend(ready)
        for name in ready:
            del needs[name]
    return order


def _attempt(question, variables, lets, order, where, rng) -> tuple[dict, Decimal] | None:
    """One draw: the values and the answer, or None if `where` rejects it or it cannot be
    worked out (a division by zero, say) — the next draw is tried."""
    values = {name: _draw_var(name, variables[name], rng) for name in sorted(variables)}
    try:
        for name in order:
            values[name] = _clean(evaluate(lets[name], values))
        if where and not evaluate(where, values):
            return None
        return values, _clean(evaluate(question.answer_formula, values))
    except FormulaError:
        return None


def draw(question, seed: int) -> Variant:
    """The variant `seed` of a question: the same values for the same question and seed."""
    if not is_template(question):
        return Variant(FIXED, {}, _fixed_answer(question))
    variables, lets, where = _spec(question.params)
    order = _let_order(lets)
    # random.Random seeded with text hashes it with SHA-512: the same stream in every
    # process. Not for secrecy: the seed itself is the secret, drawn with `secrets`.
    rng = random.Random(f"{question.pk}:{seed}")  # noqa: S311
    for _draw in range(MAX_DRAWS):
        found = _attempt(question, variables, lets, order, where, rng)
        if found is not None:
            values, answer = found
            return Variant(seed, values, answer)
    raise TemplateError(
        ngettext(
            "No draw of the parameters met the condition (or gave an answer) in %(n)s try.",
            "No draw of the parameters met the condition (or gave an answer) in %(n)s tries.",
            MAX_DRAWS,
        )
        % {"n": MAX_DRAWS}
    )


def _fixed_answer(question) -> Decimal | None:
    if getattr(question, "kind", None) != "numeric" or question.numeric_answer is None:
        return None
    return Decimal(question.numeric_answer)


# --- rendering --------------------------------------------------------------------------------


def fill(text: str, variant: Variant, lang: str | None = None) -> str:
    """Replace {name} and {answer} placeholders with the variant's numbers, written for
    `lang`. Unknown placeholders are left as they are (validation reports them)."""
    if variant.seed == FIXED and not variant.values:
        return text
    values = dict(variant.values)
    if variant.answer is not None:
        values[ANSWER] = variant.answer

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return format_number(values[name], lang) if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")


@dataclass(frozen=True)
class Texts:
    """What a student reads of one variant. The explanation may name the answer: show it
    only after the student answered."""

    prompt: str
    hint: str
    explanation: str


def text(question, name: str, variant: Variant, lang: str | None = None) -> str:
    """One text field in one language (a fixed question's stored text unchanged)."""
    lang = language(lang)
    stored = all_languages(question, name)[lang]
    return fill(stored, variant, lang) if is_template(question) else stored


def texts(question, variant: Variant, lang: str | None = None) -> Texts:
    """The question's texts in one language."""
    return Texts(*(text(question, name, variant, lang) for name in TEXT_FIELDS))


def text_all(question, name: str, variant: Variant) -> dict[str, str]:
    """One text field in every language at once, for live payloads: {"en", "fr", "ar"}."""
    stored = all_languages(question, name)
    if not is_template(question):
        return stored
    return {lang: fill(text, variant, lang) for lang, text in stored.items()}


def answer_text(question, variant: Variant, lang: str | None = None) -> str:
    """The expected numeric answer as written in `lang` ("" for a choice question)."""
    return "" if variant.answer is None else format_number(variant.answer, lang)


def answer_all(question, variant: Variant) -> dict[str, str]:
    return {lang: answer_text(question, variant, lang) for lang in languages()}


def blank_all() -> dict[str, str]:
    return dict.fromkeys(languages(), "")


# --- grading ----------------------------------------------------------------------------------


def grade(question, variant: Variant, answer: str) -> bool | None:
    """Whether a typed answer matches the variant's answer within the question's tolerance;
    None when the text is not a number."""
    value = rules.parse_number(answer)
    if value is None:
        return None
    if variant.answer is None:
        return False
    return rules.numeric_correct(value, variant.answer, Decimal(question.tolerance or 0))


# --- validation -------------------------------------------------------------------------------


def _placeholder_errors(question, known: set[str]) -> list[str]:
    errors = []
    for name in TEXT_FIELDS:
        for lang, text in all_languages(question, name).items():
            for placeholder in sorted(set(PLACEHOLDER.findall(text or ""))):
                if placeholder == ANSWER and name != "explanation":
                    errors.append(
                        _("The %(field)s (%(lang)s) shows {answer}: only the explanation may.")
                        % {"field": name, "lang": lang}
                    )
                elif placeholder != ANSWER and placeholder not in known:
                    errors.append(
                        _("The %(field)s (%(lang)s) uses {%(name)s}, which is not a parameter.")
                        % {"field": name, "lang": lang, "name": placeholder}
                    )
    return errors


def _structure_errors(question) -> list[str]:
    """Everything that can be checked without drawing: names, formulas, dependencies."""
    variables, lets, where = _spec(question.params)
    errors = []
    if question.kind != "numeric":
        errors.append(_("Only a numeric question can have an answer formula."))
    if not variables:
        errors.append(_("A template needs at least one parameter under vars."))
    for name in [*variables, *lets]:
        if not str(name).isidentifier() or keyword.iskeyword(name) or str(name).startswith("_"):
            errors.append(_("“%(name)s” cannot be a parameter name.") % {"name": name})
        elif name in RESERVED:
            errors.append(_("“%(name)s” is reserved (a function, pi or answer).") % {"name": name})
    both = set(variables) & set(lets)
    if both:
        errors.append(
            _("%(names)s cannot be both a var and a let.") % {"names": ", ".join(sorted(both))}
        )
    for name, spec in variables.items():
        try:
            _draw_var(name, spec, random.Random(0))  # noqa: S311  (a shape check only)
        except (TemplateError, FormulaError) as error:
            errors.append(str(error))
    known = set(variables) | set(lets)
    formulas = {"answer": question.answer_formula, **{f"let {k}": v for k, v in lets.items()}}
    if where:
        formulas["where"] = where
    for label, formula in formulas.items():
        try:
            missing = names_in(formula) - known
        except FormulaError as error:
            errors.append(f"{label}: {error}")
            continue
        if missing:
            errors.append(
                _("%(label)s: %(names)s is not a parameter.")
                % {"label": label, "names": ", ".join(sorted(missing))}
            )
    errors.extend(_placeholder_errors(question, known))
    if not errors:
        _let_order(lets)
    return errors


def _reachable(answer: Decimal, tolerance: Decimal) -> bool:
    typed = answer.quantize(Decimal(1).scaleb(-MAX_TYPED_DECIMALS), rounding=ROUND_HALF_UP)
    return abs(answer - typed) <= tolerance


def validate(question) -> None:
    """Refuse a template that could ever fail a student: formulas that do not parse or name
    unknown values, placeholders that are not parameters, a `where` that is not met within
    MAX_DRAWS draws, or an answer nobody could type to the stated tolerance. A question
    without a formula only must not carry parameters."""
    if not is_template(question):
        if question.params:
            raise ValidationError(_("Parameters need an answer formula."), code="params")
        return
    try:
        errors = _structure_errors(question)
    except (TemplateError, FormulaError) as error:
        errors = [str(error)]
    if errors:
        raise ValidationError(errors, code="template")
    tolerance = Decimal(question.tolerance or 0)
    for seed in range(1, VALIDATION_SEEDS + 1):
        try:
            variant = draw(question, seed)
        except (TemplateError, FormulaError) as error:
            raise ValidationError(str(error), code="template") from None
        if not _reachable(variant.answer, tolerance):
            shown = ", ".join(f"{k} = {format_number(v, 'en')}" for k, v in variant.values.items())
            raise ValidationError(
                _(
                    "For %(values)s the answer is %(answer)s, which cannot be typed with "
                    "%(places)s decimals: round it in the formula or give a tolerance."
                ),
                params={
                    "values": shown,
                    "answer": format_number(variant.answer, "en"),
                    "places": MAX_TYPED_DECIMALS,
                },
                code="unreachable",
            )
