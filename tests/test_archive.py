"""A secretary retires what history needs and deletes what was a mistake (issue 22, ADR 0018).

An archived item leaves the lists, their totals, the overview and new bilag; its page, "Vis arkiverede",
time travel and issued bilag still show it; archiving asks for a reason and can be undone. Only an item
with no history beyond its creation, used by nothing, can be deleted.
"""

import datetime
import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from core.selectors import archivable_entries, named
from core.views import lifecycle_url
from goals.models import Method, Value
from projects.models import Allocation, Partner, Pool, Project
from projects.services import project_create
from tests.factories import overview_sheet
from tests.pages import amount, form_version, links, tables, text

PROJECTS = reverse("projects:project_list")
ARCHIVE = reverse("archive:list")


def list_total(html: str) -> int:
    table = next(t for t in tables(html) if "Disponeret i alt" in t.columns)
    [total] = [row for row in table.foot if row and row[0] == "I alt"]
    return amount(total[table.columns.index("Disponeret i alt")])


def listed_count(html: str) -> int:
    """What the list tells a screen reader it holds: "95 projekter"."""
    return int(re.search(r'id="tabel-status">(\d+)', html).group(1))


def project_status_counts(html: str) -> dict[str, int]:
    """The overview's counts of projects per status: {link: count}."""
    return {
        href: int(shown)
        for href, shown in links(html)
        if href.startswith(PROJECTS + "?") and "status=" in href and shown.isdigit()
    }


def archive(client, item, reason="Oprettet to gange ved en fejl"):
    return client.post(lifecycle_url(item, "archive"), {"reason": reason, "version": getattr(item, "version", "")})


def a_project_with_money():
    return (
        Project.objects.annotate(money=Sum("allocations__amount")).filter(money__gt=0).order_by("-money", "pk").first()
    )


def test_a_secretary_archives_a_project_and_it_leaves_the_list_its_total_and_the_overview(
    client_for, secretary, politician, seed, committed
):
    reader, editor = client_for(politician), client_for(secretary)
    project = a_project_with_money()
    money = project.allocations.aggregate(total=Sum("amount"))["total"]
    before_list, before_overview = reader.get(PROJECTS).content.decode(), reader.get("/").content.decode()

    page = editor.get(project.get_absolute_url()).content.decode()
    assert lifecycle_url(project, "archive") in page
    with committed():
        response = archive(editor, project, "Projektet blev aldrig sat i gang")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()

    after_list, after_overview = reader.get(PROJECTS).content.decode(), reader.get("/").content.decode()
    assert list_total(after_list) == list_total(before_list) - money
    assert (
        list_total(after_list)
        == Allocation.objects.filter(project__archived_at__isnull=True).aggregate(total=Sum("amount"))["total"]
    )
    assert listed_count(after_list) == listed_count(before_list) - 1
    assert project.name not in text(after_list)
    # The overview counts one project fewer: no count went up, one at least went down, and every count it
    # shows is still the number of rows its link lists.
    before_counts, after_counts = project_status_counts(before_overview), project_status_counts(after_overview)
    assert all(after_counts.get(href, 0) <= number for href, number in before_counts.items())
    assert sum(after_counts.values()) < sum(before_counts.values())
    for href, shown in after_counts.items():
        assert listed_count(reader.get(href).content.decode()) == shown, href

    # Its page says so, with the reason; "Vis arkiverede" from the list finds it.
    shown = text(reader.get(project.get_absolute_url()).content.decode())
    assert "Arkiveret" in shown and "Projektet blev aldrig sat i gang" in shown
    archived_link = f"{ARCHIVE}?type=projects.project"
    assert archived_link.replace("&", "&amp;") in after_list or archived_link in after_list
    assert project.name in text(reader.get(archived_link).content.decode())


def test_archiving_can_be_undone_and_the_totals_come_back(client_for, secretary, politician, seed, committed):
    reader, editor = client_for(politician), client_for(secretary)
    project = a_project_with_money()
    before = list_total(reader.get(PROJECTS).content.decode())
    with committed():
        archive(editor, project)
    assert list_total(reader.get(PROJECTS).content.decode()) < before
    project = Project.everything.get(pk=project.pk)
    assert editor.get(lifecycle_url(project, "restore")).status_code == 200
    with committed():
        response = editor.post(lifecycle_url(project, "restore"), {"version": project.version})
    assert response.status_code == 302
    assert list_total(reader.get(PROJECTS).content.decode()) == before
    assert project.name not in text(reader.get(f"{ARCHIVE}?type=projects.project").content.decode())
    # The history says who archived, why, and who restored.
    records = list(Project.history.filter(id=project.pk).order_by("history_date", "history_id"))
    assert [r.archive_reason for r in records[-2:]] == ["Oprettet to gange ved en fejl", ""]
    assert all(r.history_user == secretary for r in records[-2:])


