"""'Vis som den …': the overview, lists and item pages as they were at the end of a chosen day."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.models import Allocation, Pool, Project
from statuses.models import StatusChange, StatusValue
from statuses.services import status_change
from tests.queries import count_queries


def progress(slug):
    return StatusValue.objects.get(scale__slug="projektfremdrift", slug=slug)


def backdate(change, day):
    """Move a status change, and the history row it wrote, to `day` (noon, Danish time)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    StatusChange.objects.filter(pk=change.pk).update(changed_at=moment)
    item = change.item
    newest = type(item).history.filter(id=item.pk).latest("history_date")
    type(item).history.filter(history_id=newest.history_id).update(history_date=moment)
    type(item).objects.filter(pk=item.pk).update(status_changed_at=moment)


@pytest.fixture
def reading_centre(seed, secretary):
    """Læsecenter went 'På sporet' on 10 January 2024 and 'Kritisk' today."""
    project = Project.objects.get(name="Læsecenter")
    backdate(
        status_change(
            item=project,
            expected_version=project.version,
            new_value=progress("paa-sporet"),
            reason="Lærerne er ansat",
            acting_user=secretary,
        ),
        datetime.date(2024, 1, 10),
    )
    project.refresh_from_db()
    status_change(
        item=project,
        expected_version=project.version,
        new_value=progress("kritisk"),
        reason="Lokalerne er lukket",
        acting_user=secretary,
    )
    project.refresh_from_db()
    return project


def counts(response, title="Projekter"):
    # Every status of the scale, also those the page leaves out because no item has them.
    table = next(t for t in response.context["tables"] if t.source.title == title)
    return {value.label: sum(row.cells[i][0] for row in table.rows) for i, value in enumerate(table.values)}


def test_choosing_the_date_of_an_earlier_status_shows_the_earlier_state(client_for, politician, reading_centre):
    reader = client_for(politician)
    today = reader.get("/")
    assert counts(today)["Kritisk"] == 1 and counts(today)["På sporet"] == 0

    past = reader.get("/", {"dato": "2024-06-01"})
    assert counts(past)["På sporet"] == 1 and counts(past)["Kritisk"] == 0
    html = past.content.decode()
    assert "Du ser fortiden" in html and "1. juni 2024" in html

    # The choice follows the reader to the list and the item page.
    listed = reader.get("/projekter/")
    [row] = [row for row in listed.context["table"].rows if row.record.name == "Læsecenter"]
    assert row.record.status.label == "På sporet"
    page = reader.get(reading_centre.get_absolute_url())
    assert page.context["project"].status.label == "På sporet"
    reasons = [change.reason for change in page.context["history"]]
    assert reasons == ["Lærerne er ansat"]

    # And back to today.
    back = reader.get("/", {"dato": ""}).content.decode()  # today's overview again, from the cache
    assert back.split('id="indhold"')[1] == today.content.decode().split('id="indhold"')[1]
    assert "Du ser fortiden" not in reader.get("/projekter/").content.decode()


def test_before_the_overview_sheet_there_were_no_pool_projects(client_for, politician, seed):
    reader = client_for(politician)
    response = reader.get("/", {"dato": "2019-03-25"})
    assert sum(counts(response).values()) == 0
    assert response.context["money"].sections == []
    project = Project.objects.get(name="Læsecenter")
    missing = reader.get(project.get_absolute_url())
    assert missing.status_code == 404
    assert "fandtes ikke" in missing.content.decode()

    on_the_day = reader.get("/", {"dato": "2019-03-26"})
    assert sum(counts(on_the_day).values()) == 6
    [allocated] = on_the_day.context["money"].sections
    assert (allocated.label, allocated.total) == ("I alt disponeret", 4_650_000)


