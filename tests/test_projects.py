"""The 0,35 %-pool projects: the seed sheet, filters, totals, export, forms and query counts."""

import io

import openpyxl
import pytest
from django.urls import reverse

from projects.models import Allocation, Partner, Pool, Project, SubProject
from statuses.models import StatusValue
from statuses.services import status_change
from tests.pages import csv_table
from tests.queries import count_queries

LIST = reverse("projects:project_list")
SEED_NAMES = [
    "Forskningsprojekter på 0-6 års området: 'Forældreinvolvering i små børns læring' og 'Barnet i Centrum'",
    "Understøttelse og implementering af Fælles grundlag for børns læring, Den Tværfaglige Model og Tidlig Opsporing og Indsats",
    "Forebyggelse af overvægt hos børn og unge",
    "Boligsocial indsats",
    "Læsecenter",
    "Hånd om familien",
]


def rows(response):
    return [record.name for record in response.context["table"].page.object_list.data]


# --- The seed sheet, transcribed faithfully ------------------------------------------------


def test_politician_sees_the_six_pool_projects_totalling_4_650_000(client_for, politician, seed):
    response = client_for(politician).get(LIST, {"year": 2019})
    html = response.content.decode()
    assert rows(response) == SEED_NAMES
    assert "Disponeret i 2019" in html
    assert "4.650.000 kr." in html
    for amount in ("1.500.000 kr.", "700.000 kr.", "600.000 kr.", "850.000 kr.", "500.000 kr."):
        assert amount in html


def test_seed_projects_start_not_assessed_and_keep_their_narrative_status(seed):
    assert set(Project.objects.values_list("status__label", flat=True)) == {"Ikke vurderet"}
    assert Project.objects.get(name="Læsecenter").status_text == (
        "Der er ansat en ekstra læsevejleder i en midlertidig stilling frem til udgangen af 2019."
    )


def test_boligsocial_description_is_whole_again(seed):
    description = Project.objects.get(name="Boligsocial indsats").description
    assert (
        "at komme i uddannelse og beskæftigelse.\n- Tiltrækning af nye ressourcestærke beboere til Ellekonebakken"
        in description
    )
    assert description.endswith("Ellekonebakken")


def test_research_row_holds_two_subprojects_with_their_universities(seed):
    research = Project.objects.get(name=SEED_NAMES[0])
    subs = {
        s.name: (list(s.partners.values_list("name", flat=True)), s.start_month, s.end_month)
        for s in research.subprojects.all()
    }
    assert subs["Forældreinvolvering i små børns læring"][0] == ["Aalborg Universitet"]
    assert subs["Barnet i Centrum"][0] == ["Aarhus Universitet"]
    assert (subs["Barnet i Centrum"][1].isoformat(), subs["Barnet i Centrum"][2].isoformat()) == (
        "2017-08-01",
        "2020-02-01",
    )


def test_unknown_period_is_shown_as_unknown_not_guessed(client_for, politician, seed):
    html = client_for(politician).get(Project.objects.get(name="Hånd om familien").get_absolute_url()).content.decode()
    assert "Ikke oplyst" in html


# --- Filters, totals and export --------------------------------------------------------------


def test_threshold_filter_uses_danish_amounts_and_sums_the_filtered_rows(client_for, politician, seed):
    response = client_for(politician).get(LIST, {"year": 2019, "amount_min": "600.000"})
    assert rows(response) == SEED_NAMES[:4]
    assert "3.650.000 kr." in response.content.decode()


def test_threshold_from_the_sheet_title_keeps_all_six(client_for, politician, seed):
    assert len(rows(client_for(politician).get(LIST, {"amount_min": "500.000 kr."}))) == 6


def test_unclear_threshold_gets_a_danish_error_not_a_wrong_filter(client_for, politician, seed):
    response = client_for(politician).get(LIST, {"amount_min": "1.5"})
    assert "kan ikke læses entydigt" in response.content.decode()
    assert rows(response) == []


