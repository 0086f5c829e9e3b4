"""The attempts API for the host platform (Madrasti 2.0's homework app).

POST /api/v1/attempts records an attempt made on the platform; the OpenAPI schema is served
at /api/v1/openapi.json. Auth: `Authorization: Bearer <token>`: a platform token (an API
client's), or a person's own Madrasti 2.0 access token (a student reports only their own
attempts, a teacher only those of students they teach). A retried report with the same
`Idempotency-Key` is recorded once.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.utils import timezone
from ninja import Header, NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from accounts.models import User
from mastery.errors import PracticeError
from mastery.models import Attempt, Question
from mastery.rules import Displayed
from mastery.selectors import progress_displayed as displayed_of
from mastery.services import attempt_record
from schools.rules import work_time_window
from schools.selectors import teacher_teaches_student

from . import rules, services
from .errors import HostSignInError
from .models import ApiClient, hash_token
from .schemas import AttemptIn, AttemptOut, ErrorOut
from .throttles import ClientTokenThrottle


@dataclass(frozen=True)
class PersonalToken:
    """A request signed with a person's own Madrasti 2.0 access token."""

    user: User


class PlatformToken(HttpBearer):
    def authenticate(self, request, token: str) -> ApiClient | PersonalToken | None:
        client = ApiClient.objects.filter(token_hash=hash_token(token), is_active=True).first()
        if client is not None or not rules.looks_like_jwt(token):
            return client
        try:
            return PersonalToken(services.token_sign_in(token=token, roles=rules.API_ROLES))
        except HostSignInError as error:
            raise ApiError(error.status, error.code, str(error.message)) from error


api = NinjaAPI(
    title="Madrasti Growth API",
    version="1.0.0",
    description=__doc__,
    urls_namespace="api",
    docs_url=None,
)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return api.create_response(
        request, {"code": exc.code, "message": exc.message}, status=exc.status
    )


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    return api.create_response(
        request,
        {"code": "invalid", "message": "The request body is not valid.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc, AuthenticationError):
        code, message = "unauthorized", "Send a valid platform token as a Bearer token."
    elif exc.status_code == 400:
        code, message = "invalid_json", "The body is not valid JSON."
    elif exc.status_code == 429:
        code = "rate_limited"
        message = "Too many requests for this client token: wait Retry-After seconds."
    else:
        code, message = "error", str(exc)
    return api.create_response(request, {"code": code, "message": message}, status=exc.status_code)


def _client_and_key(auth, student: User | None, key: str) -> tuple[ApiClient, str]:
    """Who reports, and their idempotency key; a person reports only for themselves (a
    student) or for students they teach (a teacher)."""
    if isinstance(auth, ApiClient):
        return auth, key
    user = auth.user
    allowed = student is not None and (
        student.pk == user.pk
        or (user.is_teacher and teacher_teaches_student(teacher=user, student_id=student.pk))
    )
    if not allowed:
        raise ApiError(
            403,
            "forbidden_student",
            "With a personal token you can report only your own attempts, or, as a teacher, "
            "those of students you teach.",
        )
    client = services.personal_tokens_client()
    if not client.is_active:
        raise ApiError(403, "personal_tokens_off", "Reports with personal tokens are switched off.")
    return client, rules.scoped_idempotency_key(user.pk, key)


def _out(attempt: Attempt, shown: Displayed, *, replayed: bool) -> AttemptOut:
    return AttemptOut(
        id=attempt.pk,
        student_email=attempt.student.email,
        question_id=attempt.question_id,
        correct=attempt.correct,
        attempt_number=attempt.attempt_number,
        answered_at=attempt.answered_at,
        skill_id=attempt.skill_id,
        # The number the student sees in every view (after forgetting), and its level.
        skill_mastery=shown.percent,
        skill_level=shown.level,
        replayed=replayed,
    )


def _replay(client: ApiClient, key: str, student: User, question: Question):
    existing = (
        Attempt.objects.select_related("student").filter(client=client, idempotency_key=key).first()
    )
    if existing is None:
        return None
    if existing.student_id != student.pk or existing.question_id != question.pk:
        raise ApiError(
            409,
            "idempotency_conflict",
            "This Idempotency-Key was already used for a different attempt.",
        )
    progress = existing.skill.progress.get(student=student)
    shown = displayed_of(progress, top_level=existing.skill.top_level)
    return Status(200, _out(existing, shown, replayed=True))


@api.post(
    "/attempts",
    auth=PlatformToken(),
    throttle=ClientTokenThrottle(),
    response={
        200: AttemptOut,
        201: AttemptOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Report an attempt made on the host platform",
    tags=["attempts"],
)
def report_attempt(
    request,
    payload: AttemptIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=100),
):
    """Records one answer. 201 when recorded, 200 when this key was already recorded."""
    student = User.objects.filter(
        email__iexact=payload.student_email, role=User.Role.STUDENT, is_active=True
    ).first()
    client, idempotency_key = _client_and_key(request.auth, student, idempotency_key)
    if student is None:
        raise ApiError(404, "unknown_student", "No active student has this email.")
    question = Question.objects.filter(pk=payload.question_id).first()
    if question is None:
        raise ApiError(404, "unknown_question", "No question has this id.")
    now = timezone.now()
    answered_at = payload.answered_at or now
    earliest, latest = work_time_window(now=now, today=timezone.localdate(now))
    if answered_at > latest:
        raise ApiError(
            422,
            "answered_in_future",
            f"answered_at is in the future (the server's time is {now.isoformat()}).",
        )
    if answered_at < earliest:
        raise ApiError(
            422,
            "answered_too_long_ago",
            f"answered_at is before this school year (the earliest accepted is "
            f"{earliest.date().isoformat()}).",
        )
    replay = _replay(client, idempotency_key, student, question)
    if replay:
        return replay
    try:
        outcome = attempt_record(
            student=student,
            question=question,
            answer=payload.answer,
            source=Attempt.Source.HOST,
            correct=payload.correct,
            time_spent_ms=round(payload.time_spent_seconds * 1000),
            hint_used=payload.hint_used,
            answered_at=answered_at,
            client=client,
            idempotency_key=idempotency_key,
        )
    except PracticeError as error:
        status = {"forbidden": 403, "idempotency_conflict": 409}.get(error.code, 400)
        raise ApiError(status, error.code, str(error.message)) from error
    except IntegrityError:
        # A concurrent report with the same key won the race: answer with its result.
        replay = _replay(client, idempotency_key, student, question)
        if replay is None:
            raise
        return replay
    status = 200 if outcome.replayed else 201
    return Status(status, _out(outcome.attempt, outcome.shown, replayed=outcome.replayed))


def _public(patterns):
    """The API authenticates with its own token, not the login session."""
    for pattern in patterns:
        if hasattr(pattern, "callback"):
            pattern.callback = login_not_required(pattern.callback)
        else:
            _public(pattern.url_patterns)
    return patterns


urls = api.urls
_public(urls[0])
