"""Arabic that fits its reader.

- To a student, gender-neutral: the profile has no grammatical gender, so no masculine
  imperative ("واصل", "اختر") or masculine adjective ("كن لطيفًا", "أنت قريب"); buttons and
  invitations use the verbal noun ("إرسال", "اختيار مهارة") or "let us" ("لنواصل").
- A counted noun takes the form of its number without the digit where Arabic drops it: one
  is "يوم واحد", two is "يومان" / "يومين", never "1 يوم" or "2 يومين".
- A skill or exercise name is never put after a definite noun ("المهارة التحليل"): it follows
  an indefinite one in construct ("مهارة التحليل") or stands alone.
"""

import re
from pathlib import Path

from django.conf import settings

from .po_catalog import read_with_pending
from .test_french_tu import TO_SEVERAL, student_msgids

CATALOG = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
# Masculine second-person forms whose feminine is written differently (past-tense verbs and
# pronoun suffixes are written alike for both, and are fine).
MASCULINE = re.compile(
    r"(?<![\w\u0600-\u06ff])(?:"
    r"واصل|استمر|اختر|ابدأ|حاول|انضم|انضمّ|اطلب|افتح|أنهِ|اكتب|خذ|انظر|جرّب|اسأل|ضع|اسحب|أضف|"
    r"ثابر|أجب|اضغط|انقر|اقرأ|فكّر|اترك|اشرح|كن|تحدَّ|ألقِ|أخبِر|"
    r"مستعدًا|لطيفًا|جاهزًا|متأكدًا|فخورًا|قادرًا|"
    r"أنت (?:قريب|مستعد|جاهز|قادر|تتقدّم|تشارك|تراجع|تتعلّم|ترسل)"
    r")(?![\w\u0600-\u06ff])"
)
DEFINITE_BEFORE_NAME = re.compile(
    r"(?<![\w\u0600-\u06ff])ال[\u0600-\u06ff]+ «?%\((?:skill|exercise)\)s"
)
# Prepositions that may follow a number ("3 من 5"): the number is not a noun's count there.
NOT_A_NOUN = {"من", "في", "على", "إلى"}


def entries():
    """The catalog and the translations pending merge: a new sentence is checked as soon as it
    is written."""
    return [e for e in read_with_pending("ar") if e.msgid]


def test_messages_to_students_are_gender_neutral():
    texts = {e.msgid: " | ".join(e.msgstr.values()) for e in entries()}
    masculine = sorted(
        f"{m} → {texts[m]}"
        for m in student_msgids() | TO_SEVERAL
        if m in texts and MASCULINE.search(texts[m])
    )
    assert masculine == []


def test_the_rule_sees_masculine_forms_and_leaves_neutral_ones():
    assert MASCULINE.search("واصل!")
    assert MASCULINE.search("كن لطيفًا")
    assert MASCULINE.search("أنت قريب من التمكّن")
    assert not MASCULINE.search("لنواصل! فزت في هذه الجولة، وتواصل تقدّمك.")
    assert not MASCULINE.search("إرسال الدعوة")


def counted_placeholder(msgid: str, plural: str) -> str | None:
    """The placeholder whose following word changes between singular and plural."""
    after = re.compile(r"%\((\w+)\)[sd][ \u00a0]+(\w+)")
    singular = dict(after.findall(msgid))
    for name, word in after.findall(plural):
        if singular.get(name) not in (None, word):
            return name
    return None


def test_one_and_two_are_said_in_words():
    digits = []
    for e in entries():
        name = e.msgid_plural and counted_placeholder(e.msgid, e.msgid_plural)
        if not name:
            continue
        before_a_noun = re.compile(rf"%\({name}\)[sd][ \u00a0]+([\u0600-\u06ff]+)")
        for form in (1, 2):
            found = before_a_noun.search(e.msgstr.get(form, ""))
            if found and found.group(1) not in NOT_A_NOUN:
                digits.append(f"[{form}] {e.msgstr[form]}")
    assert digits == []


def test_the_count_is_found_where_the_noun_changes():
    assert counted_placeholder("%(counter)s day", "%(counter)s days") == "counter"
    singular, plural = "got %(best)s of %(target)s day.", "got %(best)s of %(target)s days."
    assert counted_placeholder(singular, plural) == "target"


def test_names_follow_no_definite_noun():
    texts = [" ".join(e.msgstr.values()) for e in entries()]
    found = [text for text in texts if DEFINITE_BEFORE_NAME.search(text)]
    assert found == []
    assert DEFINITE_BEFORE_NAME.search("المهارة %(skill)s")
    assert not DEFINITE_BEFORE_NAME.search("مهارة %(skill)s")


SIGNED = re.compile(r"[+\-−±](?:%\(\w+\)[sd]|\{\w+\})")
ISOLATED = re.compile(r"\u2066[+\-−±](?:%\(\w+\)[sd]|\{\w+\})(?:%%|%)?\u2069")


def test_signed_numbers_keep_their_sign_on_the_left():
    """In a right-to-left line "+5" shows as "5+" unless it is isolated left-to-right."""
    bare = [
        text
        for e in entries()
        for text in e.msgstr.values()
        if len(SIGNED.findall(text)) != len(ISOLATED.findall(text))
    ]
    assert bare == []
    assert SIGNED.search("+%(n)s هذا الأسبوع") and not ISOLATED.search("+%(n)s هذا الأسبوع")
    assert ISOLATED.search("\u2066+%(n)s\u2069 هذا الأسبوع")
