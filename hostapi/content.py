"""Content from Madrasti 2.0: its lessons become skills, its exercises ours, its questions
ours when they fit; what does not fit is reported, never guessed (docs/host-integration.md).

The input bundles the host's REST shapes: {"subjects": [...], "lessons": [...],
"exercises": [...]} (an exercise's `questions` nested, as the host's detail serializer
gives them; a lesson's `exercises` may also be nested in it).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mastery.models import Choice, Exercise, Question, Skill
from mastery.services import skill_prerequisites_validate
from schools.services import subject_ensure

LANGUAGES = ("en", "fr", "ar")
# The host's lesson difficulty words and its exercise levels, onto ours.
DIFFICULTY = {
    "beginner": Exercise.Difficulty.BEGINNER,
    "easy": Exercise.Difficulty.BEGINNER,
    "intermediate": Exercise.Difficulty.INTERMEDIATE,
    "medium": Exercise.Difficulty.INTERMEDIATE,
    "advanced": Exercise.Difficulty.ADVANCED,
    "hard": Exercise.Difficulty.ADVANCED,
    "expert": Exercise.Difficulty.EXPERT,
}
CYCLE_TIER = {"first": 1, "second": 2}


@dataclass
class ContentReport:
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)  # "skill", "exercise", "question"
    updated: Counter = field(default_factory=Counter)
    left_out: list[str] = field(default_factory=list)  # one line per item not imported
    not_used: Counter = field(default_factory=Counter)  # host fields with no place here
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> list[str]:
        if self.errors:
            return [_("Nothing was imported."), *self.errors]
        lines = [
            _("Skills: %(created)d new, %(updated)d updated.")
            % {"created": self.created["skill"], "updated": self.updated["skill"]},
            _("Exercises: %(created)d new, %(updated)d updated.")
            % {"created": self.created["exercise"], "updated": self.updated["exercise"]},
            _("Questions: %(created)d new, %(updated)d updated.")
            % {"created": self.created["question"], "updated": self.updated["question"]},
        ]
        lines += [_("Not imported: %(why)s") % {"why": line} for line in self.left_out]
        for name, count in sorted(self.not_used.items()):
            lines.append(
                ngettext(
                    "Not used here: %(field)s (%(count)d item)",
                    "Not used here: %(field)s (%(count)d items)",
                    count,
                )
                % {"field": name, "count": count}
            )
        if self.dry_run:
            lines.append(_("Dry run: nothing was saved."))
        return lines


class _Abort(Exception):
    pass


def _items(value) -> list[dict]:
    if isinstance(value, dict):
        value = value.get("results") or []
    return [item for item in value or [] if isinstance(item, dict)]


def _id(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return "" if value is None or isinstance(value, bool) else str(value)


def _texts(item: dict, name: str, base: str) -> dict[str, str]:
    """A host text in our languages: `name` is in `base` unless that language has its own
    column (`name_french`), then it is English; `name_arabic`/`name_french` as named."""
    texts = {
        "fr": str(item.get(f"{name}_french") or "").strip(),
        "ar": str(item.get(f"{name}_arabic") or "").strip(),
    }
    plain = str(item.get(name) or "").strip()
    target = "en" if base != "en" and texts.get(base) else base
    texts[target] = texts.get(target) or plain
    return {lang: texts.get(lang, "") for lang in LANGUAGES}


def _translated(name: str, texts: dict[str, str], limit: int | None = None) -> dict:
    return {f"{name}_{lang}": (text[:limit] if limit else text) for lang, text in texts.items()}


def content_import(*, document, base_language: str = "fr", dry_run: bool = False) -> ContentReport:
    """Import the host's lessons and exercises; one transaction, idempotent by host ids."""
    report = ContentReport(dry_run=dry_run)
    if not isinstance(document, dict) or not _items(document.get("lessons")):
        report.errors.append(_("This is not Madrasti 2.0 content: no lessons in it."))
        return report
    try:
        with transaction.atomic():
            _write(document, base_language, report)
            if report.errors or dry_run:
                raise _Abort
    except _Abort:
        pass
    return report


def _write(document: dict, base: str, report: ContentReport) -> None:
    subjects = {}
    for subject in _items(document.get("subjects")):
        code = str(subject.get("code") or "").strip().upper()
        if code:
            names = _texts(subject, "name", "en")
            subjects[_id(subject)] = subject_ensure(code=code, names=names)[0]
    lessons = _items(document.get("lessons"))
    exercises = _items(document.get("exercises"))
    for lesson in lessons:
        exercises += [{**e, "lesson": _id(lesson)} for e in _items(lesson.get("exercises"))]
    skills: dict[str, Skill] = {}
    for lesson in lessons:
        skill = _skill(lesson, subjects, base, report)
        if skill is not None:
            skills[_id(lesson)] = skill
    _prerequisites(lessons, skills, base, report)
    for exercise in sorted(exercises, key=lambda e: (_id(e.get("lesson")), e.get("order") or 0)):
        _exercise(exercise, skills, base, report)


