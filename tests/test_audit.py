"""Revisionsspor: administrators see who changed what and when; nobody else gets the page."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.roles import ADMINISTRATOR
from projects.models import Allocation, Project
from projects.services import project_update
from statuses.models import StatusValue
from statuses.services import status_change

URL = reverse("audit:entry_list")


def entries(response):
    """The audit entries shown on the page, newest first."""
    assert response.status_code == 200
    return [row.record for row in response.context["table"].page.object_list]


def edit_project(project, *, acting_user, allocations=None, **data):
    """Save a project through its service, as the edit form does."""
    project.refresh_from_db()
    saved = project_update(
        project=project,
        data=data,
        partners=list(project.partners.all()),
        allocations=allocations if allocations is not None else {a.year: a.amount for a in project.allocations.all()},
        expected_version=project.version,
        acting_user=acting_user,
    )
    project.refresh_from_db()
    return saved


def value(slug):
    return StatusValue.objects.get(scale__slug="projektfremdrift", slug=slug)


def test_the_administrator_sees_a_status_change_with_its_reason_and_who_made_it(
    client_for, administrator, secretary, seed
):
    project = Project.objects.get(name="Læsecenter")
    status_change(
        item=project,
        expected_version=project.version,
        new_value=value("paa-sporet"),
        reason="Læsevejlederen er ansat",
        acting_user=secretary,
    )

    response = client_for(administrator).get(URL)
    newest = entries(response)[0]
    assert newest.action_label == "Status ændret"
    assert (newest.kind_name, newest.item_label, newest.user_label) == ("Projekt", "Læsecenter", "Sofie Sekretær")
    assert (newest.old_status.label, newest.new_status.label) == ("Ikke vurderet", "På sporet")
    html = response.content.decode()
    assert "Læsevejlederen er ansat" in html and f'href="{project.get_absolute_url()}"' in html
    # The project's own history row for the same change is not listed a second time.
    assert [e.action for e in entries(response) if e.item_label == "Læsecenter"].count("~") == 0


def test_the_same_filtered_page_read_again_shows_a_change_made_in_between(client_for, administrator, secretary, seed):
    # The query of a set of filters is built once per process (audit.selectors.log._union); its rows never are.
    admin = client_for(administrator)
    project = Project.objects.get(name="Læsecenter")
    filtered = {"slags": "projects.project"}
    before = [e.key for e in entries(admin.get(URL, filtered))]
    edit_project(project, acting_user=secretary, name="Læsecenter Nord")
    after = entries(admin.get(URL, filtered))
    assert after[0].item_label == "Læsecenter Nord" and after[0].key not in before
    assert [e.key for e in after[1:]] == before


def test_an_edit_through_a_service_shows_each_changed_field_old_to_new(client_for, administrator, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    edit_project(project, acting_user=secretary, name="Læsecenter Vest", allocations={2019: 650_000})

    shown = entries(client_for(administrator).get(URL))
    edit = next(e for e in shown if e.kind_name == "Projekt" and e.action_label == "Ændret")
    assert edit.user_label == "Sofie Sekretær" and edit.item_label == "Læsecenter Vest"
    assert [(c.label, c.before, c.after) for c in edit.changes] == [("Projektnavn", "Læsecenter", "Læsecenter Vest")]
    allocation = next(e for e in shown if e.kind_name == "Disponering")
    assert [(c.label, c.before, c.after) for c in allocation.changes] == [
        ("Disponeret beløb", "500.000 kr.", "650.000 kr.")
    ]
    assert allocation.item_url == project.get_absolute_url()  # an allocation has no page; its project does


def test_a_deleted_item_keeps_its_name_and_says_it_is_deleted(client_for, administrator, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    edit_project(project, acting_user=secretary, allocations={})
    assert not Allocation.objects.filter(project=project).exists()

    response = client_for(administrator).get(URL)
    deleted = entries(response)[0]
    assert (deleted.action_label, deleted.kind_name, deleted.item_exists) == ("Slettet", "Disponering", False)
    assert deleted.item_label.startswith("Læsecenter 2019") and deleted.item_url is None
    assert "(slettet)" in response.content.decode()


def test_filtering_by_user_narrows_the_list_to_what_that_user_did(
    client_for, administrator, secretary, other_secretary, seed
):
    status_change(
        item=Project.objects.get(name="Læsecenter"),
        expected_version=Project.objects.get(name="Læsecenter").version,
        new_value=value("paa-sporet"),
        reason="A",
        acting_user=secretary,
    )
    edit_project(
        Project.objects.get(name="Hånd om familien"), acting_user=other_secretary, description="Ny beskrivelse"
    )
    admin = client_for(administrator)

    everything = admin.get(URL).context["table"].paginator.count
    mine = entries(admin.get(URL, {"bruger": secretary.pk}))
    assert [(e.user_label, e.item_label) for e in mine] == [("Sofie Sekretær", "Læsecenter")]
    theirs = entries(admin.get(URL, {"bruger": other_secretary.pk}))
    assert {e.user_label for e in theirs} == {"Søren Sagsbehandler"} and len(theirs) < everything


def test_filtering_by_date_takes_danish_and_iso_dates_and_includes_the_whole_last_day(client_for, administrator, seed):
    admin = client_for(administrator)
    everything = admin.get(URL).context["table"].paginator.count
    # The overview sheet of 26 March 2019 dates the pool projects' first history (docs/decisions/0009).
    danish = admin.get(URL, {"fra": "26-03-2019", "til": "26-03-2019"})
    shown = entries(danish)
    assert shown and len(shown) < everything
    assert {timezone.localtime(e.when).date() for e in shown} == {datetime.date(2019, 3, 26)}
    assert {e.kind_name for e in shown} >= {"Projekt", "Disponering"}
    iso = admin.get(URL, {"fra": "2019-03-26", "til": "2019-03-26"})
    assert iso.context["table"].paginator.count == danish.context["table"].paginator.count
    assert admin.get(URL, {"til": "25-03-2019"}).context["table"].paginator.count < everything


def test_a_bad_date_gets_a_danish_message_and_no_unfiltered_list(client_for, administrator, seed):
    response = client_for(administrator).get(URL, {"fra": "2019-26-03"})
    assert "Skriv datoen som dag-måned-år, fx 26-03-2019." in response.content.decode()
    assert entries(response) == []
    reversed_period = client_for(administrator).get(URL, {"fra": "27-03-2019", "til": "26-03-2019"})
    assert "Til-datoen skal ligge på eller efter fra-datoen." in reversed_period.content.decode()


def test_filtering_by_kind_and_name_finds_the_item_also_by_its_earlier_name(client_for, administrator, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    edit_project(project, acting_user=secretary, name="Læsecenter Vest")
    admin = client_for(administrator)

    by_kind = entries(admin.get(URL, {"slags": "projects.project"}))
    assert by_kind and {e.kind_name for e in by_kind} == {"Projekt"}
    by_new_name = entries(admin.get(URL, {"slags": "projects.project", "q": "vest"}))
    assert [e.action_label for e in by_new_name] == ["Ændret", "Oprettet"]  # the creation carried the old name
    by_name = entries(admin.get(URL, {"q": "Læsecenter"}))
    assert {e.kind_name for e in by_name} == {"Projekt", "Disponering"}


def test_text_with_markup_is_shown_escaped(client_for, administrator, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    edit_project(project, acting_user=secretary, name="<script>alert('x')</script>")
    status_change(
        item=project,
        expected_version=project.version,
        new_value=value("paa-sporet"),
        reason="<script>alert('y')</script>",
        acting_user=secretary,
    )

    html = client_for(administrator).get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;y&#x27;)&lt;/script&gt;" in html


def test_a_reader_and_an_editor_get_403_and_an_anonymous_user_is_sent_to_login(
    client, client_for, politician, secretary
):
    assert client_for(politician).get(URL).status_code == 403
    assert client_for(secretary).get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_of_the_administrator_group_gets_the_page_without_being_superuser(client_for, db):
    member = get_user_model().objects.create_user("gruppeadmin", first_name="Gitte", last_name="Gruppe")
    member.groups.add(Group.objects.get(name=ADMINISTRATOR))
    assert client_for(member).get(URL).status_code == 200


def test_only_administrators_see_the_link_in_the_menu(client_for, administrator, secretary, politician):
    link = f'href="{URL}"'
    assert link in client_for(administrator).get("/").content.decode()
    assert link not in client_for(secretary).get("/").content.decode()
    assert link not in client_for(politician).get("/").content.decode()


def test_a_page_costs_the_same_number_of_queries_with_three_times_the_history(
    client_for, administrator, secretary, seed
):
    admin = client_for(administrator)
    project = Project.objects.get(name="Læsecenter")
    values = [value("paa-sporet"), value("udfordret")]

    def rounds(count):
        # Each round creates, changes and deletes rows and changes a status, so a page always holds
        # every action and the same kinds of item.
        for i in range(count):
            allocations = {2019: 500_000 + i} | ({2020: 1_000} if i % 2 else {})
            edit_project(project, acting_user=secretary, description=f"Runde {i}", allocations=allocations)
            status_change(
                item=project,
                expected_version=project.version,
                new_value=values[i % 2],
                reason=f"Runde {i}",
                acting_user=secretary,
            )

    def queries(**filters):
        admin.get(URL, filters)  # warm caches (content types, session) outside the measurement
        with CaptureQueriesContext(connection) as captured:
            response = admin.get(URL, filters)
        shown = entries(response)
        assert len(shown) == 50
        return len(captured), {e.action for e in shown}

    rounds(30)
    small, small_filtered = queries(), queries(bruger=secretary.pk)
    assert small[1] == {"+", "~", "-", "s"}
    rounds(60)
    assert admin.get(URL).context["table"].paginator.count > 3 * 90
    assert queries() == small
    assert queries(bruger=secretary.pk) == small_filtered
    assert small[0] < 25


def test_goal_links_to_many_items_cost_the_audit_page_no_query_each(client_for, administrator, secretary, seed):
    """A goal link is named by the item it points at; an administrator's log of five links made and undone
    reads those items once per kind, not once per row."""
    from goals.models import Goal
    from goals.services import goal_link, goal_unlink

    admin = client_for(administrator)
    goal = Goal.objects.order_by("number").first()
    projects = list(Project.objects.order_by("pk")[:5])

    def queries():
        admin.get(URL, {"slags": "goals.goallink"})  # warm caches (content types, session) outside the measurement
        with CaptureQueriesContext(connection) as captured:
            response = admin.get(URL, {"slags": "goals.goallink"})
        return len(captured), entries(response), response.content.decode()

    def link_and_undo(some):
        for project in some:
            goal_link(goal=goal, item=project, acting_user=secretary)
            goal_unlink(goal=goal, item=project, acting_user=secretary)

    link_and_undo(projects[:1])
    one, shown, _ = queries()
    assert len(shown) == 2
    link_and_undo(projects[1:])
    five, shown, html = queries()
    assert len(shown) == 10 and five == one
    for project in projects:  # each row named in Danish by its goal and project (long names cut short)
        assert escape(f"{goal.label} ← projekt „{project.name[:30]}") in html
