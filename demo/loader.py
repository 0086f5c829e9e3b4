"""Subjects, skill trees and questions from YAML files (docs/content-format.md) into the database.

`read()` parses and checks a file without touching the database: every error names the file
and the item (`physics.yaml: skills[gravitation] exercises[2] questions[1]: …`). `write()`
stores what was read with bulk_create (a fixed number of queries per table), all three
languages in the modeltranslation columns, templates in `Question.params/answer_formula`.
"""

import ast
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from mastery import rules
from mastery.models import Choice, Exercise, Question, Skill
from schools.models import Subject

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# libyaml's safe parser when PyYAML was built with it (about ten times faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES = ("en", "fr", "ar")
DIFFICULTIES = tuple(Exercise.Difficulty.values)
BKT_KEYS = ("p_init", "p_learn", "p_guess", "p_slip")
# What a formula may call (docs/content-format.md); anything else is refused when reading.
FUNCTIONS = frozenset(
    ("abs", "round", "min", "max", "sqrt", "floor", "ceil", "gcd")
    + ("sin", "cos", "tan", "asin", "acos", "atan", "log", "exp")
)
CONSTANTS = frozenset({"pi"})
_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.Name,
    ast.Load, ast.Constant, ast.IfExp,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.USub, ast.UAdd,
    ast.And, ast.Or, ast.Not, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
)  # fmt: skip
# The numeric_answer and tolerance columns: 14 digits, 4 of them decimals.
_MAX_ANSWER = Decimal(10) ** 10
BATCH_SIZE = 1000


class ContentError(ValueError):
    """A content file that cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class Text:
    en: str
    fr: str
    ar: str

    def columns(self, name: str) -> dict[str, str]:
        return {f"{name}_{lang}": getattr(self, lang) for lang in LANGUAGES}


EMPTY = Text("", "", "")


@dataclass(frozen=True)
class ChoiceData:
    text: Text
    correct: bool


@dataclass(frozen=True)
class QuestionData:
    kind: str
    prompt: Text
    hint: Text
    explanation: Text
    choices: tuple[ChoiceData, ...] = ()
    answer: Decimal | None = None  # a fixed numeric question
    tolerance: Decimal = Decimal(0)
    params: dict = field(default_factory=dict)  # a template: {"vars", "let", "where"}
    formula: str = ""

    @property
    def is_template(self) -> bool:
        return bool(self.formula)


@dataclass(frozen=True)
class ExerciseData:
    title: Text
    difficulty: str
    questions: tuple[QuestionData, ...]

    @property
    def level(self) -> int:
        return rules.DIFFICULTY_RANK[self.difficulty]


@dataclass(frozen=True)
class SkillData:
    code: str
    name: Text
    description: Text
    tier: int
    position: int
    prerequisites: tuple[str, ...]
    required_mastery: int
    bkt: rules.BktParams
    exercises: tuple[ExerciseData, ...]


@dataclass(frozen=True)
class SubjectData:
    code: str
    name: Text
    skills: tuple[SkillData, ...]
    source: str = ""


# --- reading ---------------------------------------------------------------------------------


class _Where:
    """The path to the item being read, for error messages."""

    def __init__(self, source: str, parts: Sequence[str] = ()):
        self.source, self.parts = source, tuple(parts)

    def __truediv__(self, part: str) -> "_Where":
        return _Where(self.source, (*self.parts, part))

    def error(self, message: str) -> ContentError:
        where = " ".join(self.parts)
        return ContentError(f"{self.source}: {where + ': ' if where else ''}{message}")


def load_yaml(path: Path):
    """A YAML file as plain data (mappings, lists, text, numbers): a safe loader only."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506


def read(path: str | Path) -> SubjectData:
    path = Path(path)
    try:
        raw = load_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path.name}: cannot read: {exc}") from None
    return parse(raw, source=path.name)


def parse(raw, *, source: str = "<content>") -> SubjectData:
    where = _Where(source)
    doc = _mapping(raw, where, required=("code", "name", "skills"), optional=())
    code = _string(doc["code"], where / "code")
    skills_raw = doc["skills"]
    if not isinstance(skills_raw, list) or not skills_raw:
        raise (where / "skills").error("a non-empty list of skills is expected")
    skills = []
    for index, item in enumerate(skills_raw):
        label = item.get("code", index) if isinstance(item, dict) else index
        skills.append(_skill(item, where / f"skills[{label}]"))
    _check_tree(skills, where)
    return SubjectData(code, _text(doc["name"], where / "name"), tuple(skills), source)


