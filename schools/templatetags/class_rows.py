"""The class view's long lists written in Python: a student's table row, an attention item and
its concerns. A class of 1,000 has 1,000 rows and hundreds of attention items, and a dozen
template nodes each cost more than the rest of the page. Every sentence goes through the
same catalog entries the templates used and, as there, is trusted as written; every value
in one is escaped, names isolated."""

from html import escape as html_escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from project.templatetags.bidi import isolate
from project.templatetags.human_time import since

from .teacher_links import encourage_url, open_skill_url, student_link

register = template.Library()


def escape(value) -> str:
    """Django's escape without its lazy-string wrapper (the same characters replaced): called
    thousands of times a page here, always on plain strings and numbers."""
    return html_escape(str(value))


def _isolated(value) -> str:
    return escape(isolate(value))


@register.simple_tag
def concern(c, grouped=None) -> SafeString:
    """What is noticed about a student (an attention.Concern), then a suggestion. `grouped`:
    the skill ids of the student's small groups on the class view."""
    if c.kind == "declining":
        noticed = gettext("Mastery declining (−%(points)s%% this week).") % {"points": c.value}
        advice = gettext("Suggestion: offer a short one-to-one check-in.")
    elif c.kind == "inactive":
        noticed = ngettext(
            "No practice for %(counter)s day.", "No practice for %(counter)s days.", c.value
        ) % {"counter": c.value}
        advice = gettext("Suggestion: check in personally and agree on one small next step.")
    elif c.kind == "struggling":
        noticed = gettext("Finding %(skill)s hard (%(mastery)s%%).") % {
            "skill": _isolated(c.skill_name),
            "mastery": c.value,
        }
        if grouped and c.skill_id in grouped:
            advice = gettext("In the small group for %(skill)s above.") % {
                "skill": _isolated(c.skill_name)
            }
        elif c.tutor:
            words = gettext(
                "Suggestion: pair with %(tutor)s, who mastered it, as a peer tutor."
            ) % {"tutor": _isolated(c.tutor)}
            advice = f'<span data-tutor="{c.tutor.pk}">{words}</span>'
        else:
            advice = gettext("Suggestion: work through a beginner exercise together.")
    else:
        noticed = ngettext(
            "Answered %(counter)s question in a rush.",
            "Answered %(counter)s questions in a rush.",
            c.value,
        ) % {"counter": c.value}
        advice = gettext("Suggestion: talk about taking time to think; speed is not the goal.")
    # The catalog's sentences are ours; only the values in them came from people.
    return mark_safe(f"{noticed} <em>{advice}</em>")  # noqa: S308


@register.simple_tag
def attention_item(row, class_id) -> SafeString:
    """One student of the attention list: name, concerns, and a word of encouragement."""
    pk = row.student.pk
    url = encourage_url(row.student)
    items = "".join(
        f'\n        <li data-concern="{escape(c.kind)}">{concern(c, row.grouped_skills)}</li>'
        for c in row.concerns
    )
    return mark_safe(  # noqa: S308 - escaped above, or ids and our own words
        f'<li data-student="{pk}"><strong>{student_link(row.student, class_id)}</strong>\n'
        f"      <ul>{items}\n      </ul>\n"
        f'      <a class="button ghost" href="{url}"\n'
        f'         hx-get="{url}" hx-target="#encourage-{pk}" hx-swap="outerHTML">'
        f"{gettext('Send encouragement')}</a>\n"
        f'      <div id="encourage-{pk}"></div>\n    </li>'
    )


@register.simple_tag(takes_context=True)
def student_row(context, row, class_id) -> SafeString:
    """One row of the class's student table."""
    pk = row.student.pk
    cells = "".join(f"<td>{value}%</td>" for value in row.masteries)
    change = f"+{row.week_change}" if row.week_change > 0 else f"{row.week_change}"
    if row.last_practiced_at:
        last = gettext("%(since)s ago") % {"since": escape(since(row.last_practiced_at))}
    else:
        last = gettext("Not yet")
    if row.locked:
        token = escape(context.get("csrf_token", ""))
        options = "".join(
            f'<option value="{skill.pk}">{escape(skill.name)}</option>' for skill in row.locked
        )
        label = gettext("Skill to open for %(student)s") % {"student": _isolated(row.student)}
        opening = (
            f'\n        <form method="post" action="{open_skill_url(row.student, class_id)}" '
            f'class="inline-form" data-open-for-student="{pk}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
            f'          <label class="visually-hidden" for="open-{pk}">{label}</label>\n'
            f'          <select id="open-{pk}" name="skill" required>{options}</select>\n'
            f'          <button type="submit" class="button ghost">{gettext("Open")}'
            f"</button>\n        </form>\n      "
        )
    else:
        opening = f'<span class="muted">{gettext("Every skill is open")}</span>'
    return mark_safe(  # noqa: S308 - escaped above, or ids and numbers
        f'<tr>\n      <th scope="row">{student_link(row.student, class_id)}</th>\n      {cells}\n'
        f"      <td>{change}</td>\n      <td>{row.skills_mastered}</td>\n"
        f"      <td>{last}</td>\n      <td>{opening}</td>\n    </tr>"
    )
