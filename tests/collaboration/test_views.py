"""Every study-group page asks who is asking: members and the class's teachers get in; a
classmate outside the group, another class, and anonymous visitors do not."""

import pytest
from django.urls import reverse

from collaboration import services, sessions
from collaboration.models import GroupGoal, GroupInvitation, GroupMembership, StudyGroup
from live import presence
from tests.factories import make_user

from .helpers import arrive, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def g(world):
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="<i>Wizards</i>",
        current_focus="Carry the ten <script>",
    )
    return group


def test_the_list_shows_my_groups_and_the_class_groups(client, world, g):
    client.force_login(world.bilal)
    page = client.get(reverse("groups:list")).content.decode()
    assert f'data-join="{g.pk}"' in page and "&lt;i&gt;Wizards&lt;/i&gt;" in page
    assert "<script>" not in page.split("<main")[1].split("</main>")[0].replace("<script src=", "")
    client.force_login(world.chloe)  # another class: not even listed
    assert f'data-group="{g.pk}"' not in client.get(reverse("groups:list")).content.decode()
    client.force_login(world.teacher_a)
    assert f'data-group="{g.pk}"' in client.get(reverse("groups:list")).content.decode()
    client.force_login(world.teacher_b)
    assert f'data-group="{g.pk}"' not in client.get(reverse("groups:list")).content.decode()


def test_create_a_group_through_the_form(client, world):
    client.force_login(world.bilal)
    page = client.get(reverse("groups:new"))
    assert page.status_code == 200
    where = f"{world.class_a.pk}-{world.math.pk}"
    response = client.post(
        reverse("groups:new"),
        {"where": where, "name": "Number crew", "max_members": 4, "is_open": "on"},
    )
    group = StudyGroup.objects.get(name="Number crew")
    assert response.status_code == 302 and response["Location"] == f"/groups/{group.pk}/"
    assert (group.school_class, group.subject, group.max_members) == (
        world.class_a,
        world.math,
        4,
    )
    # A class and subject that are not the student's own is not even a choice.
    bad = client.post(
        reverse("groups:new"),
        {"where": f"{world.class_b.pk}-{world.physics.pk}", "name": "X", "max_members": 4},
    )
    assert bad.status_code == 400 and StudyGroup.objects.count() == 1


@pytest.mark.parametrize("name", ["detail", "live"])
def test_group_pages_for_members_and_teachers_only(client, world, g, name):
    url = reverse(f"groups:{name}", args=[g.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for outsider in (world.bilal, world.chloe, world.teacher_b):  # not a member / other class
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
    for insider in (world.alice, world.teacher_a):
        client.force_login(insider)
        page = client.get(url)
        assert page.status_code == 200
        assert "&lt;i&gt;Wizards&lt;/i&gt;" in page.content.decode()
    assert client.get(reverse(f"groups:{name}", args=[g.pk + 999])).status_code == 404


def test_join_invite_goal_and_leave_over_http(client, world, g):
    dina = make_user("dina")
    dina.enrollments.create(school_class=world.class_a)
    client.force_login(world.chloe)
    assert client.post(reverse("groups:join", args=[g.pk])).status_code == 403
    client.force_login(world.bilal)
    assert client.post(reverse("groups:join", args=[g.pk])).status_code == 302
    assert client.get(reverse("groups:join", args=[g.pk])).status_code == 405
    response = client.post(reverse("groups:invite", args=[g.pk]), {"invitee": dina.pk})
    assert response.status_code == 302
    invitation = GroupInvitation.objects.get(invitee=dina)
    bad = client.post(reverse("groups:invite", args=[g.pk]), {"invitee": world.chloe.pk})
    assert bad.status_code == 400
    response = client.post(
        reverse("groups:goal_add", args=[g.pk]),
        {"skill": world.skills[0].pk, "target_mastery": 75},
    )
    assert response.status_code == 302 and GroupGoal.objects.get().target_mastery == 75
    assert (
        client.post(
            reverse("groups:goal_add", args=[g.pk]),
            {"skill": world.physics_exercise.skill.pk, "target_mastery": 75},
        ).status_code
        == 400
    )
    # Another student cannot answer Dina's invitation.
    client.force_login(world.alice)
    assert client.post(reverse("groups:respond", args=[invitation.pk, "accept"])).status_code == 404
    client.force_login(dina)
    page = client.get(reverse("groups:list")).content.decode()
    assert f'data-invitation="{invitation.pk}"' in page
    assert client.post(reverse("groups:respond", args=[invitation.pk, "accept"])).status_code == 302
    assert GroupMembership.objects.filter(group=g).count() == 3
    # Teachers read, they do not write.
    client.force_login(world.teacher_a)
    assert (
        client.post(reverse("groups:invite", args=[g.pk]), {"invitee": dina.pk}).status_code == 403
    )
    assert client.post(reverse("groups:leave", args=[g.pk])).status_code == 403
    client.force_login(world.bilal)
    assert client.post(reverse("groups:leave", args=[g.pk])).status_code == 302
    assert client.get(reverse("groups:detail", args=[g.pk])).status_code == 404


def test_group_page_shows_progress_and_history(client, world, django_assert_max_num_queries):
    group = make_group(world).group
    services.group_goal_add(group_id=group.pk, member=world.alice, skill=world.skills[0])
    arrive(group, world.alice)
    sessions.session_end(group_id=group.pk, member=world.alice)
    client.force_login(world.teacher_a)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "data-goal=" in page and 'data-reached="no"' in page
    assert page.count("data-session=") == 1


def test_session_record_and_reflection(client, world):
    group = make_group(world)
    arrive(group.group, world.alice)
    session = sessions.session_end(group_id=group.group.pk, member=world.alice)
    url = reverse("groups:session", args=[session.pk])
    client.force_login(world.alice)
    assert "data-reflection-form" in client.get(url).content.decode()
    response = client.post(url, {"text": "We found <b>two</b> ways"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "We found &lt;b&gt;two&lt;/b&gt; ways" in page
    assert client.post(url, {"text": ""}).status_code == 400
    client.force_login(group.dina)  # a member who did not come: reads, does not reflect
    page = client.get(url)
    assert page.status_code == 200 and "data-reflection-form" not in page.content.decode()
    assert client.post(url, {"text": "hi"}).status_code == 403
    for outsider in (world.chloe, world.teacher_b):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.teacher_a)
    assert client.get(url).status_code == 200
    presence.presence_sweep()