def _skill(raw, where: _Where) -> SkillData:
    doc = _mapping(
        raw,
        where,
        required=("code", "name", "tier", "position", "exercises"),
        optional=("description", "prerequisites", "required_mastery", "bkt"),
    )
    code = _string(doc["code"], where / "code")
    if not code.replace("-", "").replace("_", "").isalnum() or len(code) > 60:
        raise (where / "code").error(f"{code!r} is not a slug of at most 60 characters")
    tier = _integer(doc["tier"], where / "tier", low=1)
    position = _integer(doc["position"], where / "position", low=0)
    prerequisites = doc.get("prerequisites") or []
    if not isinstance(prerequisites, list) or not all(isinstance(p, str) for p in prerequisites):
        raise (where / "prerequisites").error("a list of skill codes is expected")
    required = _integer(
        doc.get("required_mastery", rules.DEFAULT_UNLOCK_MASTERY),
        where / "required_mastery",
        low=0,
        high=100,
    )
    bkt_raw = _mapping(doc.get("bkt") or {}, where / "bkt", required=(), optional=BKT_KEYS)
    bkt = {}
    for key, value in bkt_raw.items():
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise (where / "bkt" / key).error("a probability between 0 and 1 is expected")
        bkt[key] = float(value)
    exercises_raw = doc["exercises"]
    if not isinstance(exercises_raw, list) or not exercises_raw:
        raise (where / "exercises").error("a non-empty list of exercises is expected")
    exercises = tuple(
        _exercise(item, where / f"exercises[{index}]") for index, item in enumerate(exercises_raw)
    )
    return SkillData(
        code=code,
        name=_text(doc["name"], where / "name"),
        description=_text(doc.get("description", ""), where / "description", allow_empty=True),
        tier=tier,
        position=position,
        prerequisites=tuple(prerequisites),
        required_mastery=required,
        bkt=rules.BktParams(**{**rules.DEFAULT_BKT.__dict__, **bkt}),
        exercises=exercises,
    )


def _exercise(raw, where: _Where) -> ExerciseData:
    doc = _mapping(raw, where, required=("title", "difficulty", "questions"), optional=())
    difficulty = doc["difficulty"]
    if difficulty not in DIFFICULTIES:
        raise (where / "difficulty").error(f"one of {', '.join(DIFFICULTIES)} is expected")
    questions_raw = doc["questions"]
    if not isinstance(questions_raw, list) or not questions_raw:
        raise (where / "questions").error("a non-empty list of questions is expected")
    return ExerciseData(
        title=_text(doc["title"], where / "title"),
        difficulty=difficulty,
        questions=tuple(
            _question(item, where / f"questions[{index}]")
            for index, item in enumerate(questions_raw)
        ),
    )


def _question(raw, where: _Where) -> QuestionData:
    kind = raw.get("kind") if isinstance(raw, dict) else None
    texts = ("prompt", "hint", "explanation")
    if kind == "choice":
        doc = _mapping(raw, where, required=("kind", "prompt", "choices"), optional=texts)
        return QuestionData(kind=kind, **_texts(doc, where), choices=_choices(doc, where))
    if kind != "numeric":
        raise (where / "kind").error("'choice' or 'numeric' is expected")
    doc = _mapping(
        raw,
        where,
        required=("kind", "prompt", "answer"),
        optional=(*texts, "tolerance", "vars", "let", "where"),
    )
    tolerance = _decimal(doc.get("tolerance", 0), where / "tolerance")
    if tolerance < 0:
        raise (where / "tolerance").error("a tolerance cannot be negative")
    answer = doc["answer"]
    question_texts = _texts(doc, where)
    if isinstance(answer, str):
        params, formula = _template(doc, where)
        _check_placeholders(question_texts, {*params["vars"], *params.get("let", {})}, where)
        return QuestionData(
            kind=kind, **question_texts, tolerance=tolerance, params=params, formula=formula
        )
    if any(key in doc for key in ("vars", "let", "where")):
        raise (where / "answer").error("a template's answer is a formula (a string)")
    value = _decimal(answer, where / "answer")
    _check_placeholders(question_texts, set(), where)
    return QuestionData(kind=kind, **question_texts, answer=value, tolerance=tolerance)


