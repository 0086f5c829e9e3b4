"""Writes for peer help. Each change of a request locks its row first, so two helpers
accepting at once, or a helper accepting while the requester withdraws, apply one at a time:
exactly one wins and the other is told kindly."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from mastery.models import Skill
from project import signals
from schools.selectors import teacher_may_read

from . import rules, selectors
from .errors import AlreadyTaken, InvalidRequest, NotAllowed, NotAvailable
from .models import HelperAvailability, HelpMessage, HelpRequest
from .room import peer_help_room


def _locked(request_id: int) -> HelpRequest:
    request = (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "helper", "skill")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotAvailable()
    return request


def _room(request: HelpRequest, type: str, payload: dict) -> None:
    publish(room=peer_help_room(request.pk), type=type, payload=payload)


def _tell(user_ids, type: str, payload: dict) -> None:
    # A helper whose account was deleted is None: there is nobody left to tell.
    for user_id in sorted({pk for pk in user_ids if pk is not None}):
        publish(room=user_room(user_id), type=type, payload=payload)


def _text(value: str, *, limit: int, required: bool, empty_message: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidRequest(empty_message or _("Please write a few words."))
    if len(text) > limit:
        raise InvalidRequest(
            ngettext(
                "Please keep it under %(limit)d character.",
                "Please keep it under %(limit)d characters.",
                limit,
            )
            % {"limit": limit}
        )
    return text


@transaction.atomic
def helper_availability_set(
    *, student: User, available: bool, now: datetime | None = None
) -> HelperAvailability:
    """The one-click "I'm happy to help" switch."""
    if not (student.is_active and student.is_student):
        raise NotAllowed()
    setting, _created = HelperAvailability.objects.update_or_create(
        student=student,
        defaults={"is_available": available, "changed_at": now or timezone.now()},
    )
    return setting


@transaction.atomic
def help_request_create(
    *,
    requester: User,
    skill: Skill,
    topic: str,
    question: str,
    helper: User | None = None,
    online_ids=frozenset(),
    now: datetime | None = None,
) -> HelpRequest:
    """Ask for help on a skill of one's class, of one suggested classmate or of any of them.

    Every helper who may take it hears about it live on their own channel."""
    now = now or timezone.now()
    if not (requester.is_active and requester.is_student):
        raise NotAllowed()
    school_class = selectors.class_for_skill(student=requester, skill=skill)
    if school_class is None:
        raise InvalidRequest(_("Please choose a skill from your class."))
    topic = _text(
        topic,
        limit=rules.TOPIC_MAX_CHARS,
        required=True,
        empty_message=_("Please give your question a short topic."),
    )
    question = _text(
        question,
        limit=rules.QUESTION_MAX_CHARS,
        required=True,
        empty_message=_("Please write what you would like help with."),
    )
    open_count = HelpRequest.objects.filter(
        requester=requester, status=HelpRequest.Status.OPEN
    ).count()
    if open_count >= rules.MAX_OPEN_REQUESTS:
        raise InvalidRequest(
            ngettext(
                "You already have %(n)d question waiting. Withdraw it to ask another.",
                "You already have %(n)d questions waiting. Withdraw one to ask another.",
                open_count,
            )
            % {"n": open_count}
        )
    eligible = selectors.eligible_helper_ids(
        school_class=school_class, skill=skill, exclude=[requester.pk]
    )
    if helper is not None and helper.pk not in eligible:
        raise InvalidRequest(_("Please choose one of the suggested classmates."))
    request = HelpRequest.objects.create(
        requester=requester,
        school_class=school_class,
        skill=skill,
        topic=topic,
        question=question,
        asked_helper=helper,
        created_at=now,
    )
    summary = {**selectors.request_summary(request), "question": request.question}
    _tell(
        [helper.pk] if helper is not None else eligible,
        "peerhelp.requested",
        {"request": summary, "asked_you": helper is not None},
    )
    return request


@transaction.atomic
def help_request_cancel(*, request_id: int, requester: User) -> HelpRequest:
    """The requester withdraws an open request; the helpers who could take it are told."""
    request = _locked(request_id)
    if request.requester_id != requester.pk:
        raise NotAllowed()
    if request.status != HelpRequest.Status.OPEN:
        raise NotAvailable()
    request.status = HelpRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    _room(request, "cancelled", {"request": selectors.request_summary(request)})
    _tell(_reached(request), "peerhelp.closed", {"request": selectors.request_summary(request)})
    return request


def _reached(request: HelpRequest, exclude=()) -> set[int]:
    """The helpers an open request was offered to (recomputed: eligibility is live)."""
    if request.asked_helper_id:
        return {request.asked_helper_id} - set(exclude)
    return selectors.eligible_helper_ids(
        school_class=request.school_class_id,
        skill=request.skill_id,
        exclude=[request.requester_id, *exclude],
    )


@transaction.atomic
def help_request_accept(
    *, request_id: int, helper: User, now: datetime | None = None
) -> HelpRequest:
    """A suggested classmate takes the request. Under the row lock only the first one
    finds it open; the others get AlreadyTaken and change nothing."""
    now = now or timezone.now()
    request = _locked(request_id)
    if request.helper_id is not None and request.helper_id == helper.pk:
        return request  # a double click: already theirs
    # Who may help is checked first, so an outsider learns nothing about the request.
    if not selectors.may_help(helper=helper, request=request):
        raise NotAllowed(_("This request is for classmates who have mastered the skill."))
    if request.status in (HelpRequest.Status.ACCEPTED, HelpRequest.Status.COMPLETED):
        raise AlreadyTaken()
    if request.status != HelpRequest.Status.OPEN:
        raise NotAvailable()
    others = _reached(request, exclude=[helper.pk])
    request.status = HelpRequest.Status.ACCEPTED
    request.helper = helper
    request.accepted_at = now
    request.save(update_fields=["status", "helper", "accepted_at"])
    summary = selectors.request_summary(request)
    _room(request, "accepted", {"request": summary, "accepted_at": now.isoformat()})
    _tell([request.requester_id], "peerhelp.accepted", {"request": summary})
    _tell(others, "peerhelp.closed", {"request": summary})
    return request


@transaction.atomic
def help_message_send(
    *, request_id: int, author: User, text: str, now: datetime | None = None
) -> HelpMessage:
    """One chat line: stored, then broadcast to the room after commit."""
    now = now or timezone.now()
    text = _text(text, limit=rules.MESSAGE_MAX_CHARS, required=True)
    request = _locked(request_id)
    if not author.is_student or author.pk not in request.participant_ids:
        raise NotAllowed()
    if request.status != HelpRequest.Status.ACCEPTED:
        raise NotAvailable(_("This chat is closed."))
    message = HelpMessage.objects.create(request=request, author=author, text=text, sent_at=now)
    _room(request, "message", {"message": selectors.message_payload(message)})
    return message


@transaction.atomic
def help_session_complete(
    *, request_id: int, user: User, now: datetime | None = None
) -> HelpRequest:
    """Either student marks the session done; the chat closes and the wrap-up opens."""
    now = now or timezone.now()
    request = _locked(request_id)
    if not user.is_student or user.pk not in request.participant_ids:
        raise NotAllowed()
    if request.status == HelpRequest.Status.COMPLETED:
        return request
    if request.status != HelpRequest.Status.ACCEPTED:
        raise NotAvailable()
    request.status = HelpRequest.Status.COMPLETED
    request.completed_at = now
    request.completed_by = user
    request.save(update_fields=["status", "completed_at", "completed_by"])
    summary = selectors.request_summary(request)
    _room(
        request,
        "completed",
        {
            "request": summary,
            "completed_by": selectors.person(user),
            "completed_at": now.isoformat(),
        },
    )
    other = request.helper_id if user.pk == request.requester_id else request.requester_id
    _tell(
        [other], "peerhelp.completed", {"request": summary, "completed_by": selectors.person(user)}
    )
    signals.help_session_completed.send(sender=HelpRequest, session=request)
    return request


@transaction.atomic
def help_session_wrap_up(
    *,
    request_id: int,
    user: User,
    learned: str = "",
    rating: int | None = None,
    thank_you: str = "",
    now: datetime | None = None,
) -> HelpRequest:
    """After a session: the helped student rates it and may thank the helper; both may write
    what they learned. The helper hears the thanks live, once."""
    now = now or timezone.now()
    learned = _text(learned, limit=rules.LEARNED_MAX_CHARS, required=False)
    thank_you = _text(thank_you, limit=rules.THANK_YOU_MAX_CHARS, required=False)
    request = _locked(request_id)
    if not user.is_student or user.pk not in request.participant_ids:
        raise NotAllowed()
    if request.status != HelpRequest.Status.COMPLETED:
        raise NotAvailable(_("You can wrap up once the session is done."))
    if user.pk == request.helper_id:
        if rating is not None or thank_you:
            raise NotAllowed(_("Only the classmate you helped rates the session."))
        request.helper_learned = learned
        request.save(update_fields=["helper_learned"])
        return request
    if rating is not None and not rules.RATING_MIN <= rating <= rules.RATING_MAX:
        raise InvalidRequest(_("Please choose from 1 to 5."))
    newly_rated = rating is not None and request.rating is None
    newly_thanked = bool(thank_you) and not request.thank_you
    request.requester_learned = learned
    if rating is not None:
        request.rating = rating
    if thank_you:
        request.thank_you = thank_you
    if request.rated_at is None and (rating is not None or thank_you):
        request.rated_at = now
    request.save(update_fields=["requester_learned", "rating", "thank_you", "rated_at"])
    if newly_rated or newly_thanked:
        _tell(
            [request.helper_id],
            "peerhelp.thanked",
            {
                "request": selectors.request_summary(request),
                "thank_you": request.thank_you,
                "rated": request.rating is not None,
            },
        )
    return request


@transaction.atomic
def help_session_acknowledge(
    *, request_id: int, teacher: User, now: datetime | None = None
) -> HelpRequest:
    """A teacher of the class acknowledges a completed session; the helper is told live."""
    now = now or timezone.now()
    request = _locked(request_id)
    if not (
        teacher.is_teacher
        and teacher_may_read(
            teacher=teacher,
            school_class_id=request.school_class_id,
            subject_id=request.skill.subject_id,
        )
    ):
        raise NotAllowed()
    if request.status != HelpRequest.Status.COMPLETED:
        raise NotAvailable(_("You can acknowledge a session once it is done."))
    if request.acknowledged_at is not None:
        return request
    request.acknowledged_by = teacher
    request.acknowledged_at = now
    request.save(update_fields=["acknowledged_by", "acknowledged_at"])
    _tell(
        [request.helper_id],
        "peerhelp.acknowledged",
        {"request": selectors.request_summary(request), "teacher": selectors.person(teacher)},
    )
    return request
