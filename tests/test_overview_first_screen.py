"""The overview built around the next meeting: the first screen tells a politician what changed since the
last meeting, what is red or yellow and why, and what awaits a decision; the overview narrows to a pool,
programme or area; a meeting can be picked to see the portal as it stood; two meetings can be compared;
the overview prints to at most two A4 pages, also as a PDF."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from programs.models import BudgetProposal
from projects.models import Project
from statuses.models import StatusValue
from statuses.services import status_change
from tests.pages import links, text


def _status(scale, slug):
    return StatusValue.objects.get(scale__slug=scale, slug=slug)


def _change(item, value, reason, user):
    item.refresh_from_db()
    return status_change(item=item, expected_version=item.version, new_value=value, reason=reason, acting_user=user)


def _group(response, title):
    return next(group for group in response.context["flagged"] if group.title == title)


def _first_screen(html):
    """The page up to the status section: what a politician sees before scrolling past the first screen."""
    return html.split('id="status"')[0]


def test_a_politician_sees_red_items_with_reasons_first(client_for, politician, secretary, seed):
    _change(
        Project.objects.get(name="Læsecenter"), _status("projektfremdrift", "kritisk"), "Lokalerne er lukket", secretary
    )
    _change(
        Project.objects.get(name="Hånd om familien"),
        _status("projektfremdrift", "udfordret"),
        "Forsinket ansættelse",
        secretary,
    )
    reader = client_for(politician)
    response = reader.get("/")
    projects = _group(response, "Projekter")
    assert [row.status.label for row in projects.rows] == ["Kritisk", "Udfordret"]  # red before yellow
    assert projects.rows[0].reason == "Lokalerne er lukket"
    first = text(_first_screen(response.content.decode()))
    assert "Rødt og gult – og hvorfor" in first
    assert "Læsecenter" in first and "Lokalerne er lukket" in first and "Forsinket ansættelse" in first


def test_each_red_or_yellow_count_equals_the_count_of_the_list_it_opens(client_for, politician, secretary, seed):
    for project in Project.objects.all()[:3]:
        _change(project, _status("projektfremdrift", "udfordret"), "Presset", secretary)
    reader = client_for(politician)
    projects = _group(reader.get("/"), "Projekter")
    [(value, count, url)] = projects.counts
    assert value.label == "Udfordret" and count == 3
    assert len(reader.get(url).context["table"].rows) == count


def test_a_red_item_carries_the_reason_it_had_then_when_looking_at_the_past(client_for, politician, secretary, seed):
    from statuses.models import StatusChange

    project = Project.objects.get(name="Læsecenter")
    change = _change(project, _status("projektfremdrift", "kritisk"), "Dengang lukket", secretary)
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    StatusChange.objects.filter(pk=change.pk).update(changed_at=two_days_ago)
    Project.history.filter(id=project.pk, history_date__gte=two_days_ago).update(history_date=two_days_ago)
    _change(project, _status("projektfremdrift", "paa-sporet"), "Åbnet igen", secretary)
    reader = client_for(politician)
    assert not [g for g in reader.get("/").context["flagged"] if g.title == "Projekter"]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    past = reader.get("/", {"dato": yesterday})
    [row] = _group(past, "Projekter").rows
    assert row.item.name == "Læsecenter" and row.reason == "Dengang lukket"


def test_the_first_screen_lists_the_six_newest_red_then_yellow_items_and_says_how_many_more(
    client_for, politician, secretary, seed
):
    seeded = Project.objects.order_by("pk").first()
    Project.objects.bulk_create(
        Project(pool=seeded.pool, name=f"Ekstra {i}", description="x", status=seeded.status) for i in range(9)
    )
    projects = list(Project.objects.order_by("pk")[:9])
    for i, project in enumerate(projects):
        slug = "kritisk" if i < 7 else "udfordret"
        _change(project, _status("projektfremdrift", slug), f"Grund {i}", secretary)
    # Each status given on its own day, the first project longest ago; two at the same moment go by id.
    now = timezone.now()
    for i, project in enumerate(projects):
        days_ago = 9 - i if i != 4 else 6
        Project.objects.filter(pk=project.pk).update(status_changed_at=now - datetime.timedelta(days=days_ago))
    group = _group(client_for(politician).get("/"), "Projekter")
    shown = [row.item.pk for row in group.rows]
    expected = [projects[6].pk, projects[5].pk, projects[3].pk, projects[4].pk, projects[2].pk, projects[1].pk]
    assert shown == expected, (shown, expected)
    assert [row.reason for row in group.rows][:2] == ["Grund 6", "Grund 5"]
    assert group.more == 3 and [row.item.name for row in group.rows] == [
        Project.objects.get(pk=pk).name for pk in expected
    ]


def test_a_budget_proposal_not_decided_awaits_a_decision_until_it_is_adopted(client_for, politician, secretary, seed):
    reader = client_for(politician)
    proposal = BudgetProposal.objects.get()
    awaiting = reader.get("/").context["awaiting"]
    assert [row.item.pk for row in awaiting.rows] == [proposal.pk]
    [(value, count, url)] = awaiting.counts
    assert count == 1 and len(reader.get(url).context["table"].rows) == count
    assert "Venter på en beslutning" in text(_first_screen(reader.get("/").content.decode()))

    _change(proposal, _status("budgetforslag", "vedtaget"), "Vedtaget i budgetforliget", secretary)
    cache.clear()  # a saved change gives a new data version only when its transaction commits
    response = reader.get("/")
    assert response.context["awaiting"] is None
    assert "Intet venter på en beslutning" in response.content.decode()


def test_the_number_of_changed_items_on_the_first_screen_equals_the_changes_page(
    client_for, politician, secretary, meeting
):
    for project in Project.objects.all()[:2]:
        _change(project, _status("projektfremdrift", "paa-sporet"), "Godt i gang", secretary)
    reader = client_for(politician)
    html = reader.get("/").content.decode()
    [(url, label)] = [(href, label) for href, label in links(_first_screen(html)) if label.endswith("ændret")]
    changes = reader.get(url).context["changes"]
    assert changes.total_items >= 2 and label == f"{changes.total_items} emner ændret"
    assert len(changes.items) == changes.total_items


def test_statuses_no_item_has_are_not_listed_and_zero_counts_are_left_out(client_for, politician, seed):
    html = client_for(politician).get("/").content.decode()
    # Every project is "Ikke vurderet": the other statuses of the scale show no row of zeros.
    projects = html.split('id="status-projekter-titel"')[1].split("</section>")[0]
    assert "Ikke vurderet" in projects and "På sporet" not in projects and "Kritisk" not in projects
    assert "Ingen datakilde: 0" not in text(html) and "Ingen datakilde" not in text(html)


def test_each_topic_shows_one_chart_with_its_table_one_step_away(client_for, politician, seed):
    html = client_for(politician).get("/").content.decode()
    topics = html.split('id="status"')[1].split('id="maal"')[0]
    assert topics.count('class="bar-chart"') == topics.count("<summary>Vis som tabel") >= 5
    assert topics.count("<details") == topics.count("<table")  # no table shown beside its chart


def test_the_first_screen_is_headed_by_the_next_meeting(client_for, politician, secretary, committee):
    from meetings.services import meeting_create

    meeting_create(committee=committee, date=timezone.localdate() + datetime.timedelta(days=9), acting_user=secretary)
    day = timezone.localdate() + datetime.timedelta(days=9)
    from core.formats import long_date

    assert f"Til mødet den {long_date(day)}" in client_for(politician).get("/").content.decode()


def test_the_staffs_attention_block_with_its_day_field_comes_after_the_first_screen(client_for, secretary, seed):
    html = client_for(secretary).get("/").content.decode()
    assert html.index('id="til-moedet"') < html.index('id="status"') < html.index('id="id_dage"')


@pytest.mark.parametrize(
    ("field", "model", "kinds"),
    [
        ("area", "initiatives.Area", {"Indsatser", "Indsatser pr. tema"}),
        ("pool", "projects.Pool", {"Projekter"}),
        ("programme", "programs.Programme", {"Projekter", "Budgetforslag"}),
    ],
)
def test_a_politician_narrows_the_overview_and_each_count_equals_its_list(
    client_for, politician, seed, field, model, kinds
):
    from django.apps import apps

    group = apps.get_model(model).objects.order_by("pk").first()
    reader = client_for(politician)
    response = reader.get("/", {field: group.pk})
    assert {table.source.title for table in response.context["tables"]} == kinds
    assert "Overblikket er afgrænset til" in response.content.decode() and str(group) in response.content.decode()
    for table in response.context["tables"]:
        for row in table.rows:
            assert len(reader.get(row.url).context["table"].rows) == row.total, row.url


def test_the_overviews_filter_offers_every_pool_and_a_new_one_as_soon_as_it_is_created(
    client_for, politician, secretary, seed, committed
):
    from projects.models import Pool
    from projects.services import pool_create

    def pools_offered():
        html = client_for(politician).get("/").content.decode()
        start = html.index('<select name="pool"')
        return html[start : html.index("</select>", start)]

    offered = pools_offered()  # read before the change too: the filter's query is compiled once, its rows never kept
    assert offered.count("<option") == 1 + Pool.objects.count()
    assert all(f">{pool.name}</option>" in offered for pool in Pool.objects.all())
    existing = Pool.objects.first()
    with committed():
        pool = pool_create(
            data={"name": "Ny pulje til trivsel", "description": ""},
            status_scale=existing.status_scale,
            acting_user=secretary,
        )
    assert f'<option value="{pool.pk}">Ny pulje til trivsel</option>' in pools_offered()


def test_an_unknown_filter_choice_gets_a_danish_message_and_the_whole_overview(client_for, politician, seed):
    response = client_for(politician).get("/", {"area": "999999"})
    assert "Vælg en af mulighederne på listen." in response.content.decode()
    assert {table.source.title for table in response.context["tables"]} >= {"Projekter", "Indsatser"}


def test_a_politician_picks_a_meeting_to_see_the_overview_as_it_stood(client_for, politician, meeting):
    reader = client_for(politician)
    html = reader.get("/").content.decode()
    assert 'name="dato" id="id_moede"' in html and '<option value="2019-03-26">26. marts 2019' in html
    past = reader.get("/", {"dato": "2019-03-26"}).content.decode()
    assert "Du ser fortiden:" in past and '<option value="2019-03-26" selected>' in past


def test_a_politician_compares_two_meetings_and_sees_the_differences(client_for, politician, secretary, meeting):
    from meetings.services import meeting_create

    project = Project.objects.get(name="Læsecenter")
    _change(project, _status("projektfremdrift", "kritisk"), "Lokalerne er lukket", secretary)
    today = meeting_create(committee=meeting.committee, date=timezone.localdate(), acting_user=secretary)
    reader = client_for(politician)
    overview = reader.get("/").content.decode()
    assert reverse("dashboard:compare") in overview
    response = reader.get(reverse("dashboard:compare"), {"fra": meeting.pk, "til": today.pk})
    projects = next(kind for kind in response.context["comparison"].statuses if kind.title == "Projekter")
    kritisk = next(line for line in projects.lines if line[0].label == "Kritisk")
    assert kritisk[1:] == (0, 1, 1)
    html = response.content.decode()
    assert "Lokalerne er lukket" in html and "Læsecenter" in html
    # With no meetings named, the two newest held are compared.
    assert reader.get(reverse("dashboard:compare")).context["comparison"].later == today


def test_comparing_with_an_unknown_meeting_says_so_in_danish(client_for, politician, meeting):
    response = client_for(politician).get(reverse("dashboard:compare"), {"fra": meeting.pk, "til": 999999})
    assert response.status_code == 200 and response.context["comparison"] is None
    assert "Vælg et af møderne på listen." in response.content.decode()


def _pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_the_overview_as_a_pdf_is_at_most_two_a4_pages_with_the_money_totals(client_for, politician, secretary, seed):
    from tests.test_dashboard import grow_every_section

    grow_every_section(secretary, timezone.now() - datetime.timedelta(days=3))
    reader = client_for(politician)
    [url] = [href for href, label in links(reader.get("/").content.decode()) if label == "Hent som PDF"]
    response = reader.get(url)
    assert response["Content-Type"] == "application/pdf"
    pages, words = _pdf_text(response.content)
    assert pages <= 2
    assert "I alt" in words and "Rødt og gult" in words and "Penge pr. år og kilde" in words


def test_every_kind_the_first_screen_lists_is_named_as_everywhere_else(seed):
    # The first screen reads each item's name without the row (core.registry.ModelEntry.label_field): the
    # field named must give what the item is called on every other page.
    from core.registry import entries

    counted = [entry for entry in entries() if entry.overview]
    assert len(counted) >= 4
    for entry in counted:
        items = list(entry.model.objects.all())
        assert items, entry.label
        assert all(str(item) == getattr(item, entry.label_field) for item in items), entry.label