def _skill(lesson: dict, subjects, base: str, report: ContentReport) -> Skill | None:
    title = _texts(lesson, "title", "en" if lesson.get("title_french") else base)
    label = next((t for t in title.values() if t), _id(lesson))
    subject = subjects.get(_id(lesson.get("subject")))
    if not _id(lesson) or subject is None:
        report.left_out.append(
            _("lesson %(title)s: its subject is not in the file") % {"title": label}
        )
        return None
    if lesson.get("is_active") is False:
        report.left_out.append(_("lesson %(title)s: not active on Madrasti") % {"title": label})
        return None
    description = _texts(
        {"description": lesson.get("objectives") or lesson.get("description")}, "description", base
    )
    fields = {
        **_translated("name", title, 120),
        **_translated("description", description),
        "tier": CYCLE_TIER.get(str(lesson.get("cycle")), 1),
        "position": int(lesson.get("order") or 0),
    }
    skill = Skill.objects.filter(subject=subject, code=f"host-lesson-{_id(lesson)}").first()
    if skill is None:
        skill = Skill.objects.create(subject=subject, code=f"host-lesson-{_id(lesson)}", **fields)
        report.created["skill"] += 1
    elif _changed(skill, fields):
        report.updated["skill"] += 1
    for name in ("tracks", "grade", "difficulty_level"):
        if lesson.get(name) not in (None, "", []):
            report.not_used[_("lesson %(field)s") % {"field": name}] += 1
    return skill


def _changed(obj, fields: dict) -> bool:
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _prerequisites(lessons, skills: dict[str, Skill], base: str, report: ContentReport) -> None:
    """The host keeps prerequisites as free text: a line naming another lesson of the file
    (in any language) becomes a prerequisite; any other text is reported for a teacher."""
    by_title: dict[tuple[int, str], Skill] = {}
    for lesson in lessons:
        skill = skills.get(_id(lesson))
        if skill is not None:
            for text in _texts(lesson, "title", base).values():
                if text:
                    by_title[(skill.subject_id, text.casefold())] = skill
    for lesson in lessons:
        skill = skills.get(_id(lesson))
        text = str(lesson.get("prerequisites") or "").strip()
        if skill is None or not text:
            continue
        wanted, unknown = [], []
        for line in text.replace(";", "\n").splitlines():
            line = line.strip(" -•\t")
            if line:
                found = by_title.get((skill.subject_id, line.casefold()))
                if found and found != skill:
                    wanted.append(found)
                else:
                    unknown.append(line)
        try:
            skill_prerequisites_validate(skill=skill, prerequisites=wanted)
        except ValidationError:
            unknown += [str(w) for w in wanted]
            wanted = []
        if {p.pk for p in wanted} - set(skill.prerequisites.values_list("pk", flat=True)):
            skill.prerequisites.add(*wanted)
        if unknown:
            report.left_out.append(
                _("prerequisites of %(skill)s that name no lesson of the file: %(text)s")
                % {"skill": skill, "text": "; ".join(unknown)}
            )


def _exercise(item: dict, skills, base: str, report: ContentReport) -> None:
    title = _texts(item, "title", base)
    label = next((t for t in title.values() if t), _id(item))
    skill = skills.get(_id(item.get("lesson")))
    if skill is None or not _id(item):
        report.left_out.append(
            _("exercise %(title)s: its lesson was not imported") % {"title": label}
        )
        return
    if item.get("is_published") is False or item.get("is_active") is False:
        report.left_out.append(
            _("exercise %(title)s: not published on Madrasti") % {"title": label}
        )
        return
    questions = []
    for number, question in enumerate(_items(item.get("questions")), start=1):
        mapped = _question(question, base)
        if isinstance(mapped, str):
            report.left_out.append(
                _("exercise %(title)s, question %(number)d: %(why)s")
                % {"title": label, "number": number, "why": mapped}
            )
        else:
            questions.append((question, mapped))
    if not questions:
        report.left_out.append(
            _("exercise %(title)s: none of its questions fits here") % {"title": label}
        )
        return
    level = str(item.get("difficulty_level") or "").lower()
    if level not in DIFFICULTY:
        why = _("exercise difficulty %(level)s (read as beginner)") % {"level": level or "?"}
        report.not_used[why] += 1
    fields = {
        "skill": skill,
        **_translated("title", title, 200),
        "difficulty": DIFFICULTY.get(level, Exercise.Difficulty.BEGINNER),
        "position": int(item.get("order") or 0),
    }
    exercise = Exercise.objects.filter(external_ref=_id(item)).first()
    if exercise is None:
        exercise = Exercise.objects.create(external_ref=_id(item), **fields)
        report.created["exercise"] += 1
    elif _changed(exercise, fields):
        report.updated["exercise"] += 1
    _not_used(item, report)
    for question, mapped in questions:
        _save_question(exercise, question, mapped, report)


