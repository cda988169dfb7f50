"""One figure everywhere: the same number reads the same on the list at its bare address, the detail page,
the overview, each bilag (HTML and PDF), the CSV and XLSX exports and the audit trail.

A politician opens the pages the way they are linked: from the menu and from the overview, at exactly the
address of the link. Run on the seed documents and on `seed_demo --scale 2` data.
"""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from agreements.models import Activity, Agreement
from goals.models import Goal, Indicator
from meetings.services import bilag_add, bilag_issue, meeting_create
from programs.models import BudgetProposal, Committee
from projects.models import Allocation, Pool, Project
from projects.services import project_update
from tests.pages import amount, csv_rows, links, tables, text, xlsx_rows
from tests.test_meetings import flat, pdf_text

PROJECTS = reverse("projects:project_list")
ACTIVITIES = reverse("agreements:activity_list")


@pytest.fixture(params=["seed", "scale"])
def data(request, db):
    """The seed documents, or the seed documents with synthetic data about twice their size."""
    options = {"scale": 2} if request.param == "scale" else {}
    call_command("seed_demo", without_meeting=True, verbosity=0, **options)
    return request.param


def issued_bilag(secretary, kind: str, parameters: dict, *, day, committee=None):
    """A bilag of `kind` on a meeting that day, issued: what a politician reads is what was issued."""
    committee = committee or Committee.objects.get(name="Børne- og Ungdomsudvalget")
    meeting = meeting_create(committee=committee, date=day, acting_user=secretary)
    bilag = bilag_add(meeting=meeting, kind=kind, parameters=parameters, include_changes=False, acting_user=secretary)
    bilag_issue(bilag=bilag, acting_user=secretary)
    return bilag


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def table_with(html: str, column: str):
    return next(t for t in tables(html) if column in t.columns)


def footer_total(html: str, column: str) -> str:
    """The "I alt" figure under `column` of the page's table with that column."""
    table = table_with(html, column)
    [total_row] = [row for row in table.foot if row and row[0] == "I alt"]
    return total_row[table.columns.index(column)]


def every_page(client, url):
    """Every page of a paged list: a user pages through them."""
    html = page(client, url)
    yield html
    seen = {url}
    for href, _text in links(html):
        if "page=" in href and href not in seen:
            seen.add(href)
            yield page(client, url.split("?")[0] + href if href.startswith("?") else href)


# --- Money allocated to pool projects -------------------------------------------------------------------


def test_pool_money_is_the_same_on_the_list_the_overview_the_detail_pages_the_exports_and_the_sheet(
    client_for, politician, secretary, data
):
    reader = client_for(politician)
    # From the menu: the list at its bare address shows every project's money and the total.
    bare = page(reader, PROJECTS)
    in_db = Allocation.objects.aggregate(total=Sum("amount"))["total"]
    assert amount(footer_total(bare, "Disponeret i alt")) == in_db
    assert footer_total(bare, "Disponeret i alt") == f"{in_db:,} kr.".replace(",", ".")
    if data == "seed":
        assert footer_total(bare, "Disponeret i alt") == "4.650.000 kr."

    # From the overview: each pool's cell per year links to the list of that pool and year, whose total
    # is the cell's figure; the pool's row total is the pool's list total.
    overview = page(reader, "/")
    money_links = [(href, shown) for href, shown in links(overview) if href.startswith(PROJECTS + "?pool=")]
    assert money_links
    for href, shown in money_links:
        listed = page(reader, href)
        query = parse_qs(urlsplit(href).query)
        column = f"Disponeret i {query['year'][0]}" if "year" in query else "Disponeret i alt"
        if shown.endswith("kr."):
            assert footer_total(listed, column) == shown, href

    # Each project's detail page shows the same money as its row.
    rows = table_with(bare, "Disponeret i alt")
    for project in Project.objects.all()[:10]:
        detail = page(reader, project.get_absolute_url())
        allocations = next(t for t in tables(detail) if "År" in t.columns)
        shown = sum(amount(row[1]) for row in allocations.body if row[1] != "Ingen beløb disponeret.")
        assert shown == (project.allocations.aggregate(total=Sum("amount"))["total"] or 0), project

    # The exports of the bare list hold the same numbers.
    exported_csv = csv_rows(reader.get(PROJECTS, {"_export": "csv"}).content)
    exported_xlsx = xlsx_rows(reader.get(PROJECTS, {"_export": "xlsx"}).content)
    assert sum(int(row["Disponeret i alt"] or 0) for row in exported_csv) == in_db
    assert sum(int(row["Disponeret i alt"] or 0) for row in exported_xlsx) == in_db
    assert len(exported_csv) == Project.objects.count() and len(rows.body) == min(Project.objects.count(), 25)

    # The overbliksark of 2019 from 500.000 kr. shows the same projects and total as the list filtered so.
    pool = Pool.objects.order_by("pk").first()
    filtered = page(reader, PROJECTS, {"pool": pool.pk, "year": 2019, "amount_min": "500.000"})
    bilag = issued_bilag(
        secretary,
        "overview_sheet",
        {"pool": pool.pk, "year": 2019, "threshold": 500_000},
        day=datetime.date(2019, 3, 26),
    )
    sheet = page(reader, bilag.get_absolute_url())
    total = footer_total(filtered, "Disponeret i 2019")
    sheet_table = next(t for t in tables(sheet) if "Projektnavn" in t.columns)
    assert sheet_table.row_starting("I ALT")[-1] + " kr." == total
    pdf = flat(pdf_text(reader.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk})).content))
    assert f"I ALT {total.removesuffix(' kr.')}" in pdf


