"""The Tronc Commun mathematics content (demo/content/mathematics.yaml) is complete and sound.

Self-contained on purpose (PyYAML + simpleeval, no Django, no database): every text in three
languages, a prerequisite tree that exists and has no cycle, valid difficulties, one correct
choice per question, and every parametrised template drawn 200 times with a seeded generator
and evaluated with the same safe-formula vocabulary as docs/content-format.md.
"""

import ast
import math
import random
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import simpleeval
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content"
LANGUAGES = ("en", "fr", "ar")
DIFFICULTIES = ("beginner", "intermediate", "advanced", "expert")
DRAWS = 200
ARABIC = re.compile(r"[\u0600-\u06FF]")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _degrees(function):
    return lambda x: function(math.radians(x))


def _inverse_degrees(function):
    return lambda x: math.degrees(function(x))


def _round(value, places=0):
    """Rounded as in class (halves away from zero), as the serving engine does: Python's
    round(6.625, 2) gives 6.62."""
    quantum = Decimal(1).scaleb(-int(places))
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if places == 0 else float(rounded)


# The vocabulary of docs/content-format.md, nothing more: trigonometry in degrees.
FUNCTIONS = {
    "abs": abs,
    "round": _round,
    "min": min,
    "max": max,
    "sqrt": math.sqrt,
    "floor": math.floor,
    "ceil": math.ceil,
    "gcd": math.gcd,
    "sin": _degrees(math.sin),
    "cos": _degrees(math.cos),
    "tan": _degrees(math.tan),
    "asin": _inverse_degrees(math.asin),
    "acos": _inverse_degrees(math.acos),
    "atan": _inverse_degrees(math.atan),
    "log": math.log,
    "exp": math.exp,
}
CONSTANTS = {"pi": math.pi}
ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Pow,
    ast.Mod,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
)


# --- loading ---------------------------------------------------------------------------------