def test_status_and_free_text_filters(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    paa_sporet = StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet")
    status_change(
        item=project, expected_version=project.version, new_value=paa_sporet, reason="Ansat", acting_user=secretary
    )
    reader = client_for(politician)
    assert rows(reader.get(LIST, {"status": paa_sporet.pk})) == ["Læsecenter"]
    assert rows(reader.get(LIST, {"q": "Ellekonebakken"})) == ["Boligsocial indsats"]
    assert rows(reader.get(LIST, {"q": "Aarhus"})) == [SEED_NAMES[0]]


def test_list_is_sortable_by_amount(client_for, politician, seed):
    names = rows(client_for(politician).get(LIST, {"year": 2019, "sort": "-allocated"}))
    assert names[0] == SEED_NAMES[0] and names[1] == "Boligsocial indsats"


def test_csv_export_has_every_filtered_row_with_danish_letters(client_for, politician, seed):
    # The columns are the import's (ADR 0022): every year's allocation, whatever the filter.
    response = client_for(politician).get(LIST, {"year": 2019, "_export": "csv"})
    table = csv_table(response.content)
    header = table[0]
    assert header[:4] == ["Nr.", "Pulje", "Projektnavn", "Projektbeskrivelse"]
    assert [row[2] for row in table[1:]] == SEED_NAMES
    assert table[5][header.index("Disponeret 2019")] == "500000"
    assert table[5][header.index("Status")] == "Ikke vurderet"


def test_xlsx_export_opens_in_excel_with_numbers_as_numbers(client_for, politician, seed):
    response = client_for(politician).get(LIST, {"year": 2019, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(2, header["Projektnavn"]).value == SEED_NAMES[0]
    amounts = [sheet.cell(r, header["Disponeret 2019"]).value for r in range(2, 8)]
    assert all(isinstance(value, int) for value in amounts) and sum(amounts) == 4_650_000


# --- Create and edit -------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "pool": Pool.objects.get().pk,
        "name": "Sprogstart",
        "description": "Sprogindsats i dagtilbud.",
        "status_text": "",
        "start_month": "2019-08",
        "end_month": "2020-06",
        "partners": [],
        "allocations-TOTAL_FORMS": "2",
        "allocations-INITIAL_FORMS": "0",
        "allocations-MIN_NUM_FORMS": "0",
        "allocations-MAX_NUM_FORMS": "1000",
        "allocations-0-year": "2019",
        "allocations-0-amount": "1.500.000 kr.",
        "allocations-1-year": "2020",
        "allocations-1-amount": "4.000",
    }
    data.update(overrides)
    return data


def test_secretary_creates_a_project_with_danish_amounts(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data())
    project = Project.objects.get(name="Sprogstart")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert dict(project.allocations.values_list("year", "amount")) == {2019: 1_500_000, 2020: 4_000}
    assert project.status.label == "Ikke vurderet"
    assert project.start_month.isoformat() == "2019-08-01"


def test_unclear_amount_keeps_what_was_typed_and_says_why(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(**{"allocations-0-amount": "1.5"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "kan ikke læses entydigt" in html
    assert 'value="1.5"' in html and 'value="Sprogindsats i dagtilbud."' not in html  # textarea keeps its text:
    assert "Sprogindsats i dagtilbud." in html
    assert not Project.objects.filter(name="Sprogstart").exists()


def test_period_that_ends_before_it_starts_is_refused(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(end_month="2018-01"))
    assert "Slut skal ligge efter start." in response.content.decode()


def test_same_year_twice_is_refused(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(**{"allocations-1-year": "2019"}))
    assert "Året 2019 står flere gange" in response.content.decode()


def test_duplicate_project_name_in_the_pool_gets_a_message_not_a_server_error(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(name="Læsecenter"))
    assert response.status_code == 200
    assert "Der findes allerede et projekt med navnet “Læsecenter”" in response.content.decode()


def test_a_name_taken_after_the_form_was_checked_is_refused_by_the_database_in_the_same_words(secretary, seed):
    # Two secretaries add "Læsecenter" at once: the form's check passes for both, the database refuses one.
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from projects.services import project_create

    pool = Project.objects.get(name="Læsecenter").pool
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        project_create(pool=pool, data={"name": "Læsecenter"}, allocations={}, acting_user=secretary)
    assert refused.value.messages == ["Der findes allerede et projekt med navnet “Læsecenter” i puljen."]


def edit_data(project, **overrides):
    allocations = list(project.allocations.all())
    data = form_data(
        name=project.name,
        description=project.description,
        status_text=project.status_text,
        start_month="",
        end_month="",
        version=project.version,
        **{"allocations-TOTAL_FORMS": str(len(allocations)), "allocations-INITIAL_FORMS": str(len(allocations))},
    )
    del data["pool"]
    for i, allocation in enumerate(allocations):
        data[f"allocations-{i}-year"] = str(allocation.year)
        data[f"allocations-{i}-amount"] = f"{allocation.amount:,}".replace(",", ".")
    data.pop("allocations-1-year", None) if len(allocations) < 2 else None
    data.pop("allocations-1-amount", None) if len(allocations) < 2 else None
    data.update(overrides)
    return data


def test_secretary_edits_a_project_and_its_amount(client_for, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    response = client_for(secretary).post(
        reverse("projects:project_edit", kwargs={"pk": project.pk}),
        edit_data(project, **{"allocations-0-amount": "550.000"}),
    )
    assert response.status_code == 302
    assert Allocation.objects.get(project=project, year=2019).amount == 550_000


def test_edit_form_with_empty_spare_rows_saves(client_for, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    data = edit_data(project, name="Læsecenter 2019", **{"allocations-TOTAL_FORMS": "3"})
    data.update(
        {"allocations-1-year": "", "allocations-1-amount": "", "allocations-2-year": "", "allocations-2-amount": ""}
    )
    response = client_for(secretary).post(reverse("projects:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Læsecenter 2019" and project.allocations.get().amount == 500_000


def test_second_editor_is_told_what_the_first_changed_and_keeps_their_text(
    client_for, secretary, other_secretary, seed
):
    project = Project.objects.get(name="Boligsocial indsats")
    url = reverse("projects:project_edit", kwargs={"pk": project.pk})
    first, second = client_for(other_secretary), client_for(secretary)
    first.get(url)
    second.get(url)  # both opened version 1
    # Browsers post textarea text with CRLF line endings.
    assert "\n" in project.description
    crlf = {"description": project.description.replace("\n", "\r\n")}
    assert first.post(url, edit_data(project, name="Boligsocial indsats på Ellekonebakken", **crlf)).status_code == 302

    response = second.post(url, edit_data(project, status_text="Min nye statustekst"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Søren Sagsbehandler har gemt ændringer" in html
    assert "„Boligsocial indsats“ → „Boligsocial indsats på Ellekonebakken“" in html
    assert "Min nye statustekst" in html  # what the second editor typed is still there
    assert "Projektbeskrivelse:" not in html  # unchanged fields are not reported as changed
    project.refresh_from_db()
    assert project.name == "Boligsocial indsats på Ellekonebakken" and project.status_text.startswith(
        "I samarbejde med relevante parter"
    )

    # Having read the message, saving again is a deliberate overwrite.
    again = second.post(
        url,
        {
            **edit_data(project, status_text="Min nye statustekst"),
            "version": response.context["form"]["version"].value(),
        },
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.status_text == "Min nye statustekst"


# --- Queries stay constant as rows grow ------------------------------------------------------


def add_projects(count):
    pool = Pool.objects.get()
    partner = Partner.objects.first()
    start = pool.status_scale.default_value
    for i in range(count):
        project = Project.objects.create(pool=pool, name=f"Ekstra projekt {i}", description="x", status=start)
        project.partners.add(partner)
        Allocation.objects.create(project=project, year=2019, amount=100_000 + i)
        SubProject.objects.create(project=project, name=f"Del {i}")


@pytest.mark.parametrize("params", [{}, {"year": 2019, "q": "projekt", "amount_min": "1"}])
def test_list_page_queries_do_not_grow_with_rows(client_for, politician, seed, params):
    reader = client_for(politician)
    small = count_queries(reader, LIST, params)
    add_projects(40)
    assert count_queries(reader, LIST, params) == small
    assert small <= 12


def test_detail_page_queries_do_not_grow_with_history(client_for, politician, secretary, seed):
    reader = client_for(politician)
    project = Project.objects.get(name="Læsecenter")
    # The first request fills Django's per-process content-type cache, which the status changes below
    # fill too; warm it first so the two counts differ only by what the history adds.
    count_queries(reader, project.get_absolute_url())
    small = count_queries(reader, project.get_absolute_url())
    values = list(StatusValue.objects.filter(scale__slug="projektfremdrift").exclude(slug="ikke-vurderet"))
    for i in range(12):
        status_change(
            item=project,
            expected_version=project.version,
            new_value=values[i % len(values)],
            reason=f"Skift {i}",
            acting_user=secretary,
        )
    assert count_queries(reader, project.get_absolute_url()) == small