def _not_used(item: dict, report: ContentReport) -> None:
    """Host fields with no meaning here, counted so the report says what was set aside."""
    checks = {
        _("points (growth here is mastery, not points)"): any(
            q.get("points") for q in _items(item.get("questions"))
        )
        or bool(item.get("total_points")),
        _("max_attempts (practice here is never capped)"): bool(item.get("max_attempts")),
        _("availability window"): bool(item.get("available_from") or item.get("available_until")),
        _("prerequisite_exercises (skills unlock by mastery here)"): bool(
            item.get("prerequisite_exercises")
        ),
        _("time limit"): bool(item.get("time_limit") or item.get("is_timed")),
    }
    for name, present in checks.items():
        if present:
            report.not_used[name] += 1


@dataclass
class _Mapped:
    prompt: dict[str, str]
    explanation: dict[str, str]
    choices: list[tuple[dict[str, str], bool]]


def _options(question: dict, base: str) -> list[tuple[dict[str, str], bool]]:
    return [
        (_texts(c, "choice_text", base), bool(c.get("is_correct")))
        for c in sorted(_items(question.get("choices")), key=lambda c: c.get("order") or 0)
    ]


def _question(question: dict, base: str) -> _Mapped | str:
    """Our multiple-choice question for a host question, or why it does not fit."""
    kind = str(question.get("question_type") or "")
    choices = _options(question, base)
    if kind == "fill_blank":
        blanks = _items(question.get("blanks"))
        if len(blanks) != 1:
            return ngettext(
                "a fill-in with %(count)d blank (ours take one answer)",
                "a fill-in with %(count)d blanks (ours take one answer)",
                len(blanks),
            ) % {"count": len(blanks)}
        choices = [
            (_texts(o, "option_text", base), bool(o.get("is_correct")))
            for o in sorted(_items(blanks[0].get("options")), key=lambda o: o.get("order") or 0)
        ]
    elif kind not in ("qcm_single", "qcm_multiple", "true_false"):
        return _("the question type %(type)s has no equivalent here") % {"type": kind or "?"}
    right = sum(1 for _text, correct in choices if correct)
    if len(choices) < 2 or right != 1:
        return ngettext(
            "%(count)d choice with %(right)d right ones (ours need one right among two or more)",
            "%(count)d choices with %(right)d right ones (ours need one right among two or more)",
            len(choices),
        ) % {"count": len(choices), "right": right}
    prompt = _texts(question, "question_text", base)
    if not any(prompt.values()):
        return _("no question text")
    return _Mapped(prompt, _texts(question, "explanation", base), choices)


def _save_question(exercise: Exercise, item: dict, mapped: _Mapped, report) -> None:
    ref = _id(item) or f"{exercise.external_ref}-{item.get('order') or 0}"
    fields = {
        "exercise": exercise,
        "kind": Question.Kind.CHOICE,
        "position": int(item.get("order") or 0),
        **_translated("prompt", mapped.prompt),
        **_translated("explanation", mapped.explanation),
    }
    question = Question.objects.filter(
        external_ref=ref, exercise__external_ref=exercise.external_ref
    ).first()
    created = question is None
    if created:
        question = Question.objects.create(external_ref=ref, **fields)
        report.created["question"] += 1
        changed = False
    else:
        changed = _changed(question, fields)
    existing = list(question.choices.order_by("position", "pk"))
    for position, (text, correct) in enumerate(mapped.choices):
        values = {**_translated("text", text, 300), "is_correct": correct, "position": position}
        if position < len(existing):
            changed |= _changed(existing[position], values)
        else:
            Choice.objects.create(question=question, **values)
            changed = True
    surplus = existing[len(mapped.choices) :]
    if surplus:
        # Attempts keep their own correctness: removing a choice never rewrites history.
        Choice.objects.filter(pk__in=[c.pk for c in surplus]).delete()
        changed = True
    if changed and not created:
        report.updated["question"] += 1
    if item.get("question_image"):
        report.not_used[_("question images")] += 1