def load(name: str) -> dict:
    with (CONTENT / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def subject() -> dict:
    return load("mathematics.yaml")


@pytest.fixture(scope="module")
def groups() -> dict:
    return load("mathematics-groups.yaml")


def questions_of(subject: dict):
    for skill in subject["skills"]:
        for exercise in skill["exercises"]:
            for question in exercise["questions"]:
                yield skill, exercise, question


def templates_of(subject: dict):
    for skill, exercise, question in questions_of(subject):
        if is_template(question):
            yield skill, exercise, question


def is_template(question: dict) -> bool:
    return question["kind"] == "numeric" and isinstance(question.get("answer"), str)


def where(skill: dict, exercise: dict | None = None, question: dict | None = None) -> str:
    place = skill["code"]
    if exercise is not None:
        place += f" / {exercise['title']['en'] if isinstance(exercise['title'], dict) else ''}"
    if question is not None:
        prompt = question["prompt"]
        place += f" / {prompt['en'] if isinstance(prompt, dict) else prompt}"
    return place


# --- texts -----------------------------------------------------------------------------------


def text_problems(text, *, label: str, formula_ok: bool = False) -> list[str]:
    """A text is {en, fr, ar}, each non-empty; a plain string only for a formula or number."""
    if isinstance(text, str):
        if not formula_ok:
            return [f"{label}: a plain string where a trilingual text is needed: {text!r}"]
        if ARABIC.search(text) or re.search(r"[A-Za-z]{4,}", text):
            return [f"{label}: plain string {text!r} has words; give it in en, fr and ar"]
        return []
    if not isinstance(text, dict) or set(text) != set(LANGUAGES):
        return [f"{label}: needs exactly en, fr and ar: {text!r}"]
    problems = [
        f"{label}: empty {lang}"
        for lang in LANGUAGES
        if not isinstance(text[lang], str) or not text[lang].strip()
    ]
    if problems:
        return problems
    words = re.compile(r"[A-Za-z]{4,}")
    bare = {lang: PLACEHOLDER.sub("", text[lang]) for lang in LANGUAGES}
    if ARABIC.search(bare["en"] + bare["fr"]):
        problems.append(f"{label}: Arabic letters outside the ar text")
    if not ARABIC.search(bare["ar"]) and words.search(bare["ar"]):
        problems.append(f"{label}: the ar text is not in Arabic: {text['ar']!r}")
    if words.search(bare["en"]) and bare["en"] == bare["fr"]:
        problems.append(f"{label}: the fr text is the en text: {text['en']!r}")
    return problems


def every_text(subject: dict):
    """(label, text, formula_ok) for every text a student or teacher reads."""
    yield "subject name", subject["name"], False
    for skill in subject["skills"]:
        yield f"{skill['code']} name", skill["name"], False
        yield f"{skill['code']} description", skill["description"], False
        for exercise in skill["exercises"]:
            yield f"{skill['code']} exercise title", exercise["title"], False
            for question in exercise["questions"]:
                label = where(skill, exercise, question)
                for field in ("prompt", "hint", "explanation"):
                    yield f"{label} [{field}]", question[field], False
                for choice in question.get("choices", ()):
                    yield f"{label} [choice]", choice["text"], True


def test_every_text_is_given_in_english_french_and_arabic(subject):
    problems = [
        p
        for label, text, ok in every_text(subject)
        for p in text_problems(text, label=label, formula_ok=ok)
    ]
    assert not problems, "\n".join(problems)


def test_texts_fit_their_columns(subject):
    problems = []
    for skill in subject["skills"]:
        if not re.fullmatch(r"[a-z0-9-]{1,60}", skill["code"]):
            problems.append(f"skill code {skill['code']!r} is not a slug")
        for lang in LANGUAGES:
            if len(skill["name"][lang]) > 120:
                problems.append(f"{skill['code']}: name too long in {lang}")
        for exercise in skill["exercises"]:
            for lang in LANGUAGES:
                if len(exercise["title"][lang]) > 200:
                    problems.append(f"{skill['code']}: exercise title too long in {lang}")
    for skill, exercise, question in questions_of(subject):
        for choice in question.get("choices", ()):
            texts = [choice["text"]] if isinstance(choice["text"], str) else choice["text"].values()
            if any(len(text) > 300 for text in texts):
                problems.append(f"{where(skill, exercise, question)}: choice longer than 300")
        if is_template(question) and len(question["answer"]) > 300:
            problems.append(f"{where(skill, exercise, question)}: formula longer than 300")
    assert not problems, "\n".join(problems)


# --- the tree --------------------------------------------------------------------------------


def test_the_prerequisite_tree_exists_has_no_cycle_and_draws_top_down(subject):
    skills = {skill["code"]: skill for skill in subject["skills"]}
    assert len(skills) == len(subject["skills"]), "duplicate skill codes"
    assert subject["code"] == "MATH101"
    assert [s for s in skills.values() if not s["prerequisites"]], "no root skill"
    for code, skill in skills.items():
        for prerequisite in skill["prerequisites"]:
            assert prerequisite in skills, f"{code} needs unknown {prerequisite}"
            # A prerequisite sits on an earlier row, so the tree reads from top to bottom.
            assert skills[prerequisite]["tier"] < skill["tier"], f"{code} above {prerequisite}"
    state: dict[str, str] = {}

    def visit(code: str, path: tuple[str, ...]) -> None:
        if state.get(code) == "done":
            return
        assert state.get(code) != "open", f"cycle: {' -> '.join((*path, code))}"
        state[code] = "open"
        for prerequisite in skills[code]["prerequisites"]:
            visit(prerequisite, (*path, code))
        state[code] = "done"

    for code in skills:
        visit(code, ())
    places = Counter((skill["tier"], skill["position"]) for skill in skills.values())
    assert all(count == 1 for count in places.values()), f"two skills share a place: {places}"
    required = [s.get("required_mastery", 70) for s in skills.values()]
    assert all(0 < value <= 100 for value in required)
    for skill in skills.values():
        bkt = skill.get("bkt", {})
        assert set(bkt) <= {"p_init", "p_learn", "p_guess", "p_slip"}
        assert all(0 < value < 1 for value in bkt.values())


def test_every_skill_has_a_full_ladder_of_exercises(subject):
    problems = []
    for skill in subject["skills"]:
        levels = [exercise["difficulty"] for exercise in skill["exercises"]]
        if not set(levels) <= set(DIFFICULTIES):
            problems.append(f"{skill['code']}: unknown difficulty in {levels}")
        if not {"beginner", "intermediate", "advanced"} <= set(levels):
            problems.append(f"{skill['code']}: missing a level in {levels}")
        rank = {level: index for index, level in enumerate(DIFFICULTIES)}
        if levels != sorted(levels, key=lambda level: rank.get(level, -1)):
            problems.append(f"{skill['code']}: exercises not in rising difficulty: {levels}")
        if not 4 <= len(levels) <= 6:
            problems.append(f"{skill['code']}: {len(levels)} exercises")
        kinds = Counter()
        for exercise in skill["exercises"]:
            if not 4 <= len(exercise["questions"]) <= 6:
                problems.append(f"{where(skill, exercise)}: {len(exercise['questions'])} questions")
            for question in exercise["questions"]:
                kinds["template" if is_template(question) else question["kind"]] += 1
        if kinds["choice"] < 3 or kinds["template"] < 3:
            problems.append(f"{skill['code']}: too one-sided a mix {dict(kinds)}")
    assert not problems, "\n".join(problems)


# --- static questions ------------------------------------------------------------------------


def test_choice_questions_have_one_correct_choice_among_distinct_choices(subject):
    problems = []
    for skill, exercise, question in questions_of(subject):
        label = where(skill, exercise, question)
        assert question["kind"] in ("choice", "numeric"), label
        if question["kind"] != "choice":
            continue
        choices = question["choices"]
        if not 3 <= len(choices) <= 5:
            problems.append(f"{label}: {len(choices)} choices")
        if sum(1 for c in choices if c.get("correct") is True) != 1:
            problems.append(f"{label}: needs exactly one correct choice")
        for lang in LANGUAGES:
            shown = [c["text"] if isinstance(c["text"], str) else c["text"][lang] for c in choices]
            if len(set(shown)) != len(shown):
                problems.append(f"{label}: two choices read the same in {lang}")
    assert not problems, "\n".join(problems)


def test_static_texts_have_no_placeholders(subject):
    """A fixed question is shown as written: a brace there would be a template left half-done."""
    problems = []
    for skill, exercise, question in questions_of(subject):
        if is_template(question):
            continue
        for field in ("prompt", "hint", "explanation"):
            for lang in LANGUAGES:
                if "{" in question[field][lang] or "}" in question[field][lang]:
                    problems.append(f"{where(skill, exercise, question)}: brace in {field}.{lang}")
        if question["kind"] == "numeric":
            assert isinstance(question["answer"], int | float), where(skill, exercise, question)
    assert not problems, "\n".join(problems)


# --- templates -------------------------------------------------------------------------------


def formula_problems(formula: str, names: set[str]) -> list[str]:
    """Only the operators and functions the format allows, and only known names."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        return [f"{formula!r}: {error}"]
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            problems.append(f"{formula!r}: {type(node).__name__} is not allowed")
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                problems.append(f"{formula!r}: unknown function")
        elif isinstance(node, ast.Name):
            known = node.id in names or node.id in CONSTANTS or node.id in FUNCTIONS
            if not known:
                problems.append(f"{formula!r}: unknown name {node.id}")
        elif isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            problems.append(f"{formula!r}: only numbers may be written in a formula")
    return problems


EVALUATOR = simpleeval.SimpleEval(functions=FUNCTIONS)
PARSED: dict[str, ast.AST] = {}


def evaluate(formula: str, values: dict):
    if formula not in PARSED:
        PARSED[formula] = EVALUATOR.parse(formula)
    EVALUATOR.names = {**CONSTANTS, **values}
    return EVALUATOR.eval(formula, previously_parsed=PARSED[formula])


def draw_values(spec: dict, rng: random.Random) -> dict:
    values = {}
    for name, rule in spec.items():
        if "choices" in rule:
            values[name] = rng.choice(rule["choices"])
        else:
            step = rule.get("step", 1)
            count = round((rule["max"] - rule["min"]) / step)
            value = rule["min"] + step * rng.randint(0, count)
            values[name] = round(value, 6) if isinstance(step, float) else value
    return values


def variant(question: dict, rng: random.Random, *, tries: int = 2000) -> tuple[dict, int]:
    """One variant (vars, lets and answer) meeting `where`, and how many draws it took."""
    for attempt in range(1, tries + 1):
        values = draw_values(question["vars"], rng)
        for name, formula in (question.get("let") or {}).items():
            values[name] = evaluate(formula, values)
        if question.get("where") and not evaluate(question["where"], values):
            continue
        values["answer"] = evaluate(question["answer"], values)
        return values, attempt
    raise AssertionError(f"`where` never met in {tries} draws: {question['prompt']['en']}")


def tidy(value) -> bool:
    """Printed the way a pupil writes it: at most three decimals, no float noise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return False
    if isinstance(value, int) or value.is_integer():
        return True
    text = repr(value)
    return "e" not in text and len(text.split(".")[1]) <= 3


def show(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "−" + text[1:] if text.startswith("-") else text


def render(text: str, values: dict) -> str:
    return PLACEHOLDER.sub(lambda match: show(values[match.group(1)]), text)


def template_problems(question: dict) -> list[str]:
    names = set(question["vars"]) | set(question.get("let") or {})
    problems = []
    for name, rule in question["vars"].items():
        if "choices" in rule:
            if not rule["choices"]:
                problems.append(f"var {name}: empty choices")
        elif not rule["min"] < rule["max"]:
            problems.append(f"var {name}: empty range")
    formulas = [*(question.get("let") or {}).values(), question["answer"]]
    for formula in formulas:
        problems += formula_problems(formula, names)
    if question.get("where"):
        # `where` reads the drawn vars only, so a server may test it before any `let`.
        problems += formula_problems(question["where"], set(question["vars"]))
    if not isinstance(question.get("tolerance"), int | float) or question["tolerance"] < 0:
        problems.append("tolerance must be a number >= 0")
    for field in ("prompt", "hint", "explanation"):
        used = {lang: set(PLACEHOLDER.findall(question[field][lang])) for lang in LANGUAGES}
        if len({frozenset(found) for found in used.values()}) != 1:
            problems.append(f"{field}: the languages use different placeholders {used}")
        allowed = names | ({"answer"} if field == "explanation" else set())
        if unknown := used["en"] - allowed:
            problems.append(f"{field}: unknown placeholders {unknown}")
    if not PLACEHOLDER.search(question["prompt"]["en"]):
        problems.append("a template prompt must show its drawn values")
    if "{answer}" not in question["explanation"]["en"]:
        problems.append("the explanation must show {answer}")
    return problems


def test_templates_use_only_the_allowed_formula_vocabulary(subject):
    problems = [
        f"{where(skill, exercise, question)}: {problem}"
        for skill, exercise, question in templates_of(subject)
        for problem in template_problems(question)
    ]
    assert not problems, "\n".join(problems)


SIGN_CLASH = re.compile(r"[+−×]\s*−\d")


def test_every_template_gives_200_exact_variants(subject):
    """Seeded draws: finite answers that a pupil can type, `where` satisfiable, at least 5
    different variants, tidy numbers in every text and no '+ −3' once rendered."""
    problems = []
    for index, (skill, exercise, question) in enumerate(templates_of(subject)):
        label = where(skill, exercise, question)
        if template_problems(question):
            continue  # reported by the test above
        rng = random.Random(f"mathematics:{index}")
        prompts, draws = set(), 0
        for _ in range(DRAWS):
            values, tries = variant(question, rng)
            draws += tries
            answer, tolerance = values["answer"], question["tolerance"]
            if not isinstance(answer, int | float) or not math.isfinite(answer):
                problems.append(f"{label}: answer {answer!r} for {values}")
                break
            if abs(answer) >= 10**10:
                problems.append(f"{label}: answer {answer} does not fit the answer column")
                break
            # The answer key is exact, or within the tolerance of a number with <= 3 decimals.
            if tolerance == 0 and not tidy(answer):
                problems.append(f"{label}: answer {answer!r} cannot be typed exactly ({values})")
                break
            if tolerance > 0 and abs(answer - round(answer, 3)) > tolerance:
                problems.append(f"{label}: answer {answer!r} is beyond the tolerance")
                break
            texts = [
                question[f][lang] for f in ("prompt", "hint", "explanation") for lang in LANGUAGES
            ]
            shown = {name for text in texts for name in PLACEHOLDER.findall(text)}
            if untidy := {name: values[name] for name in shown if not tidy(values[name])}:
                problems.append(f"{label}: untidy printed values {untidy}")
                break
            # A drawn value that is always whole is an int (an exact division wrapped in
            # round()), so no renderer can print "12.0"; the answer may be 3.5 or 3.0.
            whole_floats = {
                n: values[n]
                for n in shown - {"answer"}
                if isinstance(values[n], float) and values[n].is_integer()
            }
            if floats := whole_floats:
                problems.append(f"{label}: whole numbers computed as floats {floats}")
                break
            rendered = [render(text, values) for text in texts]
            if clash := [text for text in rendered if SIGN_CLASH.search(text)]:
                problems.append(f"{label}: a sign clash once rendered: {clash[0]!r}")
                break
            prompts.add(rendered[0])
        else:
            if len(prompts) < 5:
                problems.append(f"{label}: only {len(prompts)} distinct variants")
            # The server redraws until `where` holds, 200 times at most: one draw in ten
            # accepted makes a failed serve a 1-in-10⁹ event.
            if draws > 10 * DRAWS:
                problems.append(f"{label}: `where` rejects too much ({draws} draws for {DRAWS})")
    assert not problems, "\n".join(problems)


def test_a_variant_is_reproducible_from_its_seed(subject):
    """The same seed draws the same variant: the serve and the attempt agree on it."""
    for skill, exercise, question in list(templates_of(subject))[:10]:
        first, _ = variant(question, random.Random(7))
        again, _ = variant(question, random.Random(7))
        assert first == again, where(skill, exercise, question)


# --- study groups ----------------------------------------------------------------------------


def test_study_groups_aim_at_skills_of_their_own_topic(subject, groups):
    """'Les polynômes ensemble' aims at Polynomials: each group's focus names its first goal."""
    skills = {skill["code"]: skill for skill in subject["skills"]}
    assert groups["subject"] == subject["code"]
    assert 3 <= len(groups["groups"]) <= 4
    problems = []
    for group in groups["groups"]:
        label = group["name"]["en"]
        for field in ("name", "description", "focus"):
            problems += text_problems(group[field], label=f"{label} {field}")
        if group.get("language") not in LANGUAGES:
            problems.append(f"{label}: the language its founder wrote in is missing")
        if group.get("class") not in (0, 1) or not isinstance(group.get("open"), bool):
            problems.append(f"{label}: class or open missing")
        members = group["members"]
        if len(set(members)) != len(members) or not 2 <= len(members) <= 8:
            problems.append(f"{label}: members {members}")
        if not all(isinstance(day, int) and day > 0 for day in group["sessions"]):
            problems.append(f"{label}: sessions are days before today")
        goals = group["goals"]
        if not goals or len({goal["skill"] for goal in goals}) != len(goals):
            problems.append(f"{label}: goals {goals}")
        for goal in goals:
            if goal["skill"] not in skills:
                problems.append(f"{label}: goal on unknown skill {goal['skill']}")
            elif not 0 < goal["target"] <= 100:
                problems.append(f"{label}: target {goal['target']}")
        first = skills.get(goals[0]["skill"]) if goals else None
        for lang in LANGUAGES if first else ():
            if first["name"][lang].lower() not in group["focus"][lang].lower():
                problems.append(f"{label}: focus.{lang} does not name {first['name'][lang]!r}")
        for line in group.get("chat", ()):
            if not isinstance(line["text"], str) or not 0 <= line["who"] < len(members):
                problems.append(f"{label}: chat line {line}")
        texts = [*group.get("insights", ()), *group.get("reflections", ())]
        if not all(isinstance(text, str) and text.strip() for text in texts):
            problems.append(f"{label}: insights and reflections are plain texts")
    names = [group["name"]["en"] for group in groups["groups"]]
    assert len(set(names)) == len(names), "two groups share a name"
    assert not problems, "\n".join(problems)