def test_archiving_asks_for_a_reason_and_a_double_click_archives_once(client_for, secretary, seed):
    editor = client_for(secretary)
    project = Project.objects.order_by("pk").first()
    refused = editor.post(lifecycle_url(project, "archive"), {"reason": "  ", "version": project.version})
    assert refused.status_code == 200 and "Skriv en begrundelse for arkiveringen." in refused.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()

    assert archive(editor, project).status_code == 302
    again = archive(editor, project)
    assert again.status_code == 200
    assert "er allerede arkiveret" in again.content.decode()
    assert Project.history.filter(id=project.pk, archived_at__isnull=False).count() == 1


def test_a_project_in_an_issued_bilag_can_only_be_archived_and_the_bilag_still_shows_it(
    client_for, secretary, politician, seed
):
    bilag_version = overview_sheet(acting_user=secretary, issue=True, threshold=0)
    covered = bilag_version.snapshot["covers"]["projects.project"]
    project = Project.objects.get(pk=covered[0])
    editor = client_for(secretary)
    page = text(editor.get(lifecycle_url(project, "delete")).content.decode())
    assert f"{named(project)} indgår i bilag 1 til mødet den 26. marts 2019." in page
    assert "Kan ikke slettes" in page
    refused = editor.post(lifecycle_url(project, "delete"))
    assert "Det kan kun arkiveres." in refused.content.decode() and Project.objects.filter(pk=project.pk).exists()

    archive(editor, project)
    issued = text(client_for(politician).get(bilag_version.bilag.get_absolute_url()).content.decode())
    assert project.name in issued


def test_a_secretary_deletes_a_project_entered_by_mistake_after_seeing_what_goes(client_for, secretary, seed):
    pool = Pool.objects.order_by("pk").first()
    mistake = project_create(
        pool=pool,
        data={"name": "Dobbelt oprettet", "description": "Fejl"},
        allocations={2026: 1000},
        acting_user=secretary,
    )
    editor = client_for(secretary)
    confirm = text(editor.get(lifecycle_url(mistake, "delete")).content.decode())
    assert "Projekt „Dobbelt oprettet“" in confirm and "1 disponering, der hører til" in confirm.lower()
    response = editor.post(lifecycle_url(mistake, "delete"))
    assert response.status_code == 302 and response["Location"] == PROJECTS
    assert not Project.everything.filter(pk=mistake.pk).exists()
    assert Project.history.filter(id=mistake.pk, history_type="-").get().history_user == secretary
    # A second click finds nothing left to delete and does no harm.
    assert editor.post(lifecycle_url(mistake, "delete")).status_code == 404


def test_a_pool_with_projects_can_only_be_archived_and_says_why(client_for, secretary, seed):
    pool = Pool.objects.order_by("pk").first()
    page = text(client_for(secretary).get(lifecycle_url(pool, "delete")).content.decode())
    assert f"Pulje „{pool.name}“ bruges af" in page and "projekter" in page


