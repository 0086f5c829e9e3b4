"""French speaks to a student with "tu": a 15-year-old is not addressed as "vous". The check
reads every msgid a student meets (the student pages, the live labels, the messages of the
student-only modules) and refuses a French translation with vous / votre / vos or an imperative
in -ez. Teacher and parent pages keep "vous". A few sentences speak to two or more students at
once ("Bravo à vous deux"): French's plural "vous" is right there, and they are listed."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

from .po_catalog import read_with_pending

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
STUDENT_TEMPLATES = [
    "403.html",
    "404.html",
    "challenges/list.html",
    "challenges/new.html",
    "challenges/play.html",
    "classgoals/_goal.html",
    "collaboration/detail.html",
    "collaboration/list.html",
    "collaboration/live.html",
    "collaboration/new.html",
    "dashboards/_milestone.html",
    "dashboards/student.html",
    "growth/_metric_help.html",
    "growth/_metric_hint.html",
    "growth/_moment.html",
    "growth/bests.html",
    "growth/moments.html",
    "includes/level_labels.html",
    "leaderboards/_board.html",
    "leaderboards/_standing.html",
    "leaderboards/index.html",
    "leaderboards/privacy.html",
    "mastery/_feedback.html",
    "mastery/_journey.html",
    "mastery/_question.html",
    "mastery/_tree_live.html",
    "mastery/locked.html",
    "mastery/practice.html",
    "mastery/practice_done.html",
    "mastery/skill_practice.html",
    "mastery/subject.html",
    "peerhelp/_helpers.html",
    "peerhelp/_recognition.html",
    "peerhelp/ask.html",
    "peerhelp/chat.html",
    "peerhelp/home.html",
    "peerhelp/wrap_up.html",
    "personal_challenges/*.html",
    "reflections/_feedback_view.html",
    "reflections/_form.html",
    "reflections/_invitation.html",
    "reflections/_thanks.html",
    "reflections/portfolio.html",
]
# Modules whose messages only a student reads.
STUDENT_MODULES = [
    "challenges/services.py",
    "collaboration/forms.py",
    "leaderboards/errors.py",
    "live/consumer.py",
    "peerhelp/errors.py",
    "peerhelp/forms.py",
    "personal_challenges/forms.py",
    "personal_challenges/services.py",
    "reflections/models.py",
]
# Lines of the pages above that only a teacher sees (a teacher's branch of a shared page).
FOR_TEACHERS = {
    "Live challenges in your classes. You can watch any of them; players are told teachers may "
    "observe.",
    "The study groups of your classes. You can open any group and follow a live session; "
    "students are told teachers may read along.",
    "No study group in your classes yet.",
    "You are following this session as a teacher: you can read everything, the students lead.",
    "You see the same boards as your students. An alias stays an alias for everyone, teachers "
    "included.",
    "You are reading this chat as a teacher of the class. The students know teachers can read "
    "it; you cannot write here.",
    "Challenges your students shared",
    "%(name)s chose to share this challenge with you.",
    "Personal challenges are private; these are the ones your students chose to show you. A word "
    "of encouragement goes a long way.",
    "No student has shared a challenge with you yet.",
    "It belongs to another class or another subject's teachers. Your classes are waiting for you "
    "on your home page.",
    "It belongs to another family or role. Your children's week is waiting for you.",
    "The link may be old. Your classes are on your home page.",
    "Pick one of the suggestions or write a few words of your own.",
}
# Said to two players or a whole group at once: French's plural "vous".
TO_SEVERAL = {
    "A tie! You both did great.",
    "You both stepped away, so this match stopped before the end: nobody wins or loses. Every "
    "answer you gave still counts for your progress.",
    "Not yet: {name} submitted “{answer}”. Talk it through and try again. Each try counts for: "
    "{names}.",
    "This session is done. Thank you both!",
}
FORMAL = re.compile(
    r"\b(?<!rendez-)(?:vous|votre|vos)\b|\b(?!(?:chez|assez|rendez)\b)\w{2,}ez\b", re.IGNORECASE
)
CALLS = re.compile(
    r"\b(?:gettext|ngettext|pgettext|npgettext)\(((?:\s*,?\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))+)"
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}


def template_msgids(path: Path) -> set[str]:
    found = set()
    for match in CALLS.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        strings = ast.literal_eval("(" + match.group(1).strip().lstrip(",") + ",)")
        found.add(strings[-1] if match.group(0).startswith("pgettext") else strings[0])
    return found


def module_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def student_msgids() -> set[str]:
    found = set()
    for pattern in STUDENT_TEMPLATES:
        paths = sorted(TEMPLATES.glob(pattern))
        assert paths, pattern
        for path in paths:
            found |= template_msgids(path)
    for module in STUDENT_MODULES:
        found |= module_msgids(BASE / module)
    return found - FOR_TEACHERS - TO_SEVERAL


def test_the_reader_finds_template_and_module_messages():
    msgids = student_msgids()
    assert "Your mastery" in msgids  # {% translate %}
    assert "You practised %(counter)s day in a row." in msgids  # {% blocktranslate count %}
    assert "Please choose an exercise from your class." in msgids  # a module's _()
    assert len(msgids) > 300


def test_the_rule_sees_vous_and_the_imperative_and_leaves_tu_alone():
    assert FORMAL.search("Votre maîtrise")
    assert FORMAL.search("Choisissez une compétence")
    assert FORMAL.search("continuez à vous entraîner")
    assert not FORMAL.search("Choisis une compétence chez toi, assez vite")
    assert not FORMAL.search("Bravo d'avoir été au rendez-vous")


@pytest.mark.parametrize("catalog", ["fr"])
def test_french_speaks_to_students_with_tu(catalog):
    entries = read_with_pending(catalog)
    translations = {e.msgid: " | ".join(e.msgstr.values()) for e in entries if e.msgid}
    msgids = student_msgids()
    assert len(msgids & translations.keys()) > 300
    formal = sorted(m for m in msgids & translations.keys() if FORMAL.search(translations[m]))
    assert formal == [], "'tu' to a student: " + "; ".join(translations[m] for m in formal)


def test_the_exceptions_are_still_in_use():
    everything = set()
    for pattern in STUDENT_TEMPLATES:
        for path in TEMPLATES.glob(pattern):
            everything |= template_msgids(path)
    for module in STUDENT_MODULES:
        everything |= module_msgids(BASE / module)
    assert (FOR_TEACHERS | TO_SEVERAL) - everything == set()
