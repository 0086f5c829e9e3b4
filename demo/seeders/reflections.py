"""Demo reflections: what the demo pupils wrote after some exercises, and the replies.

Written in the language each pupil uses (French, Arabic or English), about strategy and
effort rather than about being "good at" a subject, as the reflection prompts invite. Most
answer two or more prompts; a few are a single line, as real ones are. Teachers have read
about two thirds, answered some with a few words or a one-click encouragement.
"""

from datetime import timedelta
from random import Random

from django.db.models import Max

from accounts.models import User
from mastery.models import Attempt
from reflections.models import EncouragementPreset, Reflection
from schools.models import Enrollment, TeachingAssignment

SEED = "madrasti-growth-demo-reflections"

# (what I learned, what was challenging, how I overcame it, what next), by language.
WRITINGS = {
    "fr": [
        (
            "J'ai compris qu'il faut poser chaque étape avant de calculer.",
            "Je me trompais souvent sur les signes quand j'allais trop vite.",
            "J'ai refait les exercices ratés en vérifiant chaque signe à voix basse.",
            "Je veux essayer les exercices plus difficiles de la même compétence.",
        ),
        (
            "Relire l'énoncé deux fois m'évite beaucoup d'erreurs bêtes.",
            "Les questions avec plusieurs étapes me faisaient peur au début.",
            "J'ai découpé chaque question en petites parties et ça a marché.",
            "",
        ),
        (
            "Faire un schéma m'aide à voir ce que la question demande vraiment.",
            "Je ne savais pas par où commencer sur la troisième question.",
            "J'ai utilisé l'indice puis j'ai refait la question sans aide.",
            "Revoir la leçon précédente avant le prochain exercice.",
        ),
        ("Je progresse quand je m'entraîne un peu chaque jour.", "", "", ""),
    ],
    "ar": [
        (
            "تعلمت أن أكتب كل خطوة قبل أن أحسب النتيجة النهائية.",
            "كنت أخطئ في الإشارات عندما أتسرع في الحل.",
            "أعدت حل التمارين التي أخطأت فيها وتحققت من كل خطوة بهدوء.",
            "أريد أن أجرب تمارين أصعب في نفس المهارة.",
        ),
        (
            "قراءة السؤال مرتين تساعدني على فهم المطلوب بدقة.",
            "الأسئلة الطويلة ذات الخطوات الكثيرة كانت صعبة علي.",
            "قسمت كل سؤال إلى أجزاء صغيرة وحللت كل جزء على حدة.",
            "",
        ),
        (
            "الرسم البياني يساعدني على رؤية العلاقة بين المعطيات بسرعة.",
            "لم أعرف من أين أبدأ في السؤال الثالث.",
            "استعملت التلميح ثم أعدت السؤال بدون مساعدة.",
            "مراجعة الدرس السابق قبل التمرين القادم.",
        ),
        ("أتحسن عندما أتدرب قليلا كل يوم.", "", "", ""),
    ],
    "en": [
        (
            "Writing every step down before calculating keeps me from losing track.",
            "I kept getting the signs wrong when I rushed.",
            "I redid the questions I missed and checked each sign out loud.",
            "I want to try the harder exercises on the same skill.",
        ),
        (
            "Reading the question twice saves me from careless mistakes.",
            "Questions with several steps felt overwhelming at first.",
            "I split each question into small parts and solved them one at a time.",
            "",
        ),
        ("Practising a little every day works better for me than cramming.", "", "", ""),
    ],
}
FEEDBACK = {
    "fr": "Très bonne stratégie : vérifier chaque étape, c'est exactement ce qui fait progresser.",
    "ar": "استراتيجية ممتازة: التحقق من كل خطوة هو ما يصنع التقدم. واصل!",
    "en": "Great strategy: checking each step is exactly what makes the difference.",
}
LANGUAGES = ("fr", "fr", "ar", "ar", "en")  # most pupils write in French or Arabic


def seed(*, students: list[User]) -> int:
    """Create the reflections; returns how many. Deterministic for the same history."""
    rng = Random(SEED)
    teachers = {
        (a.school_class_id, a.subject_id): a.teacher_id for a in TeachingAssignment.objects.all()
    }
    class_of = dict(
        Enrollment.objects.filter(student__in=students).values_list("student_id", "school_class_id")
    )
    # The demo history is attempts (no recorded passes): reflect on exercises practised.
    practised: dict[int, list[dict]] = {}
    for row in (
        Attempt.objects.filter(student__in=students)
        .values("student_id", "exercise_id", "skill__subject_id")
        .annotate(last=Max("answered_at"))
        .order_by("student_id", "last", "exercise_id")
    ):
        practised.setdefault(row["student_id"], []).append(row)
    rows = []
    for index, student in enumerate(students):
        rows_for = practised.get(student.pk, [])
        if not rows_for:
            continue
        language = LANGUAGES[index % len(LANGUAGES)]
        count = min(len(rows_for), rng.randint(1, 4))
        for row in sorted(rng.sample(rows_for, count), key=lambda r: r["last"]):
            learned, challenging, overcame, nxt = rng.choice(WRITINGS[language])
            written = row["last"] + timedelta(minutes=rng.randint(1, 6))
            reflection = Reflection(
                student=student,
                exercise_id=row["exercise_id"],
                subject_id=row["skill__subject_id"],
                what_i_learned=learned,
                what_was_challenging=challenging,
                how_i_overcame_it=overcame,
                what_next=nxt,
                confidence_before=rng.randint(1, 3),
                confidence_after=rng.randint(3, 5),
                difficulty=rng.randint(1, 3),
                created_at=written,
            )
            teacher = teachers.get((class_of.get(student.pk), reflection.subject_id))
            if teacher and rng.random() < 0.65:
                reflection.teacher_read_at = written + timedelta(hours=rng.randint(2, 30))
                reflection.teacher_read_by_id = teacher
                if rng.random() < 0.4:
                    reflection.feedback = FEEDBACK[language]
                elif rng.random() < 0.5:
                    reflection.encouragement_preset = rng.choice(EncouragementPreset.values)
                if reflection.feedback or reflection.encouragement_preset:
                    reflection.feedback_at = reflection.teacher_read_at
                    reflection.feedback_by_id = teacher
            rows.append(reflection)
    Reflection.objects.bulk_create(rows)
    return len(rows)