def test_a_politician_can_see_the_archive_but_not_archive_restore_or_delete(client_for, politician, secretary, seed):
    project = Project.objects.order_by("pk").first()
    reader = client_for(politician)
    assert lifecycle_url(project, "archive") not in reader.get(project.get_absolute_url()).content.decode()
    for action in ("archive", "restore", "delete"):
        assert reader.get(lifecycle_url(project, action)).status_code == 403
        assert reader.post(lifecycle_url(project, action), {"reason": "x"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    assert reader.get(ARCHIVE).status_code == 200


def test_time_travel_shows_an_archived_project_as_it_was_before(client_for, politician, secretary, seed):
    project = a_project_with_money()
    archive(client_for(secretary), project)
    reader = client_for(politician)
    assert project.name not in text(reader.get(PROJECTS).content.decode())
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    past = text(reader.get(PROJECTS, {"dato": day, "pool": project.pool_id}).content.decode())
    assert project.name in past
    reader.get(PROJECTS, {"dato": ""})


def test_archiving_shows_in_the_audit_trail_and_the_changes_since_the_last_meeting(client_for, administrator, seed):
    from audit.changes import committee_changes

    project = Project.objects.order_by("pk").first()
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    archive(client_for(administrator), project, "Afsluttet før tid")
    changes = committee_changes(after=start, until=datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1))
    audit = text(client_for(administrator).get(reverse("audit:entry_list")).content.decode())
    assert "Afsluttet før tid" in audit
    assert "Afsluttet før tid" in str(changes.items)
    assert "'what': 'Arkiveret'" in str(changes.items)


@pytest.mark.parametrize("entry", archivable_entries(), ids=lambda entry: entry.label)
def test_every_kind_can_be_archived_and_restored_by_a_secretary(client_for, secretary, seed, entry):
    item = entry.model.objects.order_by("pk").first()
    assert item is not None, f"the seed has no {entry.plural}"
    editor = client_for(secretary)
    assert editor.get(lifecycle_url(item, "archive")).status_code == 200
    assert archive(editor, item).status_code == 302
    assert not entry.model.objects.filter(pk=item.pk).exists()
    assert str(item) in text(editor.get(ARCHIVE, {"type": entry.label}).content.decode())
    item = entry.model.everything.get(pk=item.pk)
    assert editor.post(lifecycle_url(item, "restore"), {"version": getattr(item, "version", "")}).status_code == 302
    assert entry.model.objects.filter(pk=item.pk).exists()
    # The delete page answers too: either what goes, or why it may only be archived.
    assert editor.get(lifecycle_url(item, "delete")).status_code == 200


# --- Whole lives through the pages: create → delete, and create → edit → archive → restore ---------------

LIVES = [
    ("projects:partner_add", "projects:partner_edit", Partner, {"name": "Fejlpartner"}, {"name": "Rettet partner"}),
    (
        "goals:value_add",
        "goals:value_edit",
        Value,
        {"name": "Mod", "statement": "Vi tør.", "therefore": "Derfor prøver vi."},
        {"name": "Mod og tillid", "statement": "Vi tør.", "therefore": "Derfor prøver vi."},
    ),
    (
        "goals:method_add",
        "goals:method_edit",
        Method,
        {"name": "Sparring", "description": ""},
        {"name": "Kollegial sparring", "description": "Hver uge."},
    ),
]


@pytest.mark.parametrize("add, edit, model, new, corrected", LIVES, ids=[life[2].__name__ for life in LIVES])
def test_a_secretary_deletes_a_new_mistake_and_archives_and_restores_a_corrected_item(
    client_for, secretary, seed, committed, add, edit, model, new, corrected
):
    editor = client_for(secretary)
    with committed():
        assert editor.post(reverse(add), new).status_code == 302
    mistake = model.objects.get(name=new["name"])
    assert "Det sletter:" in editor.get(lifecycle_url(mistake, "delete")).content.decode()
    with committed():
        assert editor.post(lifecycle_url(mistake, "delete")).status_code == 302
    assert not model.everything.filter(pk=mistake.pk).exists()

    with committed():
        editor.post(reverse(add), new)
    item = model.objects.get(name=new["name"])
    with committed():
        edit_url = reverse(edit, kwargs={"pk": item.pk})
        assert editor.post(edit_url, {**form_version(editor, edit_url), **corrected}).status_code == 302
    # Corrected, it has a history: the edit page offers archiving, and deleting is refused with the reason.
    assert lifecycle_url(item, "archive") in editor.get(reverse(edit, kwargs={"pk": item.pk})).content.decode()
    assert "er ændret, siden det blev oprettet" in text(editor.get(lifecycle_url(item, "delete")).content.decode())
    item.refresh_from_db()  # the version the archive page is opened at
    with committed():
        assert archive(editor, item).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
    assert corrected["name"] in text(editor.get(ARCHIVE, {"type": item._meta.label_lower}).content.decode())
    with committed():
        assert (
            editor.post(
                lifecycle_url(item, "restore"), form_version(editor, lifecycle_url(item, "restore"))
            ).status_code
            == 302
        )
    assert model.objects.get(pk=item.pk).name == corrected["name"]