def test_amounts_in_the_past_are_the_amounts_then(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    allocation = Allocation.objects.get(project=project)
    before = allocation.amount
    Allocation.objects.filter(pk=allocation.pk).update(amount=before + 100_000)
    allocation.refresh_from_db()
    allocation.save()  # a history row dated today with the new amount
    reader = client_for(politician)
    then = reader.get("/projekter/", {"dato": "2020-01-01"})
    [row] = [row for row in then.context["table"].rows if row.record.name == "Læsecenter"]
    assert row.record.allocated == before
    [row] = [
        row for row in reader.get("/projekter/", {"dato": ""}).context["table"].rows if row.record.name == "Læsecenter"
    ]
    assert row.record.allocated == before + 100_000


def test_a_future_or_malformed_date_gets_a_danish_message_and_shows_today(client_for, politician, seed):
    reader = client_for(politician)
    response = reader.get("/", {"dato": "2999-01-01"})
    assert "fremtiden findes ikke i historikken" in response.content.decode()
    assert response.wsgi_request.as_of is None
    response = reader.get("/projekter/", {"dato": "26. marts"})
    assert "Skriv en dato som 26-03-2019" in response.content.decode()
    assert response.wsgi_request.as_of is None


def test_danish_date_input_is_understood(client_for, politician, seed):
    response = client_for(politician).get("/", {"dato": "26-03-2019"})
    assert response.wsgi_request.time_travel_day == datetime.date(2019, 3, 26)


def test_nothing_can_be_changed_while_looking_at_the_past(client_for, secretary, reading_centre):
    editor = client_for(secretary)
    editor.get("/", {"dato": "2024-06-01"})
    form = editor.get(f"/projekter/{reading_centre.pk}/rediger/")
    assert form.status_code == 409
    assert "Tilbage til i dag" in form.content.decode()
    response = editor.post(
        f"/projekter/{reading_centre.pk}/status/",
        {"new_value": progress("afsluttet").pk, "reason": "Fra fortiden", "version": reading_centre.version},
    )
    assert response.status_code == 409
    assert not StatusChange.objects.filter(reason="Fra fortiden").exists()
    assert "Skift status" not in editor.get("/projekter/").content.decode()
    editor.get("/", {"dato": ""})
    assert "Skift status" in editor.get("/projekter/").content.decode()


def test_pages_that_cannot_show_the_past_say_so(client_for, politician, seed):
    reader = client_for(politician)
    reader.get("/", {"dato": "2024-06-01"})
    html = reader.get("/maal/").content.decode()
    assert "denne side viser altid dagens data" in html


def test_the_status_report_of_lys_i_oejnene_shows_nothing_before_its_document(client_for, politician, seed):
    reader = client_for(politician)
    assert reader.get("/indsatser/", {"dato": "2016-12-31"}).context["total"] == 0
    assert reader.get("/indsatser/", {"dato": "2017-01-01"}).context["total"] == 50


@pytest.mark.parametrize(
    "url", ["/", "/projekter/", "/programmer/budgetforslag/", "/delaftaler/aktiviteter/", "/indsatser/liste/"]
)
def test_the_past_costs_the_same_queries_with_more_items(client_for, politician, secretary, seed, url):
    reader = client_for(politician)
    reader.get("/", {"dato": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()})

    def queries():
        cache.clear()  # the overview's cache would hide the work being measured
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured)

    before = queries()
    pool = Pool.objects.get()
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift"))
    for i in range(20):
        project = Project.objects.create(pool=pool, name=f"Ekstra {i}", description="x", status=values[0])
        Project.history.filter(id=project.pk).update(history_date=timezone.now() - datetime.timedelta(days=3))
        Allocation.objects.create(project=project, year=2024, amount=1000 * i)
        Allocation.history.filter(project_id=project.pk).update(
            history_date=timezone.now() - datetime.timedelta(days=3)
        )
    assert Project.history.as_of(timezone.now() - datetime.timedelta(days=1)).count() == 26
    assert queries() <= before  # the kinds of item among the changes shown may be fewer, never more queries per row


@pytest.mark.parametrize(
    "url", ["/projekter/", "/programmer/budgetforslag/", "/delaftaler/aktiviteter/", "/indsatser/liste/"]
)
def test_a_list_of_the_past_costs_no_more_queries_than_todays(client_for, politician, seed, url):
    reader = client_for(politician)
    today = count_queries(reader, url)
    reader.get("/", {"dato": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()})
    assert count_queries(reader, url) <= today


def test_an_export_of_the_past_lists_the_statuses_then(client_for, politician, reading_centre):
    reader = client_for(politician)
    reader.get("/", {"dato": "2024-06-01"})
    csv = reader.get("/projekter/", {"_export": "csv"}).content.decode()
    [line] = [line for line in csv.splitlines() if ";Læsecenter;" in line]
    assert "På sporet" in line and "Kritisk" not in line