def _choices(doc: dict, where: _Where) -> tuple[ChoiceData, ...]:
    raw = doc["choices"]
    if not isinstance(raw, list) or len(raw) < 2:
        raise (where / "choices").error("at least two choices are expected")
    choices = []
    for index, item in enumerate(raw):
        at = where / f"choices[{index}]"
        item = _mapping(item, at, required=("text",), optional=("correct",))
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            raise (at / "correct").error("true or false is expected")
        choices.append(ChoiceData(_text(item["text"], at / "text"), correct))
    if sum(c.correct for c in choices) != 1:
        raise (where / "choices").error("exactly one choice must be marked correct: true")
    if len({c.text.en for c in choices}) != len(choices):
        raise (where / "choices").error("two choices read the same")
    return tuple(choices)


def _template(doc: dict, where: _Where) -> tuple[dict, str]:
    raw_vars = doc.get("vars")
    if not isinstance(raw_vars, dict) or not raw_vars:
        raise (where / "vars").error("a template needs at least one var")
    variables = {}
    for name, spec in raw_vars.items():
        at = where / f"vars[{name}]"
        _name(name, at)
        variables[name] = _range(spec, at)
    known = set(variables)
    lets = {}
    for name, formula in (doc.get("let") or {}).items():
        at = where / f"let[{name}]"
        _name(name, at)
        if name in known:
            raise at.error(f"{name!r} is defined twice")
        _formula(formula, known, at)
        lets[name] = formula
        known.add(name)
    params = {"vars": variables}
    if lets:
        params["let"] = lets
    if "where" in doc:
        _formula(doc["where"], known, where / "where")
        params["where"] = doc["where"]
    formula = doc["answer"]
    _formula(formula, known, where / "answer")
    if len(formula) > Question._meta.get_field("answer_formula").max_length:
        raise (where / "answer").error("the formula is too long")
    return params, formula


def _range(spec, where: _Where) -> dict:
    if not isinstance(spec, dict):
        raise where.error("{min, max[, step]} or {choices: [...]} is expected")
    if "choices" in spec:
        _mapping(spec, where, required=("choices",), optional=())
        values = spec["choices"]
        if not isinstance(values, list) or not values:
            raise where.error("choices must be a non-empty list of numbers")
        for value in values:
            _number(value, where / "choices")
        return {"choices": values}
    _mapping(spec, where, required=("min", "max"), optional=("step",))
    low, high = _number(spec["min"], where / "min"), _number(spec["max"], where / "max")
    step = _number(spec.get("step", 1), where / "step")
    if low > high:
        raise where.error("min is above max")
    if step <= 0:
        raise (where / "step").error("a step must be positive")
    return dict(spec)


def _formula(formula, known: set[str], where: _Where) -> None:
    """A formula parses, uses only the allowed operations and functions, and names only
    values defined before it."""
    if not isinstance(formula, str) or not formula.strip():
        raise where.error("a formula (text) is expected")
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError:
        raise where.error(f"cannot read the formula {formula!r}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise where.error(f"{formula!r} uses {type(node).__name__}, which is not allowed")
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
        ):
            raise where.error(f"{formula!r} calls something other than {', '.join(FUNCTIONS)}")
        if isinstance(node, ast.Name) and node.id not in known | FUNCTIONS | CONSTANTS:
            raise where.error(f"{formula!r} uses {node.id!r}, which is not defined before it")


def _check_placeholders(texts: dict[str, Text], names: set[str], where: _Where) -> None:
    allowed = names | ({"answer"} if names else set())
    for key, text in texts.items():
        for lang in LANGUAGES:
            try:
                fields = [f for _, f, _, _ in string.Formatter().parse(getattr(text, lang)) if f]
            except ValueError:
                raise (where / f"{key}.{lang}").error("unbalanced { or }") from None
            for name in fields:
                if name not in allowed:
                    raise (where / f"{key}.{lang}").error(
                        f"{{{name}}} is not a var or let of this question"
                    )


def _check_tree(skills: list[SkillData], where: _Where) -> None:
    codes = [s.code for s in skills]
    for code in {c for c in codes if codes.count(c) > 1}:
        raise (where / f"skills[{code}]").error("two skills share this code")
    by_code = {s.code: s for s in skills}
    for skill in skills:
        for code in skill.prerequisites:
            if code not in by_code:
                raise (where / f"skills[{skill.code}]" / "prerequisites").error(
                    f"{code!r} is not a skill of this subject"
                )
    cycle = rules.find_cycle({s.code: s.prerequisites for s in skills})
    if cycle:
        raise (where / "skills").error(f"the prerequisites loop: {' → '.join(cycle)}")
    spots = [(s.tier, s.position) for s in skills]
    for skill in skills:
        if spots.count((skill.tier, skill.position)) > 1:
            raise (where / f"skills[{skill.code}]").error("two skills share a tier and position")


