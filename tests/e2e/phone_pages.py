"""Every page of the URLconf, as a demo user opens it: the list the phone-width walk visits.

`visits()` turns each named GET page into a concrete address on the demo school's data and
the user who may open it. Every other named route is in NOT_PAGES with the reason it is not
a page a person reads (a POST action, a fragment swapped into a page, a download); a route
in neither list fails `uncovered_routes()`, so a new page cannot escape the walk.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from accounts.models import ParentLink, User

# POST-only actions answer a GET with 405 (the walk checks that too); the rest say why.
POST_ONLY = {
    "logout",
    "csp_report",
    "reflections:dismiss",
    "reflections:feedback",
    "reflections:family_share",
    "challenges:respond",
    "personal_challenges:share",
    "personal_challenges:action",
    "peerhelp:availability",
    "peerhelp:accept",
    "peerhelp:cancel",
    "peerhelp:done",
    "peerhelp:acknowledge",
    "groups:join",
    "groups:leave",
    "groups:invite",
    "groups:goal_add",
    "groups:goal_remove",
    "groups:respond",
    "leaderboards:privacy_change",
    "family:weekly_email",
    "answer",
    "hint",
    "skill_practice_answer",
    "open_skill_for_class",
    "open_skill_for_student",
    "host_handoff_switch",
}
NOT_PAGES = {
    **dict.fromkeys(POST_ONLY, "a POST action"),
    "set_language": "the language switch posts to it (a GET only redirects back)",
    "healthz": "a health check for the load balancer",
    "api:openapi-json": "the host API's schema (JSON)",
    "api:report_attempt": "the host API (JSON)",
    "api:api-root": "the host API (JSON)",
    "host_handoff": "the host's sign-in hand-off (redirects; its error page is walked)",
    "peerhelp:suggestions": "a fragment swapped into the ask form (walked inside it)",
    "classgoals:card": "a fragment swapped into the class goals card (walked inside it)",
    "challenges:invitation": "a fragment: an invitation in a live notice (walked in /challenges/)",
    "groups:invitation": "a fragment: an invitation in a live notice (walked in /groups/)",
    "student_invitations": "a fragment fetched into the student's dashboard (walked in it)",
    "subject_tree": "the tree drawing swapped into the subject page (walked inside it)",
    "personal_challenges:reflect": "redirects to the reflection form (walked)",
    "privacy:my_archive": "a zip download",
    "class_grid_csv": "a CSV download",
    "class_metrics_csv": "a CSV download",
    "privacy:child_archive": "a zip download",
}


@dataclass(frozen=True)
class Visit:
    name: str  # the route's name, as reverse() takes it
    path: str
    user: User | None  # None: not signed in


def routes() -> dict[str, URLPattern]:
    """Every named route outside the Django admin, by its name as reverse() takes it."""
    names: dict[str, URLPattern] = {}

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names[f"{namespace}:{entry.name}" if namespace else entry.name] = entry

    walk(get_resolver(), None)
    return names


def uncovered_routes(visited: list[Visit]) -> set[str]:
    return set(routes()) - {v.name for v in visited} - set(NOT_PAGES)


def example_path(name: str) -> str:
    """The route's address with made-up arguments (a POST-only view refuses a GET before it
    looks them up)."""
    converters = routes()[name].pattern.converters
    kwargs = {key: 1 if isinstance(c, IntConverter) else "x" for key, c in converters.items()}
    return reverse(name, kwargs=kwargs)


def _first(queryset, what: str):
    found = queryset.first()
    assert found is not None, f"the demo data has no {what}"
    return found


def visits(*, student: User, teacher: User) -> list[Visit]:
    """The pages, on the demo data: `student` for their own pages, `teacher` for the class
    pages; pages about one object are opened by a user who takes part in it."""
    from challenges.models import Challenge
    from collaboration.models import GroupSession
    from family.digest import unsubscribe_token
    from mastery.models import Exercise, Skill
    from peerhelp.models import HelpRequest
    from personal_challenges.models import PersonalChallenge
    from personal_challenges.selectors import available_kinds
    from reflections.models import Reflection
    from schools.models import Enrollment, TeachingAssignment

    enrollment = _first(Enrollment.objects.filter(student=student, is_active=True), "enrollment")
    school_class = enrollment.school_class
    subject = _first(
        TeachingAssignment.objects.filter(school_class=school_class), "teaching assignment"
    ).subject
    exercise = _first(
        Exercise.objects.filter(skill__subject=subject, attempts__student=student)
        .distinct()
        .order_by("skill__position", "position"),
        "exercise the student practised",
    )
    skill = exercise.skill
    locked = Skill.objects.filter(subject=subject).order_by("-position").first()
    speed = _first(
        Challenge.objects.filter(kind=Challenge.Kind.SPEED, status=Challenge.Status.FINISHED),
        "finished speed challenge",
    )
    session = _first(
        GroupSession.objects.filter(group__school_class=school_class).order_by("-pk"),
        "group session in the student's class",
    )
    group = session.group
    member = _first(group.memberships.order_by("pk"), "group member").student
    help_request = _first(
        HelpRequest.objects.filter(status=HelpRequest.Status.COMPLETED), "completed help request"
    )
    goal = _first(PersonalChallenge.objects.filter(student=student), "personal challenge")
    reflection = _first(Reflection.objects.filter(student=student), "reflection")
    parent, _ = User.objects.get_or_create(
        username="phone-walk-parent",
        defaults={"role": User.Role.PARENT, "first_name": "Khadija", "last_name": "Alaoui"},
    )
    ParentLink.objects.get_or_create(parent=parent, child=student)
    from classgoals.models import ClassGoal

    class_goal = ClassGoal.objects.filter(school_class=school_class).first()

    def v(name: str, user: User | None, *args, query: str = "") -> Visit:
        return Visit(name, reverse(name, args=args) + query, user)

    pages = [
        v("login", None),
        Visit("host_handoff", reverse("host_handoff"), None),
        v("family:unsubscribe", None, unsubscribe_token(parent)),
        # The student's own pages.
        v("home", student),
        v("subject", student, subject.pk),
        v("practice", student, exercise.pk),
        v("practice_done", student, exercise.pk),
        v("skill_practice", student, skill.pk),
        v("growth:bests", student),
        v("growth:moments", student),
        v("reflections:portfolio", student),
        v("reflections:new", student, exercise.pk),
        v("reflections:detail", student, reflection.pk),
        v("challenges:list", student),
        v("challenges:new", student),
        v("challenges:play", speed.challenger, speed.pk),
        v("personal_challenges:list", student),
        v("personal_challenges:new", student),
        *(
            v("personal_challenges:new", student, query=f"?kind={kind}")
            for kind in available_kinds()
        ),
        v("personal_challenges:detail", student, goal.pk),
        v("peerhelp:home", student),
        v("peerhelp:ask", student, query=f"?skill={skill.pk}"),
        v("peerhelp:chat", help_request.requester, help_request.pk),
        v("peerhelp:wrap_up", help_request.requester, help_request.pk),
        v("groups:list", student),
        v("groups:new", student),
        v("groups:detail", member, group.pk),
        v("groups:live", member, group.pk),
        v("groups:session", member, session.pk),
        v("leaderboards:index", student),
        v("leaderboards:privacy", student),
        v("classgoals:list", student, school_class.pk),
        v("privacy:my_data", student),
        # The teacher's pages.
        v("home", teacher),
        v("class_detail", teacher, school_class.pk),
        v("growth:class_effort", teacher, school_class.pk),
        v("class_student", teacher, school_class.pk, student.pk),
        v("class_grid", teacher, school_class.pk),
        v("class_grid_cell", teacher, school_class.pk, student.pk, skill.pk),
        v("class_metrics", teacher, school_class.pk),
        v("class_metrics", teacher, school_class.pk, query="?period=term"),
        v("live_now", teacher),
        v("classgoals:list", teacher, school_class.pk),
        v("classgoals:new", teacher, school_class.pk),
        v("reflections:inbox", teacher),
        v("reflections:encourage", teacher),
        v("reflections:encourage_student", teacher, student.pk),
        v("personal_challenges:shared", teacher),
        v("peerhelp:home", teacher),
        v("groups:list", teacher),
        v("groups:detail", teacher, group.pk),
        v("groups:session", teacher, session.pk),
        v("challenges:list", teacher),
        v("challenges:play", teacher, speed.pk),
        v("leaderboards:index", teacher),
        # The parent's pages.
        v("family:home", parent),
        v("family:child", parent, student.pk),
    ]
    if class_goal is not None:
        pages.append(v("classgoals:edit", teacher, school_class.pk, class_goal.pk))
    if locked is not None and locked.pk != skill.pk:
        pages.append(v("skill_practice", student, locked.pk))
    return pages