def test_a_changed_allocation_reads_the_same_on_the_page_in_the_audit_trail_and_in_the_changes(
    client_for, politician, administrator, secretary, data
):
    project = Project.objects.get(name="Læsecenter")
    project_update(
        project=project,
        data={},
        partners=list(project.partners.all()),
        allocations={2019: 1_234_567},
        expected_version=project.version,
        acting_user=secretary,
    )
    detail = page(client_for(politician), project.get_absolute_url())
    assert "1.234.567 kr." in text(detail)
    audit = text(page(client_for(administrator), reverse("audit:entry_list"), {"slags": "projects.allocation"}))
    assert "Disponeret beløb: „500.000 kr.“" in audit and "„1.234.567 kr.“" in audit
    changes = text(page(client_for(politician), reverse("dashboard:changes")))
    assert "Disponeret beløb: „500.000 kr.“" in changes and "„1.234.567 kr.“" in changes


# --- Hours in a delaftale -------------------------------------------------------------------------------------


def test_hours_are_the_same_on_the_activity_list_the_delaftale_its_list_the_export_and_the_bilag(
    client_for, politician, secretary, data
):
    reader = client_for(politician)
    total = Activity.objects.aggregate(total=Sum("hours_per_week"))["total"]
    shown = f"{total.normalize():f}".replace(".", ",") + " timer pr. uge"
    # From the menu (Delaftaler → Aktiviteter) at the bare address, and filtered by every delaftale.
    assert footer_total(page(reader, ACTIVITIES), "Timer pr. uge") == shown
    agreements = page(reader, reverse("agreements:agreement_list"))
    listed = table_with(agreements, "Timer pr. uge i alt")
    for agreement in Agreement.objects.all():
        own = agreement.activities.aggregate(total=Sum("hours_per_week"))["total"] or Decimal(0)
        own_shown = f"{own.normalize():f}".replace(".", ",") + " timer pr. uge"
        assert footer_total(page(reader, ACTIVITIES, {"agreement": agreement.pk}), "Timer pr. uge") == own_shown
        assert listed.row(agreement.title)[listed.columns.index("Timer pr. uge i alt")] == own_shown
        assert f"Samlet estimeret timeforbrug: {own_shown}" in text(page(reader, agreement.get_absolute_url()))
    if data == "seed":
        assert shown == "96 timer pr. uge"
    exported = csv_rows(reader.get(ACTIVITIES, {"_export": "csv"}).content)
    assert sum(Decimal(row["Timer pr. uge"].replace(",", ".")) for row in exported) == total

    agreement = Agreement.objects.order_by("pk").first()
    own = agreement.activities.aggregate(total=Sum("hours_per_week"))["total"]
    own_shown = f"{own.normalize():f}".replace(".", ",")
    bilag = issued_bilag(secretary, "agreement", {"agreement": agreement.pk}, day=datetime.date(2026, 3, 26))
    assert f"Boligsociale ressourcer i alt: {own_shown} timer pr. uge" in text(page(reader, bilag.get_absolute_url()))


# --- A budget proposal's economy ---------------------------------------------------------------------------


def test_a_budget_proposals_net_is_the_same_on_its_page_the_list_the_programme_and_the_bilag(
    client_for, politician, secretary, data
):
    reader = client_for(politician)
    proposal = BudgetProposal.objects.get(title__startswith="Investering i udviklingen")
    detail = page(reader, proposal.get_absolute_url())
    economy = next(t for t in tables(detail) if t.columns and t.columns[0] == "(i 1.000 kr.)")
    net = economy.row("Netto")[1:]
    listed = table_with(page(reader, reverse("programs:proposal_list")), "Netto i alt (1.000 kr.)")
    row = next(r for r in listed.body if r[0] == proposal.title)
    assert amount(row[listed.columns.index("Netto i alt (1.000 kr.)")]) == sum(amount(cell) for cell in net)
    programme = page(reader, proposal.programme.get_absolute_url())
    money = next(t for t in tables(programme) if t.columns and t.columns[0].startswith("Kilde"))
    proposal_row = money.row_starting(f"Budgetforslag: {proposal.title}")
    for year, shown in zip(economy.columns[1:], net):
        assert proposal_row[money.columns.index(year)] == f"{amount(shown) * 1000:,}".replace(",", "."), year

    bilag = issued_bilag(
        secretary,
        "budget_proposal",
        {"proposal": proposal.pk},
        day=datetime.date(2026, 3, 26),
        committee=proposal.committee,
    )
    in_bilag = next(t for t in tables(page(reader, bilag.get_absolute_url())) if "Netto" in [r[0] for r in t.body])
    assert in_bilag.row("Netto")[1:] == net
    pdf = flat(pdf_text(reader.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk})).content))
    assert "Netto " + " ".join(net) in pdf