def _mapping(raw, where: _Where, *, required: Iterable[str], optional: Iterable[str]) -> dict:
    if not isinstance(raw, dict):
        raise where.error("a mapping is expected")
    missing = [key for key in required if key not in raw]
    if missing:
        raise where.error(f"missing {', '.join(missing)}")
    unknown = sorted(set(raw) - set(required) - set(optional))
    if unknown:
        raise where.error(f"unknown key {', '.join(map(str, unknown))}")
    return raw


def _texts(doc: dict, where: _Where) -> dict[str, Text]:
    return {
        "prompt": _text(doc["prompt"], where / "prompt"),
        "hint": _text(doc.get("hint", ""), where / "hint", allow_empty=True),
        "explanation": _text(doc.get("explanation", ""), where / "explanation", allow_empty=True),
    }


def _text(raw, where: _Where, *, allow_empty: bool = False) -> Text:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, str):
        text = Text(raw, raw, raw)
    elif isinstance(raw, dict):
        _mapping(raw, where, required=LANGUAGES, optional=())
        values = [raw[lang] for lang in LANGUAGES]
        if not all(isinstance(v, str | int | float) for v in values):
            raise where.error("each language is a text")
        text = Text(*(str(v) for v in values))
    else:
        raise where.error("a text, or {en, fr, ar}, is expected")
    if not allow_empty and not all(getattr(text, lang).strip() for lang in LANGUAGES):
        raise where.error("a text is missing in " + ", ".join(LANGUAGES))
    return text


def _string(raw, where: _Where) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise where.error("a non-empty text is expected")
    return raw.strip()


def _integer(raw, where: _Where, *, low: int, high: int | None = None) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < low:
        raise where.error(f"a whole number of at least {low} is expected")
    if high is not None and raw > high:
        raise where.error(f"a whole number of at most {high} is expected")
    return raw


def _number(raw, where: _Where) -> float:
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        raise where.error("a number is expected")
    return raw


def _decimal(raw, where: _Where) -> Decimal:
    _number(raw, where)
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise where.error("a number is expected") from None
    if abs(value) >= _MAX_ANSWER or value.as_tuple().exponent < -4:
        raise where.error("at most 10 digits before the decimal point and 4 after")
    return value


def _name(name, where: _Where) -> None:
    if not isinstance(name, str) or not name.isidentifier() or name in FUNCTIONS | CONSTANTS:
        raise where.error(f"{name!r} cannot name a value")
    if name == "answer":
        raise where.error("'answer' is the computed answer, it cannot be a var or let")


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedQuestion:
    row: Question
    data: QuestionData
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class LoadedExercise:
    row: Exercise
    data: ExerciseData
    questions: tuple[LoadedQuestion, ...]


@dataclass(frozen=True)
class LoadedSkill:
    row: Skill
    data: SkillData
    exercises: tuple[LoadedExercise, ...]


@dataclass(frozen=True)
class LoadedSubject:
    row: Subject
    data: SubjectData
    skills: tuple[LoadedSkill, ...]

    def counts(self) -> dict[str, int]:
        exercises = [e for s in self.skills for e in s.exercises]
        questions = [q for e in exercises for q in e.questions]
        return {
            "skills": len(self.skills),
            "exercises": len(exercises),
            "questions": len(questions),
            "templates": sum(q.data.is_template for q in questions),
            "choices": sum(len(q.choices) for q in questions),
        }


