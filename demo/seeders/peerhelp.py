"""Peer help in the demo school: helpers who offered, and finished sessions with their chats.

Deterministic: helpers and requesters are picked from the seeded mastery in username order,
the chats come from the scripts below. Written with bulk_create; no live events are sent.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.models import User
from mastery.models import SkillProgress
from mastery.selectors import progress_displayed
from peerhelp import rules
from peerhelp.models import HelperAvailability, HelpMessage, HelpRequest
from schools.models import SchoolClass, TeachingAssignment

HELPERS_PER_CLASS = 8


@dataclass(frozen=True)
class Script:
    days_ago: int
    topic: str
    question: str
    lines: tuple[str, ...]  # requester first, then turns alternate
    rating: int | None
    thank_you: str = ""
    requester_learned: str = ""
    helper_learned: str = ""
    acknowledged: bool = False


SCRIPTS = (
    Script(
        12,
        "Je bloque sur la méthode",
        "Je ne vois pas par où commencer la question 2. J'ai relu le cours mais je bloque.",
        (
            "Salut ! Tu peux m'aider pour la question 2 ?",
            "Oui bien sûr. Qu'est-ce que tu as déjà essayé ?",
            "J'ai appliqué la formule du cours mais je trouve un résultat bizarre.",
            "Regarde l'étape 1 : il faut d'abord simplifier, ensuite appliquer la formule.",
            "Ah d'accord ! Je refais… ça marche, je trouve le bon résultat.",
            "Super ! Essaie la question 3 de la même façon.",
        ),
        5,
        "Merci, c'était plus clair que dans mon cahier !",
        "Il faut simplifier avant d'appliquer la formule.",
        "En expliquant, j'ai compris pourquoi on simplifie d'abord.",
        True,
    ),
    Script(
        9,
        "Une erreur que je refais",
        "Je fais toujours la même erreur dans les exercices de cette notion.",
        (
            "Je me trompe toujours au même endroit, tu peux regarder ?",
            "Montre-moi ta dernière réponse, étape par étape.",
            "J'ai écrit le résultat directement sans poser le calcul.",
            "Voilà l'erreur : pose chaque étape, même si ça paraît long.",
            "OK, je pose tout. Cette fois c'est juste !",
        ),
        4,
        "Merci pour ta patience !",
        "Poser chaque étape m'évite les erreurs.",
        "",
    ),
    Script(
        6,
        "سؤال حول التمرين",
        "لم أفهم كيف نبدأ هذا التمرين، هل يمكنك مساعدتي؟",
        (
            "السلام! هل يمكنك أن تشرح لي بداية التمرين؟",
            "طبعاً. ابدأ بكتابة المعطيات، ثم حدّد المطلوب.",
            "كتبت المعطيات… الآن فهمت ماذا يجب أن أحسب.",
            "ممتاز! أكمل وأخبرني بالنتيجة.",
        ),
        5,
        "شكراً جزيلاً، الشرح كان واضحاً جداً!",
        "كتابة المعطيات أولاً تساعدني على الفهم.",
        "عندما أشرح، أتذكر الدرس أفضل.",
    ),
    Script(
        3,
        "Checking my answer",
        "I got an answer but I'm not sure it is right. Can someone check my reasoning?",
        (
            "Hi! Could you check my reasoning for the last exercise?",
            "Sure, tell me the steps you followed.",
            "First I rewrote the expression, then I compared both sides.",
            "That's right. Just check the last step again, a sign changed.",
            "Oh, I see it now. Thanks!",
        ),
        5,
        "You explained it step by step, thank you!",
        "",
        "Checking someone else's steps made me notice my own habits.",
    ),
)


def _mastered_by_skill(students: list[User], skill_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = SkillProgress.objects.filter(student__in=students, skill_id__in=skill_ids).order_by(
        "skill_id", "student__username"
    )
    for row in rows.select_related("skill"):
        if rules.can_help_with(shown=progress_displayed(row, top_level=row.skill.top_level)):
            found.setdefault(row.skill_id, []).append(row.student_id)
    return found


def seed(*, classes: list[SchoolClass], anchor: date, tz) -> dict[str, int]:
    """Opt-ins for the first helpers of each class and the scripted sessions, one per skill
    that has a willing helper and a classmate who has not mastered it yet."""
    availabilities: list[HelperAvailability] = []
    planned: list[tuple[HelpRequest, Script]] = []
    for school_class in classes:
        students = list(
            User.objects.filter(
                enrollments__school_class=school_class, enrollments__is_active=True
            ).order_by("username")
        )
        assignments = {
            a.subject_id: a.teacher
            for a in TeachingAssignment.objects.filter(school_class=school_class).select_related(
                "teacher"
            )
        }
        skills = list(
            SkillProgress.objects.filter(student__in=students, skill__subject__in=assignments)
            .values_list("skill_id", "skill__subject_id")
            .distinct()
            .order_by("skill_id")
        )
        mastered = _mastered_by_skill(students, [s for s, _ in skills])
        helper_ids: list[int] = []
        for student in students:
            if any(student.pk in ids for ids in mastered.values()):
                helper_ids.append(student.pk)
            if len(helper_ids) == HELPERS_PER_CLASS:
                break
        start = datetime.combine(anchor - timedelta(days=30), time(16), tz)
        availabilities += [
            HelperAvailability(student_id=pk, is_available=True, changed_at=start)
            for pk in helper_ids
        ]
        scripts = iter(SCRIPTS)
        for skill_id, subject_id in skills:
            helpers = [pk for pk in mastered.get(skill_id, []) if pk in helper_ids]
            needing = [s for s in students if s.pk not in mastered.get(skill_id, [])]
            if not helpers or not needing:
                continue
            script = next(scripts, None)
            if script is None:
                break
            asked = datetime.combine(anchor - timedelta(days=script.days_ago), time(17), tz)
            minutes = timedelta(minutes=3 + 2 * len(script.lines) + 1)
            helper_id = helpers[len(planned) % len(helpers)]
            requester = needing[len(planned) % len(needing)]
            request = HelpRequest(
                requester=requester,
                school_class=school_class,
                skill_id=skill_id,
                topic=script.topic,
                question=script.question,
                status=HelpRequest.Status.COMPLETED,
                helper_id=helper_id,
                created_at=asked,
                accepted_at=asked + timedelta(minutes=3),
                completed_at=asked + minutes,
                completed_by=requester,
                rating=script.rating,
                thank_you=script.thank_you,
                requester_learned=script.requester_learned,
                helper_learned=script.helper_learned,
                rated_at=asked + minutes + timedelta(minutes=1),
                acknowledged_by=assignments[subject_id] if script.acknowledged else None,
                acknowledged_at=asked + timedelta(days=1) if script.acknowledged else None,
            )
            planned.append((request, script))
    HelperAvailability.objects.bulk_create(availabilities)
    created = HelpRequest.objects.bulk_create([request for request, _ in planned])
    messages = []
    for request, (_, script) in zip(created, planned, strict=True):
        for n, text in enumerate(script.lines):
            messages.append(
                HelpMessage(
                    request=request,
                    author_id=request.requester_id if n % 2 == 0 else request.helper_id,
                    text=text,
                    sent_at=request.accepted_at + timedelta(minutes=2 * n + 1),
                )
            )
    HelpMessage.objects.bulk_create(messages)
    return {
        "helpers offering help": len(availabilities),
        "help sessions": len(created),
        "help chat lines": len(messages),
    }
