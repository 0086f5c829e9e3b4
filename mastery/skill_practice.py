"""Practise a skill: one question after another from the skill's queue, never running out.

The questions come from `selectors.skill_queue` (unseen, templates as fresh variants, spaced
repeats); the feedback, hint and solution are the exercise practice's own partials.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from schools.selectors import student_subjects

from . import selectors, services, tree
from .errors import InvalidAnswer, NotAllowed
from .models import Question, Skill
from .views import (
    _tree_context,
    feedback_context,
    locked_refusal,
    shown_texts,
    student_required,
)


def _skill_for(request, skill_id: int) -> Skill:
    """The skill, for a student of its subject only."""
    skill = get_object_or_404(Skill.objects.select_related("subject"), pk=skill_id)
    if not student_subjects(student=request.user).filter(pk=skill.subject_id).exists():
        raise PermissionDenied
    return skill


def skill_lock(view: selectors.SubjectView, skill: Skill) -> tree.Node | None:
    """The skill's tree node when the skill is locked for the student (None when open): the
    one check every skill practice request goes through."""
    node = next((n for n in view.nodes if n.id == skill.pk), None)
    return node if node is not None and node.status == "locked" else None


def _status(request, skill: Skill, progress=None) -> dict:
    """The skill's displayed mastery and this session's answers, beside the question."""
    if progress is None:
        progress = selectors.skill_progress(student=request.user, skill=skill)
    answers, right = selectors.skill_answers_today(student=request.user, skill=skill)
    return {
        "skill": skill,
        "shown_mastery": selectors.skill_displayed(skill=skill, progress=progress),
        "answers_today": answers,
        "right_today": right,
        "next_url": reverse("skill_practice", args=[skill.pk]),
    }


def _context(request, skill: Skill, view: selectors.SubjectView | None = None) -> dict:
    """The whole page around the question: the mini tree and the status."""
    view = view or selectors.student_subject(
        student=request.user, subject=skill.subject, with_exercises=False
    )
    return {
        **_tree_context(view),
        **_status(request, skill),
        "in_practice": True,
        "lock": skill_lock(view, skill),
    }


def _question_to_serve(request, skill: Skill) -> Question | None:
    """The question asked for (?q=, a "try again"), else the one still open (a reload keeps
    it), else the head of the skill's queue."""
    questions = Question.objects.select_related("exercise__skill").filter(exercise__skill=skill)
    asked = request.GET.get("q", "")
    if asked.isdigit():
        question = questions.filter(pk=int(asked)).first()
        if question is not None:
            return question
    open_id = selectors.skill_open_question_id(student=request.user, skill=skill)
    if open_id is not None:
        return questions.filter(pk=open_id).first()
    queue = selectors.skill_queue(student=request.user, skill=skill, limit=1)
    return queue[0][0] if queue else None


def _with_question(context: dict, question: Question, variant: int) -> dict:
    context.update(
        question=question,
        shown=shown_texts(question, variant),
        answer_url=reverse("skill_practice_answer", args=[context["skill"].pk, question.pk]),
        retry_url=f"{context['next_url']}?q={question.pk}",
    )
    return context


@require_GET
@student_required
def skill_practice(request, skill_id: int):
    skill = _skill_for(request, skill_id)
    context = _context(request, skill)
    if context["lock"]:  # what opens it, step by step, and where to practise for it
        return render(request, "mastery/skill_practice.html", context)
    question = _question_to_serve(request, skill)
    if question is None:
        return render(request, "mastery/skill_practice.html", context)
    serve = services.question_serve(student=request.user, question=question)
    context = _with_question(context, question, serve.variant)
    return render(request, "mastery/skill_practice.html", context)


@require_POST
@student_required
def skill_practice_answer(request, skill_id: int, question_id: int):
    skill = _skill_for(request, skill_id)
    question = get_object_or_404(
        Question.objects.select_related("exercise__skill"), pk=question_id, exercise__skill=skill
    )
    view = selectors.student_subject(
        student=request.user, subject=skill.subject, with_exercises=False
    )
    if skill_lock(view, skill):  # refused, nothing recorded: the page says what opens it
        return locked_refusal(request, skill)
    try:
        outcome = services.attempt_record(
            student=request.user,
            question=question,
            answer=request.POST.get("answer", ""),
            exercise_pass=False,
        )
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except InvalidAnswer as error:
        serve = services.question_serve(student=request.user, question=question)
        context = _with_question(_context(request, skill, view), question, serve.variant)
        context["error"] = error.message
        template = "mastery/_question.html" if request.htmx else "mastery/skill_practice.html"
        return render(request, template, context, status=400)
    if request.htmx:  # the feedback, and the status beside it swapped out of band
        context = _status(request, skill, outcome.progress)
        template = "mastery/_skill_feedback.html"
    else:
        context = _context(request, skill)
        template = "mastery/skill_practice.html"
    context = _with_question(context, question, outcome.attempt.variant)
    tries = selectors.item_tries(attempt=outcome.attempt)
    context.update(feedback_context(question, outcome, tries))
    return render(request, template, context)
