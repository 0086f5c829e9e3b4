from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET, require_POST

from dashboards.views import student_home, teacher_home
from schools.selectors import student_subjects

from . import journey, rules, selectors, services, tree, variants
from .errors import InvalidAnswer, NotAllowed
from .models import Exercise, Question, Skill


def student_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_student:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
def home(request):
    user = request.user
    if user.is_teacher:
        return teacher_home(request)
    if user.is_student:
        return student_home(request)
    if user.is_parent:
        return redirect("family:home")
    if user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied


@require_GET
@student_required
def subject_detail(request, subject_id: int):
    subject = get_object_or_404(student_subjects(student=request.user), pk=subject_id)
    view = selectors.student_subject(student=request.user, subject=subject)
    context = _tree_context(view)
    context["journey"] = journey.build(view.nodes)
    return render(request, "mastery/subject.html", context)


@require_GET
@student_required
def subject_tree(request, subject_id: int):
    """The drawn tree alone, for a page to swap in after a live event (static/js/tree-live.js):
    the geometry stays here, never recomputed in the browser."""
    subject = get_object_or_404(student_subjects(student=request.user), pk=subject_id)
    view = selectors.student_subject(student=request.user, subject=subject, with_exercises=False)
    context = {**_tree_context(view), "in_practice": request.GET.get("practice") == "1"}
    return render(request, "mastery/_tree_svg.html", context)


def _tree_context(view: selectors.SubjectView) -> dict:
    width, height = tree.layout(view.nodes, rtl=get_language_bidi())
    return {
        "view": view,
        "focus": view.focus,
        "tree_width": width,
        "tree_height": height,
        "tree_edges": tree.edges(view.nodes),
        "node_w": tree.NODE_W,
        "node_h": tree.NODE_H,
        "node_cx": tree.NODE_W / 2,
        "bar_x": tree.BAR_INSET,
        "bar_w": tree.BAR_W,
    }


def _exercise_for(request, exercise_id: int) -> Exercise:
    exercise = get_object_or_404(Exercise.objects.select_related("skill__subject"), pk=exercise_id)
    if not student_subjects(student=request.user).filter(pk=exercise.skill.subject_id).exists():
        raise PermissionDenied
    return exercise


def _practice_context(request, exercise: Exercise, index: int) -> dict:
    questions = selectors.exercise_questions(exercise=exercise)
    if not questions:
        raise Http404
    index = max(1, min(index, len(questions)))
    question = questions[index - 1]
    subject_view = selectors.student_subject(
        student=request.user, subject=exercise.skill.subject, with_exercises=False
    )
    return {
        **_tree_context(subject_view),
        "in_practice": True,
        "exercise": exercise,
        "skill": exercise.skill,
        "question": question,
        "index": index,
        "total": len(questions),
        "next_index": index + 1 if index < len(questions) else None,
        # The sidebar shows the same node as the mini-tree beside it: one number.
        "node": next(n for n in subject_view.nodes if n.id == exercise.skill_id),
    }


@require_GET
@student_required
def practice(request, exercise_id: int):
    exercise = _exercise_for(request, exercise_id)
    try:
        index = int(request.GET.get("q", "1"))
    except ValueError:
        index = 1
    context = _practice_context(request, exercise, index)
    if context["node"].status == "locked":  # kindly: what opens it, not a refusal
        return render(request, "mastery/locked.html", {**context, "lock": context["node"]})
    if context["index"] == 1:
        services.exercise_run_start(student=request.user, exercise=exercise)
    serve = services.question_serve(student=request.user, question=context["question"])
    context["shown"] = shown_texts(context["question"], serve.variant)
    return render(request, "mastery/practice.html", context)


def shown_texts(question: Question, variant: int) -> variants.Texts:
    """The texts of the variant shown, in the reader's language (the answer stays out)."""
    return variants.texts(question, variants.draw(question, variant))


@require_GET
@student_required
def practice_done(request, exercise_id: int):
    exercise = _exercise_for(request, exercise_id)
    summary = selectors.exercise_summary(student=request.user, exercise=exercise)
    return render(request, "mastery/practice_done.html", {"exercise": exercise, **summary})


def _question_for(request, question_id: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("exercise__skill__subject"), pk=question_id
    )
    _exercise_for(request, question.exercise_id)
    return question


def locked_refusal(request, skill: Skill):
    """An answer or hint to a locked skill: refused, nothing recorded, with the page that
    says what opens it (htmx: the same words in place of the question)."""
    view = selectors.student_subject(student=request.user, subject=skill.subject)
    lock = next(n for n in view.nodes if n.id == skill.pk)
    if request.htmx:
        return render(request, "mastery/_locked.html", {"lock": lock}, status=403)
    return render(request, "mastery/locked.html", {**_tree_context(view), "lock": lock}, status=403)


@require_POST
@student_required
def answer(request, question_id: int):
    question = _question_for(request, question_id)
    if selectors.skill_locked(student=request.user, skill=question.exercise.skill):
        return locked_refusal(request, question.exercise.skill)
    index = selectors.question_index(question=question)
    try:
        outcome = services.attempt_record(
            student=request.user, question=question, answer=request.POST.get("answer", "")
        )
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except InvalidAnswer as error:
        context = _practice_context(request, question.exercise, index)
        serve = services.question_serve(student=request.user, question=question)
        context.update(error=error.message, shown=shown_texts(question, serve.variant))
        template = "mastery/_question.html" if request.htmx else "mastery/practice.html"
        return render(request, template, context, status=400)
    # Built after the answer is recorded, so the page shows the number it moved to.
    context = _practice_context(request, question.exercise, index)
    context.update(feedback_context(question, outcome))
    template = "mastery/_feedback.html" if request.htmx else "mastery/practice.html"
    return render(request, template, context)


def feedback_context(
    question: Question, outcome: services.AttemptOutcome, tries: int | None = None
) -> dict:
    """What the feedback partial shows after an answer: the variant answered, and its
    answer once the student has answered right or tried twice (`tries`: at this question
    within the pass, unless the caller counts otherwise)."""
    variant = outcome.attempt.variant
    correct = outcome.attempt.correct
    kind = rules.feedback_kind(correct=correct, attempt_number=tries or outcome.tries)
    if question.is_template and not correct:
        # Its numbers never come back (another try draws new ones): work this one out now.
        kind = "show_solution"
    return {
        "outcome": outcome,
        "feedback": kind,
        "shown": shown_texts(question, variant),
        "solution": selectors.question_solution(question=question, variant=variant)
        if kind in {"show_solution", "first_try", "after_retry"}
        else None,
    }


@require_POST
@student_required
def hint(request, question_id: int):
    question = _question_for(request, question_id)
    if selectors.skill_locked(student=request.user, skill=question.exercise.skill):
        return locked_refusal(request, question.exercise.skill)
    text = services.hint_reveal(student=request.user, question=question)
    return render(request, "mastery/_hint.html", {"hint": text, "question": question})
