"""The start page: statuses per group that lead to their lists, and what changed since the last meeting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.services import meeting_create
from programs.models import Committee
from projects.models import Pool, Project
from statuses.models import StatusChange, StatusValue
from statuses.services import status_change


def table(response, title):
    return next(t for t in response.context["tables"] if t.source.title == title)


def test_politician_sees_statuses_per_group_and_each_number_opens_its_filtered_list(client_for, politician, seed):
    reader = client_for(politician)
    response = reader.get("/")
    projects = table(response, "Projekter")
    [pool_row] = projects.rows
    assert pool_row.label == "0,35% puljen" and pool_row.total == 6
    count, url, value = next(cell for cell in pool_row.cells if cell[2].label == "Ikke vurderet")
    assert count == 6
    listed = reader.get(url)
    assert len(listed.context["table"].rows) == 6

    initiatives = table(response, "Lys i øjnene")
    assert [row.label for row in initiatives.rows][:1] and initiatives.total == 50
    assert "Ikke vurderet" in response.content.decode()


def test_a_status_change_moves_a_count(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    paa_sporet = StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet")
    status_change(item=project, new_value=paa_sporet, reason="Ansat", acting_user=secretary)
    [row] = table(client_for(politician).get("/"), "Projekter").rows
    counts = {value.label: count for count, url, value in row.cells}
    assert counts["Ikke vurderet"] == 5 and counts["På sporet"] == 1


def test_changes_since_the_last_meeting_show_reason_and_who(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Hånd om familien")
    udfordret = StatusValue.objects.get(scale__slug="projektfremdrift", slug="udfordret")
    old = status_change(item=project, new_value=udfordret, reason="Før mødet", acting_user=secretary)
    StatusChange.objects.filter(pk=old.pk).update(changed_at=timezone.now() - datetime.timedelta(days=20))
    meeting_create(committee=Committee.objects.get(name="Børne- og Ungdomsudvalget"),
                   date=timezone.localdate() - datetime.timedelta(days=10), acting_user=secretary)
    status_change(item=project, new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
                  reason="Analysen er forsinket", acting_user=secretary)
    html = client_for(politician).get("/").content.decode()
    assert "Analysen er forsinket" in html and "Sofie Sekretær" in html
    assert "Før mødet" not in html


def test_the_overview_costs_the_same_queries_with_more_items(client_for, politician, secretary, seed):
    reader = client_for(politician)
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift"))
    # One change first, so both measurements list changed projects (a query per kind of item).
    status_change(item=Project.objects.first(), new_value=values[1], reason="Start", acting_user=secretary)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert reader.get("/").status_code == 200
        return len(captured)

    before = queries()
    pool = Pool.objects.get()
    for i in range(25):
        project = Project.objects.create(pool=pool, name=f"Ekstra {i}", description="x", status=values[0])
        status_change(item=project, new_value=values[1 + i % 4], reason=f"Skift {i}", acting_user=secretary)
    assert queries() == before


def test_statuses_not_updated_within_the_period_need_attention(client_for, politician, secretary, seed):
    status_change(item=Project.objects.get(name="Læsecenter"),
                  new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
                  reason="Ansat", acting_user=secretary)
    reader = client_for(politician)
    stale = {source.title: (count, url) for source, count, url in reader.get("/").context["stale"]}
    assert stale["Projekter"][0] == 5  # never assessed counts; the one just changed does not
    assert stale["Lys i øjnene"][0] == 50
    page = reader.get(stale["Projekter"][1])
    names = [item.name for item in page.context["items"]]
    assert len(names) == 5 and "Læsecenter" not in names
    assert "Aldrig" in page.content.decode()


def test_the_attention_period_is_set_in_days_and_bad_input_gets_a_danish_message(client_for, politician, seed):
    reader = client_for(politician)
    assert reader.get("/", {"dage": "30"}).context["days"] == 30
    response = reader.get("/", {"dage": "abc"})
    assert response.context["days"] == 90
    assert "Skriv et helt antal dage, fx 90." in response.content.decode()


def test_indicator_flags_link_to_the_indicator_list_with_the_same_count(client_for, politician, seed):
    reader = client_for(politician)
    flags = {label: (count, url) for label, count, url in reader.get("/").context["indicator_flags"]}
    count, url = flags["Ingen baseline"]
    assert count == 2  # the two "Data kommer" indicators in the delaftale
    assert len(reader.get(url).context["table"].rows) == count