def write(subjects: Sequence[SubjectData]) -> list[LoadedSubject]:
    """Create the subjects with everything in them (the codes must be free)."""
    taken = set(Subject.objects.filter(code__in=[s.code for s in subjects]).values_list("code"))
    if taken:
        raise ContentError(f"subjects already exist: {', '.join(c for (c,) in sorted(taken))}")
    subject_rows = Subject.objects.bulk_create(
        Subject(code=s.code, **s.name.columns("name")) for s in subjects
    )
    skill_plan = [
        (subject, data)
        for subject, s in zip(subject_rows, subjects, strict=True)
        for data in s.skills
    ]
    skill_rows = Skill.objects.bulk_create(
        Skill(
            subject=subject,
            code=data.code,
            tier=data.tier,
            position=data.position,
            required_mastery=data.required_mastery,
            p_init=data.bkt.p_init,
            p_learn=data.bkt.p_learn,
            p_guess=data.bkt.p_guess,
            p_slip=data.bkt.p_slip,
            # bulk_create skips Exercise.save, which keeps this column.
            top_level=max(e.level for e in data.exercises),
            **data.name.columns("name"),
            **data.description.columns("description"),
        )
        for subject, data in skill_plan
    )
    by_code = {(row.subject_id, row.code): row for row in skill_rows}
    Through = Skill.prerequisites.through  # noqa: N806 - a model class
    Through.objects.bulk_create(
        Through(from_skill=row, to_skill=by_code[(row.subject_id, code)])
        for row, (_, data) in zip(skill_rows, skill_plan, strict=True)
        for code in data.prerequisites
    )
    exercise_plan = [
        (skill, position, data)
        for skill, (_, skill_data) in zip(skill_rows, skill_plan, strict=True)
        for position, data in enumerate(skill_data.exercises)
    ]
    exercise_rows = Exercise.objects.bulk_create(
        (
            Exercise(
                skill=skill,
                position=position,
                difficulty=data.difficulty,
                **data.title.columns("title"),
            )
            for skill, position, data in exercise_plan
        ),
        batch_size=BATCH_SIZE,
    )
    question_plan = [
        (exercise, position, data)
        for exercise, (_, _, exercise_data) in zip(exercise_rows, exercise_plan, strict=True)
        for position, data in enumerate(exercise_data.questions)
    ]
    question_rows = Question.objects.bulk_create(
        (_question_row(exercise, position, data) for exercise, position, data in question_plan),
        batch_size=BATCH_SIZE,
    )
    choice_rows = Choice.objects.bulk_create(
        (
            Choice(
                question=question,
                position=position,
                is_correct=choice.correct,
                **choice.text.columns("text"),
            )
            for question, (_, _, data) in zip(question_rows, question_plan, strict=True)
            for position, choice in enumerate(data.choices)
        ),
        batch_size=BATCH_SIZE,
    )
    return _assemble(subjects, subject_rows, skill_rows, exercise_rows, question_rows, choice_rows)


def _question_row(exercise: Exercise, position: int, data: QuestionData) -> Question:
    return Question(
        exercise=exercise,
        kind=data.kind,
        position=position,
        numeric_answer=data.answer,
        tolerance=data.tolerance,
        params=data.params,
        answer_formula=data.formula,
        **data.prompt.columns("prompt"),
        **data.hint.columns("hint"),
        **data.explanation.columns("explanation"),
    )


def _assemble(subjects, subject_rows, skill_rows, exercise_rows, question_rows, choice_rows):
    choices: dict[int, list[Choice]] = {}
    for choice in choice_rows:
        choices.setdefault(choice.question_id, []).append(choice)
    rows = iter(question_rows)
    exercises = iter(exercise_rows)
    skills = iter(skill_rows)
    loaded = []
    for subject_row, subject in zip(subject_rows, subjects, strict=True):
        loaded_skills = []
        for skill_data in subject.skills:
            loaded_exercises = []
            for exercise_data in skill_data.exercises:
                questions = []
                for question_data in exercise_data.questions:
                    row = next(rows)
                    questions.append(
                        LoadedQuestion(row, question_data, tuple(choices.get(row.pk, ())))
                    )
                loaded_exercises.append(
                    LoadedExercise(next(exercises), exercise_data, tuple(questions))
                )
            loaded_skills.append(LoadedSkill(next(skills), skill_data, tuple(loaded_exercises)))
        loaded.append(LoadedSubject(subject_row, subject, tuple(loaded_skills)))
    return loaded


def read_folder(directory: Path = CONTENT_DIR) -> list[SubjectData]:
    """Every subject file of a content folder, by file name. Other YAML there (study groups)
    is not a subject: a subject file is the one with `skills` at the top."""
    subjects = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            raw = load_yaml(path)
        except yaml.YAMLError as exc:
            raise ContentError(f"{path.name}: cannot read: {exc}") from None
        if isinstance(raw, dict) and "skills" in raw:
            subjects.append(parse(raw, source=path.name))
    codes = [s.code for s in subjects]
    for code in {c for c in codes if codes.count(c) > 1}:
        files = [s.source for s in subjects if s.code == code]
        raise ContentError(f"{', '.join(files)}: the subject code {code} is used twice")
    return subjects
