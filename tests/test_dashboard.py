"""The start page: statuses per group that lead to their lists, and what changed since the last meeting."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals.models import Goal
from meetings.services import meeting_create
from programs.models import Committee
from projects.models import Pool, Project
from statuses.models import StatusChange, StatusValue
from statuses.services import status_change
from tests.queries import count_queries


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

    initiatives = table(response, "Indsatser")
    assert [row.label for row in initiatives.rows][:1] and initiatives.total == 50
    assert "Ikke vurderet" in response.content.decode()


def test_a_status_change_moves_a_count(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    paa_sporet = StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet")
    status_change(
        item=project, expected_version=project.version, new_value=paa_sporet, reason="Ansat", acting_user=secretary
    )
    [row] = table(client_for(politician).get("/"), "Projekter").rows
    counts = {value.label: count for count, url, value in row.cells}
    assert counts["Ikke vurderet"] == 5 and counts["På sporet"] == 1


def test_changes_since_the_last_meeting_show_reason_and_who(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Hånd om familien")
    udfordret = StatusValue.objects.get(scale__slug="projektfremdrift", slug="udfordret")
    old = status_change(
        item=project, expected_version=project.version, new_value=udfordret, reason="Før mødet", acting_user=secretary
    )
    StatusChange.objects.filter(pk=old.pk).update(changed_at=timezone.now() - datetime.timedelta(days=20))
    meeting_create(
        committee=Committee.objects.get(name="Børne- og Ungdomsudvalget"),
        date=timezone.localdate() - datetime.timedelta(days=10),
        acting_user=secretary,
    )
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
        reason="Analysen er forsinket",
        acting_user=secretary,
    )
    html = client_for(politician).get("/").content.decode()
    assert "Analysen er forsinket" in html and "Sofie Sekretær" in html
    assert "Før mødet" not in html


def test_the_overview_costs_the_same_queries_with_more_items(client_for, politician, secretary, seed):
    reader = client_for(politician)
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift"))
    # One change first, so both measurements list changed projects.
    status_change(
        item=Project.objects.first(),
        expected_version=Project.objects.first().version,
        new_value=values[1],
        reason="Start",
        acting_user=secretary,
    )

    def queries():
        cache.clear()  # measure the work, not the cache
        with CaptureQueriesContext(connection) as captured:
            assert reader.get("/").status_code == 200
        return len(captured)

    before = queries()
    pool = Pool.objects.get()
    for i in range(25):
        project = Project.objects.create(pool=pool, name=f"Ekstra {i}", description="x", status=values[0])
        status_change(
            item=project,
            expected_version=project.version,
            new_value=values[1 + i % 4],
            reason=f"Skift {i}",
            acting_user=secretary,
        )
    # No query per item or change: 25 more changed projects cost nothing more (the kinds of item shown may
    # be fewer, and with them the queries).
    assert queries() <= before


def test_statuses_not_updated_within_the_period_need_attention(client_for, politician, secretary, seed):
    status_change(
        item=Project.objects.get(name="Læsecenter"),
        expected_version=Project.objects.get(name="Læsecenter").version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason="Ansat",
        acting_user=secretary,
    )
    reader = client_for(politician)
    stale = {source.title: (count, url) for source, count, url in reader.get("/").context["stale"]}
    assert stale["Projekter"][0] == 5  # never assessed counts; the one just changed does not
    assert stale["Indsatser"][0] == 50
    page = reader.get(stale["Projekter"][1])
    names = [item.name for item in page.context["items"]]
    assert len(names) == 5 and "Læsecenter" not in names
    assert "Aldrig" in page.content.decode()


def test_the_period_counts_whole_days_alike_on_the_overview_and_the_attention_list(client_for, politician, seed):
    # "Not updated within 30 days" begins at the start of the day 30 days ago (Danish time): a status set
    # early that morning is within the period, one set late the evening before is not.
    today = timezone.localdate()

    def at(days_ago, hour, minute=0):
        day = today - datetime.timedelta(days=days_ago)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    projects = list(Project.objects.order_by("pk"))
    for project, moment in [(projects[0], at(30, 0, 5)), (projects[1], at(31, 23, 55)), (projects[2], at(2, 12))]:
        Project.objects.filter(pk=project.pk).update(status_changed_at=moment)
    reader = client_for(politician)
    stale = {source.title: (count, url) for source, count, url in reader.get("/", {"dage": 30}).context["stale"]}
    count, url = stale["Projekter"]
    listed = [item.name for item in reader.get(url).context["items"]]
    assert count == len(listed)
    assert projects[1].name in listed and projects[0].name not in listed and projects[2].name not in listed


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


def test_every_quality_flag_counts_the_same_on_the_overview_the_list_and_each_indicator(
    client_for, politician, secretary, seed
):
    from goals.choices import STALE_AFTER_DAYS, QualityFlag
    from goals.models import Indicator
    from goals.services import measurement_add

    today = timezone.localdate()
    old, fresh, edge = Indicator.objects.order_by("pk")[:3]
    for indicator, days_ago in [(old, 400), (fresh, 400), (fresh, 3), (edge, STALE_AFTER_DAYS)]:
        measured_on = today - datetime.timedelta(days=days_ago)
        measurement_add(indicator=indicator, measured_on=measured_on, value=1, acting_user=secretary)
    reader = client_for(politician)
    flags = {label: (count, url) for label, count, url in reader.get("/").context["indicator_flags"]}
    indicators = Indicator.objects.prefetch_related("measurements")
    listed = {}
    for flag in QualityFlag:
        count, url = flags[flag.label]
        flagged_here = {i.name for i in indicators if flag in i.quality_flags()}
        listed[flag] = {row.record.name for row in reader.get(url).context["table"].rows}
        assert count == len(flagged_here) == len(listed[flag]) and listed[flag] == flagged_here, flag
    stale = listed[QualityFlag.STALE]
    assert old.name in stale and fresh.name not in stale and edge.name not in stale


def test_money_per_year_and_source_comes_from_the_seed_documents(client_for, politician, seed):
    reader = client_for(politician)
    money = reader.get("/").context["money"]
    rows = {row.label: row for row in money.rows}
    assert rows["0,35% puljen"].cells[2019][0] == 4_650_000
    assert rows["Byrådet, budgetforliget for 2025"].cells[2025][0] == 4_000_000
    # Given for 1.4.2025–30.6.2028, not per year: never spread over years the source does not name.
    poul_due = rows["Poul Due Jensen Fonden"]
    assert list(poul_due.cells) == [None] and poul_due.total == 7_500_000
    assert money.years == [2019, 2025, None]
    listed = reader.get(rows["0,35% puljen"].cells[2019][1])
    assert len(listed.context["table"].rows) == 6
    html = reader.get("/").content.decode()
    assert "4.650.000 kr." in html and "Periode uden år" in html


def test_every_goal_shows_baseline_latest_measurement_and_target_and_unknown_stays_unknown(
    client_for, politician, seed
):
    groups = {title: lines for title, lines, more in client_for(politician).get("/").context["goals"]}
    model = groups["Sammenhængsmodellen"]
    assert len([line for line in model if line.first_of_goal]) == 9
    goal_2 = next(line for line in model if line.goal_label.startswith("Mål 2:"))
    assert goal_2.target == "90 %" and goal_2.indicator is None and goal_2.baseline == "Ikke opgjort"
    # Mål 1 is served by the delaftale (a municipal target of it is Mål 1): the overview shows the
    # same indicators for it as the goal's own page does.
    goal_1 = [line for line in model if line.goal_label.startswith("Mål 1:")]
    goal_page = client_for(politician).get(Goal.objects.get(number=1).get_absolute_url())
    assert [line.indicator.pk for line in goal_1] == [i.pk for i in goal_page.context["thread"].all_indicators]
    assert goal_1 and all(line.via.startswith("Delaftale") for line in goal_1)
    [agreement_lines] = [lines for title, lines in groups.items() if title.startswith("Delaftale")]
    baselines = [line.baseline for line in agreement_lines]
    assert "Data kommer" in baselines and "75 % (2023)" in baselines
    assert all(line.latest == "Ingen måling endnu" for line in agreement_lines)


def test_a_new_measurement_is_the_latest_on_the_overview(client_for, politician, secretary, seed, committed):
    from goals.models import Indicator
    from goals.services import measurement_add

    indicator = Indicator.objects.filter(baseline_value__isnull=False).first()

    # Read before the change too: the overview's goal queries are compiled once and run again, never kept as rows.
    assert "80 % (15. januar 2026)" not in client_for(politician).get("/").content.decode()
    with committed():
        measurement_add(
            indicator=indicator,
            measured_on=datetime.date(2026, 1, 15),
            value=80,
            source="Test",
            comment="",
            acting_user=secretary,
        )
    response = client_for(politician).get("/")
    assert "80 % (15. januar 2026)" in response.content.decode()
    groups = {title: lines for title, lines, more in response.context["goals"]}
    lines = [
        line for lines in groups.values() for line in lines if line.indicator and line.indicator.pk == indicator.pk
    ]
    assert lines[0].latest == "80 % (15. januar 2026)"


def test_charts_have_a_title_and_no_colour_only_meaning_and_their_words_are_page_text(client_for, politician, seed):
    html = client_for(politician).get("/").content.decode()
    assert html.count('class="bar-chart"') >= 5
    assert '<figcaption class="bar-chart__title" id="status-projekter-titel">Projekter fordelt på status' in html
    assert "Penge pr. budgetår" in html and "Desuden 7.500.000 kr. bevilget" in html
    # Each bar carries its label (a status as its badge, with its shape) and its value as HTML text: text
    # inside a scaled SVG shrank to about 5 px on a phone. Only the bars themselves are SVG.
    assert html.count("bar-chart__label") == html.count("bar-chart__rect") == html.count("bar-chart__value")
    assert "<text" not in html


def test_an_editor_gets_shortcuts_to_what_needs_updating_and_a_reader_does_not(client_for, politician, secretary, seed):
    editor = client_for(secretary).get("/").content.decode()
    assert "Genveje for redaktører" in editor and "Opdatér status: 6 projekter" in editor
    assert "Genveje for redaktører" not in client_for(politician).get("/").content.decode()


def test_the_attention_list_is_paged(client_for, politician, seed):
    reader = client_for(politician)
    first = reader.get("/overblik/opmaerksomhed/", {"kilde": "indsatser", "dage": 90})
    assert len(first.context["items"]) == 50 and first.context["page"].paginator.count == 50
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift"))
    pool = Pool.objects.get()
    Project.objects.bulk_create(
        Project(pool=pool, name=f"Ekstra {i}", description="x", status=values[0]) for i in range(60)
    )
    page_1 = reader.get("/overblik/opmaerksomhed/", {"kilde": "projekter", "dage": 90})
    page_2 = reader.get("/overblik/opmaerksomhed/", {"kilde": "projekter", "dage": 90, "side": 2})
    assert len(page_1.context["items"]) == 50 and len(page_2.context["items"]) == 16
    assert "Side 2 af 2" in page_2.content.decode()


def test_a_cached_overview_is_cheap_and_any_change_shows_at_once(client_for, politician, secretary, seed, committed):
    reader = client_for(politician)
    first = reader.get("/")
    before = counts_of(first)
    with CaptureQueriesContext(connection) as captured:
        again = reader.get("/")
    assert len(captured) <= 3  # the session, the user with its roles, the data version
    assert again.content.decode().split('id="indhold"')[1] == first.content.decode().split('id="indhold"')[1]
    with committed():
        status_change(
            item=Project.objects.get(name="Læsecenter"),
            expected_version=Project.objects.get(name="Læsecenter").version,
            new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
            reason="Lokalerne er lukket",
            acting_user=secretary,
        )
    after = counts_of(reader.get("/"))
    assert after["Kritisk"] == before["Kritisk"] + 1


def counts_of(response):
    [row] = table(response, "Projekter").rows
    return {value.label: count for count, url, value in row.cells}


def test_lys_i_oejnene_is_counted_per_area_and_per_theme_but_needs_attention_once(client_for, politician, seed):
    response = client_for(politician).get("/")
    by_theme = table(response, "Indsatser pr. tema")
    assert by_theme.total == 50 and len(by_theme.rows) >= 2
    listed = client_for(politician).get(by_theme.rows[0].url)
    assert len(listed.context["table"].rows) == by_theme.rows[0].total
    assert [source.title for source, count, url in response.context["stale"]].count("Indsatser") == 1
    assert "Indsatser pr. tema" not in [source.title for source, count, url in response.context["stale"]]


def test_the_overview_shows_at_most_the_limit_of_delmaal_indicators_and_says_there_are_more(
    seed, client_for, politician
):
    from dashboard.selectors import goals_overview

    groups = goals_overview(limit=2)
    agreement_groups = [(title, lines, more) for title, lines, more in groups if title.startswith("Delaftale")]
    assert sum(len(lines) for _, lines, _ in agreement_groups) == 2
    assert all(lines for _, lines, _ in agreement_groups)  # no empty group for the one read to know there are more
    assert agreement_groups[-1][2] is True
    assert goals_overview(limit=50)[-1][2] is False


def grow_every_section(secretary, history_date):
    """More of everything the overview counts, sums or lists: more groups than get a column, money in more
    years, a status change on every kind of item; dated `history_date` in the stored history."""
    from agreements.models import Activity
    from goals.models import Goal, GoalTarget, Indicator, IndicatorTarget
    from initiatives.models import Initiative
    from programs.models import BudgetProposal, Funding, Programme
    from projects.models import Allocation

    started = timezone.now()
    first_pool = Pool.objects.first()
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift"))
    for i in range(8):
        pool = Pool.objects.create(name=f"Pulje {i}", status_scale=first_pool.status_scale)
        for j in range(3):
            project = Project.objects.create(pool=pool, name=f"Projekt {i}-{j}", description="x", status=values[j % 3])
            Allocation.objects.create(project=project, year=2020 + j, amount=100_000 * (i + 1))
    for i in range(12):
        Funding.objects.create(
            programme=Programme.objects.first(),
            source=f"Fond {i}",
            year=2026 if i % 2 else None,
            amount=50_000 * (i + 1),
        )
    for goal in Goal.objects.all():
        GoalTarget.objects.create(goal=goal, order=9, wording="Mere", value=50, unit="%", year=2030)
    for indicator in Indicator.objects.all():
        IndicatorTarget.objects.get_or_create(indicator=indicator, year=2031, defaults={"value": 60})
    for model in (Project, BudgetProposal, Activity, Initiative):
        for item in model.objects.all()[:3]:
            other = StatusValue.objects.filter(scale_id=item.status.scale_id).exclude(pk=item.status_id).first()
            status_change(
                item=item,
                expected_version=item.version,
                new_value=other,
                reason=f"Skift af {item}",
                acting_user=secretary,
            )
    StatusChange.objects.filter(changed_at__gte=started).update(changed_at=history_date)
    for model in (
        Pool,
        Project,
        Allocation,
        Funding,
        GoalTarget,
        IndicatorTarget,
        BudgetProposal,
        Activity,
        Initiative,
    ):
        model.history.filter(history_date__gte=started).update(history_date=history_date)


@pytest.mark.parametrize("past", [False, True], ids=["i dag", "i fortiden"])
def test_the_overview_computed_afresh_costs_a_bounded_number_of_queries_at_any_size(
    client_for, politician, secretary, seed, past
):
    from core.registry import followed

    reader = client_for(politician)
    if past:
        reader.get("/", {"dato": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()})
    small = count_queries(reader, "/")
    grow_every_section(secretary, timezone.now() - datetime.timedelta(days=3))
    large = count_queries(reader, "/")
    # The figures cost a fixed handful; the changes since the meeting at most three per kind of row
    # shown (the rows, their previous versions and the items), never one per row.
    bound = 10 + 3 * len(followed())
    assert small <= bound and large <= bound, (small, large, bound)

    # The second count measured the fuller page: more pools than get a column, a change of every kind,
    # each named and linked as the item itself would be.
    cache.clear()
    assert table(reader.get("/"), "Projekter").rest is not None
    response = reader.get(reverse("dashboard:changes"))
    items = response.context["changes"].items
    assert {"Projekt", "Budgetforslag", "Aktivitet", "Indsats"} <= {item["kind"] for item in items}
    html = response.content.decode()
    for item in items:
        assert item["label"] and f'href="{item["url"]}"' in html