# --- Indicators: baseline, latest measurement and target -------------------------------------------------------


def test_an_indicators_baseline_and_target_read_the_same_on_every_page_that_shows_it(client_for, politician, data):
    reader = client_for(politician)
    listed = reader.get(reverse("goals:indicator_list"), {"per_page": 500}).context["table"]
    shown = {row.record.pk: row.get_cell("baseline") for row in listed.rows}  # what each row's cell shows
    overview_lines = [line for _, lines, _ in reader.get("/").context["goals"] for line in lines if line.indicator]
    for indicator in Indicator.objects.filter(sub_goal__isnull=False)[:10]:
        baseline = shown[indicator.pk]
        detail = text(page(reader, indicator.get_absolute_url()))
        agreement = text(page(reader, indicator.sub_goal.agreement.get_absolute_url()))
        if indicator.baseline_value is None:
            assert baseline == "Data kommer" and "Data kommer" in detail and "Data kommer" in agreement
        else:
            value = f"{indicator.baseline_value.normalize():f}".replace(".", ",") + (
                f" {indicator.unit}" if indicator.unit else ""
            )
            assert baseline.startswith(value), (baseline, value)
            assert value in detail and value in agreement
        for line in overview_lines:
            if line.indicator.pk == indicator.pk:
                assert line.baseline.startswith(baseline.split(" (")[0]) or line.baseline == baseline


def test_a_goal_lists_the_same_indicators_on_its_page_on_the_overview_and_in_the_indicator_filter(
    client_for, politician, data
):
    reader = client_for(politician)
    overview = [line for _, lines, _ in reader.get("/").context["goals"] for line in lines]
    for goal in Goal.objects.order_by("number")[:9]:
        on_page = [i.pk for i in reader.get(goal.get_absolute_url()).context["thread"].all_indicators]
        on_overview = [
            line.indicator.pk for line in overview if line.goal_url == goal.get_absolute_url() and line.indicator
        ]
        filtered = reader.get(reverse("goals:indicator_list"), {"goal": goal.pk, "per_page": 500}).context["table"]
        assert sorted(on_page) == sorted(on_overview) == sorted(row.record.pk for row in filtered.rows), goal


# --- Status counts ------------------------------------------------------------------------------------------


def test_every_status_count_on_the_overview_is_the_number_of_rows_its_link_lists(client_for, politician, data):
    reader = client_for(politician)
    counted = [(href, shown) for href, shown in links(page(reader, "/")) if "status=" in href and shown.isdigit()]
    assert len(counted) > 10
    for href, shown in counted:
        cache.clear()  # a list linked twice (a chart per area and per theme) is read, not served from the page cache
        listed = reader.get(href)
        assert listed.status_code == 200, href
        assert listed.context["table"].paginator.count == int(shown), href


def test_the_status_report_and_its_bilag_count_the_same_statuses_as_the_overview(
    client_for, politician, secretary, data
):
    from initiatives.models import Plan
    from statuses.models import StatusValue

    reader = client_for(politician)
    plan = Plan.objects.order_by("pk").first()
    labels = list(StatusValue.objects.filter(scale=plan.status_scale).values_list("label", flat=True))
    report = next(t for t in tables(page(reader, reverse("initiatives:status_report"))) if t.foot)
    bilag = issued_bilag(secretary, "initiative_status", {"plan": plan.pk}, day=datetime.date(2026, 3, 26))
    in_bilag = next(t for t in tables(page(reader, bilag.get_absolute_url())) if t.body and t.body[0][-1].isdigit())
    overview = next(t for t in tables(page(reader, "/")) if t.caption == "Indsatser fordelt på status")

    def count(table, label, missing=None):
        found = next((row[-1] for row in table.body if row[0].startswith(label)), missing)
        assert found is not None, label
        return found

    for label in labels:
        assert count(report, label) == count(in_bilag, label), label
        if Plan.objects.count() == 1:  # the overview counts the initiatives of every plan
            # The overview leaves out a status no initiative has: its missing row is a 0.
            assert count(report, label) == count(overview, label, missing="0"), label


# --- Every menu entry and every overview link -----------------------------------------------------------------


def test_every_menu_entry_and_every_link_on_the_overview_opens_at_its_own_address(client_for, politician, data):
    reader = client_for(politician)
    overview = reader.get("/")
    targets = {
        href for href, _ in links(overview.content.decode()) if href.startswith("/") and not href.startswith("/static")
    }
    targets |= {item["url"] for item in overview.context["menu"]}
    assert len(targets) > 30
    for href in sorted(targets):
        if href.startswith(("/logout", "/admin", "/was")):
            continue  # signing out, Django's admin, and the redirect to the accessibility statement elsewhere
        response = reader.get(href)
        assert response.status_code == 200, href
