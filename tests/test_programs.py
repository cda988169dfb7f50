"""Programmes, budget proposals and funding: seed 000, computed totals, constraints, roles and queries."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.choices import MoneyState
from programs.models import BudgetProposal, Committee, EconomyLine, Funding, Partnership, Programme, build_economy_table
from programs.services import funding_update, proposal_create, proposal_update
from projects.models import Pool, Project
from statuses.models import StatusChange, StatusValue
from statuses.services import status_change
from tests.pages import csv_table
from tests.queries import count_queries

PROGRAMME = "Sammen om børn og unge – et fælles ansvar"
PROPOSAL = "Investering i udviklingen af almen"
PROPOSAL_LIST = reverse("programs:proposal_list")
PROGRAMME_LIST = reverse("programs:programme_list")


def value(slug):
    return StatusValue.objects.get(scale__slug="budgetforslag", slug=slug)


@pytest.fixture
def programme(seed):
    return Programme.objects.get(name=PROGRAMME)


@pytest.fixture
def proposal(seed):
    return BudgetProposal.objects.get(title=PROPOSAL)


def economy_rows(economy):
    return {row.label: row.cells for row in economy.rows}


# --- Seed 000, transcribed faithfully --------------------------------------------------------------


def test_programme_has_its_purpose_three_aims_committee_and_scope(programme):
    assert programme.purpose == f"”{PROGRAMME}” er et udviklingsprogram i Børn & Unge, der skal:"
    assert programme.aim_list == [
        "udvikle vores dagtilbud og skoler, så endnu flere børn kan trives og udvikle sig i de lokale fællesskaber",
        "anvende sunde fællesskaber i fritiden til at fremme trivsel",
        "møde familier i komplekse situationer lige dér, hvor de oplever at have mest brug for støtte, "
        "for at de selv kan forbedre deres egen situation.",
    ]
    assert programme.committee.name == "Børne- og Ungdomsudvalget"
    assert "samtlige knap 4000 medarbejdere og ledere i Børn & Unge" in programme.scope


def test_programme_period_is_not_given_so_it_shows_as_unknown(client_for, politician, programme):
    assert programme.start_month is None and programme.end_month is None
    html = client_for(politician).get(programme.get_absolute_url()).content.decode()
    assert "<dt>Periode</dt><dd>Ikke oplyst</dd>" in html


def test_via_partnership_starts_on_the_first_10_schools_for_the_whole_programme_period(programme):
    via = Partnership.objects.get(programme=programme)
    assert via.partner == "VIA"
    assert via.start == "opstart på de første 10 skoler i efteråret 2025"
    assert via.duration == "hele programperioden"
    assert via.description.endswith("Partnerskabet er indgået for hele programperioden.")


def test_proposal_has_date_committee_programme_and_both_texts(proposal, programme):
    assert proposal.date == datetime.date(2025, 8, 1)
    assert proposal.committee.name == "Børne- og Ungdomsudvalget"
    assert proposal.programme == programme
    assert proposal.background.startswith(f"”{PROGRAMME}” er et udviklingsprogram")
    assert proposal.background.count("\n• ") == 3
    assert proposal.description.startswith("Børne- og Ungdomsudvalget indstiller til budgetforhandlingerne")
    assert proposal.status.label == "Indstillet til budgetforhandlingerne"


def test_proposal_economy_is_the_seeds_table_in_thousands(proposal):
    economy = proposal.economy()
    assert economy.years == [2026, 2027, 2028, 2029]
    assert economy_rows(economy) == {
        "Udgifter": [4000, 4000, 4000, 4000],
        "Finansiering": [None, None, None, None],
        "Netto": [4000, 4000, 4000, 4000],
    }
    assert not EconomyLine.objects.filter(proposal=proposal, kind="finansiering").exists()


def test_text_period_2026_2030_and_table_years_2026_2029_are_both_kept(client_for, politician, proposal):
    assert proposal.period_text == "2026-2030"
    assert proposal.period_differs(proposal.economy())
    html = client_for(politician).get(proposal.get_absolute_url()).content.decode()
    assert "Forslagets tekst nævner perioden 2026-2030, mens økonomitabellen har årene 2026–2029" in html
    assert "i perioden 2026-2030 til udviklingen af forebyggende tiltag i almen" in html


def test_other_funding_is_transcribed_with_unknown_periods_left_unknown(programme):
    fundings = {f.source: f for f in Funding.objects.filter(programme=programme)}
    assert set(fundings) == {"Byrådet, budgetforliget for 2025", "Poul Due Jensen Fonden"}
    byraadet = fundings["Byrådet, budgetforliget for 2025"]
    assert (byraadet.amount, byraadet.year, byraadet.start_date, byraadet.end_date) == (4_000_000, 2025, None, None)
    assert "Foretrukken Praksis" in byraadet.purpose
    pdj = fundings["Poul Due Jensen Fonden"]
    assert (pdj.amount, pdj.year) == (7_500_000, None)
    assert (pdj.start_date, pdj.end_date) == (datetime.date(2025, 4, 1), datetime.date(2028, 6, 30))


def test_seed_pool_projects_do_not_belong_to_the_programme(seed):
    assert Project.objects.count() == 6
    assert not Project.objects.filter(programme__isnull=False).exists()


# --- What the politician sees ----------------------------------------------------------------------


def test_programme_page_shows_money_by_source_and_year_with_computed_totals(client_for, politician, programme):
    response = client_for(politician).get(programme.get_absolute_url())
    money = response.context["money"]
    assert money.years == [2025, 2026, 2027, 2028, 2029]
    rows = {row.label: (row.cells, row.unallocated, row.total) for row in money.rows}
    assert rows == {
        "Byrådet, budgetforliget for 2025": ([4_000_000, None, None, None, None], None, 4_000_000),
        "Poul Due Jensen Fonden": ([None] * 5, 7_500_000, 7_500_000),
        f"Budgetforslag: {PROPOSAL}": ([None] + [4_000_000] * 4, None, 16_000_000),
    }
    granted, proposed = money.section(MoneyState.GRANTED), money.section(MoneyState.PROPOSED)
    assert granted.year_totals == [4_000_000, 0, 0, 0, 0] and granted.unallocated_total == 7_500_000
    assert granted.total == 11_500_000
    assert proposed.total == 16_000_000, "the proposal is still only recommended (Indstillet)"
    assert money.decided_total == 11_500_000, "a proposal not yet adopted is never added to granted money"
    html = response.content.decode()
    assert "I alt bevilget" in html and "11.500.000" in html and "I alt foreslået" in html
    assert "27.500.000" not in html, "granted and proposed money are not summed together"
    assert "Ikke fordelt på år" in html
    assert '<th scope="col" class="text-end">2025</th>' in html  # years are never "2.025"


def test_programme_page_shows_the_proposals_economy_table_as_the_seed(client_for, politician, programme):
    html = client_for(politician).get(programme.get_absolute_url()).content.decode()
    assert "(i 1.000 kr.)" in html
    assert html.count('<td class="text-end text-nowrap px-3">4.000</td>') == 8  # Udgifter and Netto, four years
    assert "Indstillet til budgetforhandlingerne" in html


def test_reader_sees_no_edit_controls(client_for, politician, programme, proposal):
    reader = client_for(politician)
    for url in (programme.get_absolute_url(), proposal.get_absolute_url(), PROPOSAL_LIST, PROGRAMME_LIST):
        html = reader.get(url).content.decode()
        assert "Redigér" not in html and "Skift status" not in html and "Ny finansiering" not in html


def test_project_linked_to_the_programme_is_listed_with_its_status(client_for, politician, secretary, programme):
    project = Project.objects.get(name="Læsecenter")
    project.programme = programme
    project.save()
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason="Ansat",
        acting_user=secretary,
    )
    html = client_for(politician).get(programme.get_absolute_url()).content.decode()
    assert "Læsecenter" in html and "På sporet" in html and "status__shape" in html


# --- Computed, never stored ------------------------------------------------------------------------


def test_netto_is_expenses_minus_financing_per_year():
    lines = [
        EconomyLine(year=2026, kind="udgifter", amount=4000),
        EconomyLine(year=2026, kind="finansiering", amount=1500),
        EconomyLine(year=2027, kind="finansiering", amount=500),
    ]
    economy = build_economy_table(lines)
    assert economy_rows(economy) == {
        "Udgifter": [4000, None],
        "Finansiering": [1500, 500],
        "Netto": [2500, -500],
    }


def test_a_source_over_several_years_is_one_row_and_totals_add_up(client_for, politician, programme):
    Funding.objects.create(programme=programme, source="Byrådet, budgetforliget for 2025", amount=1_000_000, year=2026)
    money = client_for(politician).get(programme.get_absolute_url()).context["money"]
    byraadet = next(row for row in money.rows if row.label.startswith("Byrådet"))
    assert byraadet.cells[:2] == [4_000_000, 1_000_000] and byraadet.total == 5_000_000
    granted = money.section(MoneyState.GRANTED)
    assert granted.year_totals[:2] == [4_000_000, 1_000_000]
    assert granted.total == 12_500_000


def test_a_proposal_not_adopted_brings_no_money(client_for, politician, secretary, programme, proposal):
    status_change(
        item=proposal,
        expected_version=proposal.version,
        new_value=value("ikke-vedtaget"),
        reason="Ikke med i forliget",
        acting_user=secretary,
    )
    response = client_for(politician).get(programme.get_absolute_url())
    money = response.context["money"]
    assert [row.label for row in money.rows] == ["Byrådet, budgetforliget for 2025", "Poul Due Jensen Fonden"]
    assert money.decided_total == 11_500_000 and money.section(MoneyState.PROPOSED) is None
    assert "Ikke medregnet, fordi de ikke er vedtaget" in response.content.decode()


def test_editing_the_proposal_changes_the_programmes_money_at_once(
    client_for, politician, secretary, programme, proposal
):
    lines = [(2026, "udgifter", 4000), (2026, "finansiering", 1000)]
    proposal_update(
        proposal=proposal,
        data=proposal_data(proposal),
        lines=lines,
        expected_version=proposal.version,
        acting_user=secretary,
    )
    money = client_for(politician).get(programme.get_absolute_url()).context["money"]
    row = next(row for row in money.rows if row.proposal)
    assert row.total == 3_000_000


# --- Constraints: the database guards what the forms check ----------------------------------------


def proposal_data(proposal, **overrides):
    data = {
        f: getattr(proposal, f)
        for f in ("title", "date", "committee", "programme", "period_text", "background", "description")
    }
    data.update(overrides)
    return data


def test_database_refuses_a_negative_expense(proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        EconomyLine.objects.create(proposal=proposal, year=2030, kind="udgifter", amount=-1)


def test_database_refuses_a_second_line_for_the_same_year_and_kind(proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        EconomyLine.objects.create(proposal=proposal, year=2026, kind="udgifter", amount=1)


def test_database_refuses_a_funding_period_that_ends_before_it_starts(programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Funding.objects.create(
            programme=programme,
            source="X",
            amount=1,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2025, 1, 1),
        )


def test_service_turns_a_negative_expense_into_a_danish_message(secretary, proposal):
    with pytest.raises(ValidationError) as error:
        proposal_update(
            proposal=proposal,
            data=proposal_data(proposal),
            lines=[(2026, "udgifter", -4000)],
            expected_version=proposal.version,
            acting_user=secretary,
        )
    assert error.value.messages == ["Et beløb i økonomitabellen kan ikke være negativt."]
    assert proposal.economy_lines.count() == 4  # nothing half-saved


def test_service_turns_a_duplicate_year_and_kind_into_a_danish_message(secretary, seed):
    committee = Committee.objects.get()
    with pytest.raises(ValidationError) as error:
        proposal_create(
            data={
                "title": "Dobbelt",
                "date": datetime.date(2025, 9, 1),
                "committee": committee,
                "programme": None,
                "period_text": "",
                "background": "",
                "description": "",
            },
            lines=[(2026, "udgifter", 100), (2026, "udgifter", 200)],
            acting_user=secretary,
        )
    assert "Der må kun være én linje pr. år for udgifter og én for finansiering" in error.value.messages[0]
    assert not BudgetProposal.objects.filter(title="Dobbelt").exists()


def test_service_turns_a_backwards_funding_period_into_a_danish_message(secretary, programme):
    funding = Funding.objects.get(source="Poul Due Jensen Fonden")
    data = {f: getattr(funding, f) for f in ("programme", "source", "purpose", "amount", "year")}
    with pytest.raises(ValidationError) as error:
        funding_update(
            funding=funding,
            data={**data, "start_date": datetime.date(2028, 6, 30), "end_date": datetime.date(2025, 4, 1)},
            expected_version=funding.version,
            acting_user=secretary,
        )
    assert error.value.messages == ["Finansieringens periode skal slutte efter, at den starter."]


def form_data(**overrides):
    data = {
        "title": "Styrket overgang til ungdomsuddannelse",
        "date": "2025-09-01",
        "committee": Committee.objects.get().pk,
        "programme": Programme.objects.get().pk,
        "period_text": "2026-2027",
        "background": "Baggrund.",
        "description": "Beskrivelse.",
        "economy-TOTAL_FORMS": "3",
        "economy-INITIAL_FORMS": "0",
        "economy-MIN_NUM_FORMS": "0",
        "economy-MAX_NUM_FORMS": "1000",
        "economy-0-year": "2026",
        "economy-0-expenses": "4.000",
        "economy-0-financing": "",
        "economy-1-year": "2027",
        "economy-1-expenses": "2.500",
        "economy-1-financing": "500",
        "economy-2-year": "",
        "economy-2-expenses": "",
        "economy-2-financing": "",
    }
    data.update(overrides)
    return data


def test_secretary_creates_a_proposal_with_danish_amounts_in_thousands(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("programs:proposal_add"), form_data())
    proposal = BudgetProposal.objects.get(title="Styrket overgang til ungdomsuddannelse")
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert sorted(proposal.economy_lines.values_list("year", "kind", "amount")) == [
        (2026, "udgifter", 4000),
        (2027, "finansiering", 500),
        (2027, "udgifter", 2500),
    ]
    assert economy_rows(proposal.economy())["Netto"] == [4000, 2000]
    assert proposal.status.label == "Kladde"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"economy-0-expenses": "-4.000"}, "Beløbet kan ikke være negativt."),
        ({"economy-1-year": "2026"}, "Året 2026 står flere gange"),
        ({"economy-0-expenses": "4.5"}, "kan ikke læses entydigt"),
        ({"economy-2-expenses": "100"}, "Skriv hvilket år beløbet gælder."),
        ({"economy-2-year": "2028"}, "Skriv udgifter eller finansiering for året"),
        ({"date": "31.02.2025"}, "Skriv en dato"),
    ],
)
def test_proposal_form_refuses_with_a_danish_message_and_keeps_the_input(
    client_for, secretary, seed, overrides, message
):
    response = client_for(secretary).post(reverse("programs:proposal_add"), form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetProposal.objects.filter(title="Styrket overgang til ungdomsuddannelse").exists()


# --- Whole kroner typed in the 1.000 kr. table are asked about, not saved silently ------------------


WHOLE_KRONER = (
    "4.000.000 i 1.000 kr. er 4 mia. kr. Mente du 4.000 (i 1.000 kr.)? "
    "Sæt hak i »Beløbene er rigtige«, hvis beløbet skal stå."
)
NEW_TITLE = "Styrket overgang til ungdomsuddannelse"


def test_secretary_typing_4_000_000_in_the_thousands_table_is_asked_to_confirm_and_nothing_is_saved(
    client_for, secretary, seed
):
    data = form_data(**{"economy-0-expenses": "4.000.000"})
    response = client_for(secretary).post(reverse("programs:proposal_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["economy"].forms[0].errors["expenses"] == [WHOLE_KRONER]  # at the field
    assert '<label for="id_economy-amounts_confirmed" class="form-check-label">' in html
    assert "Beløbene er rigtige" in html
    assert 'name="economy-0-expenses" value="4.000.000"' in html and f'value="{NEW_TITLE}"' in html  # nothing lost
    assert 'name="economy-1-financing" value="500"' in html
    assert not BudgetProposal.objects.filter(title=NEW_TITLE).exists()


def test_secretary_who_confirms_the_amounts_gets_them_saved_and_is_not_asked_again_on_the_next_edit(
    client_for, secretary, seed
):
    editor = client_for(secretary)
    data = form_data(**{"economy-0-expenses": "4.000.000", "economy-amounts_confirmed": "on"})
    assert editor.post(reverse("programs:proposal_add"), data).status_code == 302
    proposal = BudgetProposal.objects.get(title=NEW_TITLE)
    assert proposal.economy_lines.get(year=2026, kind="udgifter").amount == 4_000_000

    url = reverse("programs:proposal_edit", kwargs={"pk": proposal.pk})
    assert editor.post(url, edit_data(proposal, period_text="2026-2028")).status_code == 302  # the saved amount stands
    refused = editor.post(url, edit_data(proposal, **{"economy-1-financing": "250.000"}))  # a new one is asked about
    assert refused.status_code == 200 and "250.000 i 1.000 kr. er 250 mio. kr." in refused.content.decode()


@pytest.mark.parametrize("typed", ["4.000", "99.999"])
def test_an_ordinary_amount_in_thousands_saves_directly_and_no_box_is_shown(client_for, secretary, seed, typed):
    editor = client_for(secretary)
    assert "Beløbene er rigtige" not in editor.get(reverse("programs:proposal_add")).content.decode()
    assert editor.post(reverse("programs:proposal_add"), form_data(**{"economy-0-expenses": typed})).status_code == 302
    saved = BudgetProposal.objects.get(title=NEW_TITLE).economy_lines.get(year=2026, kind="udgifter")
    assert saved.amount == int(typed.replace(".", ""))


def test_a_ticked_box_stays_ticked_when_the_form_is_refused_for_something_else(client_for, secretary, seed):
    data = form_data(**{"economy-0-expenses": "4.000.000", "economy-amounts_confirmed": "on", "title": ""})
    html = client_for(secretary).post(reverse("programs:proposal_add"), data).content.decode()
    assert "Giv budgetforslaget en titel." in html and WHOLE_KRONER not in html
    assert re.search(r'<input type="checkbox" name="economy-amounts_confirmed"[^>]* checked', html)


def test_the_admin_asks_the_same_about_an_economy_line_in_whole_kroner(proposal):
    from programs.admin import EconomyLineAdminForm

    line = {"year": "2030", "kind": "udgifter", "amount": "4.000.000"}
    asked = EconomyLineAdminForm(data=line)
    assert not asked.is_valid() and asked.errors["amount"] == [WHOLE_KRONER]
    confirmed = EconomyLineAdminForm(data={**line, "amounts_confirmed": "on"})
    assert confirmed.is_valid() and confirmed.cleaned_data["amount"] == 4_000_000


def test_proposal_date_typed_the_danish_way_is_read(client_for, secretary, seed):
    client_for(secretary).post(reverse("programs:proposal_add"), form_data(date="01.08.2025"))
    assert BudgetProposal.objects.get(title="Styrket overgang til ungdomsuddannelse").date == datetime.date(2025, 8, 1)


def edit_data(proposal, **overrides):
    lines = {}
    for line in proposal.economy_lines.all():
        lines.setdefault(line.year, {})[line.kind] = line.amount
    data = {
        "title": proposal.title,
        "date": proposal.date.isoformat(),
        "committee": proposal.committee_id,
        "programme": proposal.programme_id or "",
        "period_text": proposal.period_text,
        "background": proposal.background,
        "description": proposal.description,
        "version": proposal.version,
        "economy-TOTAL_FORMS": str(len(lines)),
        "economy-INITIAL_FORMS": str(len(lines)),
        "economy-MIN_NUM_FORMS": "0",
        "economy-MAX_NUM_FORMS": "1000",
    }
    for i, (year, amounts) in enumerate(sorted(lines.items())):
        data[f"economy-{i}-year"] = str(year)
        data[f"economy-{i}-expenses"] = (
            f"{amounts.get('udgifter', ''):,}".replace(",", ".") if "udgifter" in amounts else ""
        )
        data[f"economy-{i}-financing"] = (
            f"{amounts['finansiering']:,}".replace(",", ".") if "finansiering" in amounts else ""
        )
    data.update(overrides)
    return data


def test_secretary_edits_the_economy_removing_a_year_and_adding_financing(client_for, secretary, proposal):
    url = reverse("programs:proposal_edit", kwargs={"pk": proposal.pk})
    response = client_for(secretary).post(
        url, edit_data(proposal, **{"economy-0-financing": "1.000", "economy-3-DELETE": "on"})
    )
    assert response.status_code == 302
    economy = proposal.economy()
    assert economy.years == [2026, 2027, 2028]
    assert economy_rows(economy)["Netto"] == [3000, 4000, 4000]


def test_second_editor_of_a_proposal_is_told_and_keeps_their_text(client_for, secretary, other_secretary, proposal):
    url = reverse("programs:proposal_edit", kwargs={"pk": proposal.pk})
    assert client_for(other_secretary).post(url, edit_data(proposal, title="Investering i almen")).status_code == 302
    response = client_for(secretary).post(url, edit_data(proposal, period_text="2026-2029"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Søren Sagsbehandler har gemt ændringer" in html
    assert "„Investering i udviklingen af almen“ → „Investering i almen“" in html
    assert 'value="2026-2029"' in html


def test_funding_form_reads_kroner_and_refuses_a_period_that_ends_before_it_starts(client_for, secretary, programme):
    data = {
        "programme": programme.pk,
        "source": "A.P. Møller Fonden",
        "purpose": "",
        "amount": "1.250.000 kr.",
        "year": "",
        "start_date": "2026-01-01",
        "end_date": "2025-12-31",
    }
    response = client_for(secretary).post(reverse("programs:funding_add"), data)
    assert response.status_code == 200
    assert "Periodens slut skal ligge efter dens start." in response.content.decode()
    response = client_for(secretary).post(reverse("programs:funding_add"), {**data, "end_date": "31.12.2027"})
    assert response.status_code == 302
    funding = Funding.objects.get(source="A.P. Møller Fonden")
    assert (funding.amount, funding.end_date) == (1_250_000, datetime.date(2027, 12, 31))
    assert response["Location"] == programme.get_absolute_url() + "#finansiering"


def test_funding_add_preselects_the_programme(client_for, secretary, programme):
    response = client_for(secretary).get(reverse("programs:funding_add"), {"programme": programme.pk})
    assert response.context["form"]["programme"].value() == str(programme.pk)


def test_duplicate_programme_name_gets_a_message_not_a_server_error(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("programs:programme_add"), {"name": PROGRAMME})
    assert response.status_code == 200
    assert "Der findes allerede et program med navnet" in response.content.decode()


def test_secretary_creates_a_programme_with_aims_one_per_line(client_for, secretary, seed):
    response = client_for(secretary).post(
        reverse("programs:programme_add"),
        {
            "name": "Nyt program",
            "aims": "Første mål\r\n\r\nAndet mål\r\n",
            "start_month": "2026-01",
            "end_month": "2025-12",
        },
    )
    assert "Slut skal ligge efter start." in response.content.decode()
    client_for(secretary).post(
        reverse("programs:programme_add"), {"name": "Nyt program", "aims": "Første mål\r\nAndet mål"}
    )
    assert Programme.objects.get(name="Nyt program").aim_list == ["Første mål", "Andet mål"]


# --- Status, roles ----------------------------------------------------------------------------------


def test_secretary_moves_a_proposal_to_vedtaget_inline_with_a_reason(client_for, secretary, proposal):
    url = reverse("programs:budgetproposal_status", kwargs={"pk": proposal.pk})
    response = client_for(secretary).post(
        url,
        {"new_value": value("vedtaget").pk, "reason": "Vedtaget i budgetforliget.", "version": proposal.version},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith(f'<tr id="row-{proposal.pk}"')
    assert "Vedtaget" in html and "16.000" in html
    change = StatusChange.objects.get()
    assert (change.old_value.slug, change.new_value.slug, change.reason) == (
        "indstillet",
        "vedtaget",
        "Vedtaget i budgetforliget.",
    )


def test_reader_cannot_change_a_proposals_status_or_write_anything(client_for, politician, programme, proposal):
    reader = client_for(politician)
    status_url = reverse("programs:budgetproposal_status", kwargs={"pk": proposal.pk})
    assert reader.post(status_url, {"new_value": value("vedtaget").pk, "reason": "x", "version": 1}).status_code == 403
    assert reader.post(reverse("programs:proposal_add"), form_data()).status_code == 403
    assert (
        reader.post(
            reverse("programs:proposal_edit", kwargs={"pk": proposal.pk}), edit_data(proposal, title="X")
        ).status_code
        == 403
    )
    funding = Funding.objects.first()
    assert reader.get(reverse("programs:funding_edit", kwargs={"pk": funding.pk})).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == PROPOSAL and proposal.status.slug == "indstillet"
    assert not StatusChange.objects.exists() and BudgetProposal.objects.count() == 1


# --- Lists, filters, export --------------------------------------------------------------------------


def titles(response):
    return [record.title for record in response.context["table"].page.object_list.data]


def test_proposal_list_filters_by_economy_year_status_and_text(client_for, politician, proposal):
    reader = client_for(politician)
    assert titles(reader.get(PROPOSAL_LIST, {"year": 2026})) == [PROPOSAL]
    assert titles(reader.get(PROPOSAL_LIST, {"status": value("kladde").pk})) == []
    assert titles(reader.get(PROPOSAL_LIST, {"status": value("indstillet").pk})) == [PROPOSAL]
    assert titles(reader.get(PROPOSAL_LIST, {"q": "forebyggende almen"})) == [PROPOSAL]


def test_proposal_csv_and_xlsx_export_in_thousands(client_for, politician, proposal):
    reader = client_for(politician)
    table = csv_table(reader.get(PROPOSAL_LIST, {"_export": "csv"}).content)
    header = table[0]
    assert header[:7] == [
        "Titel",
        "Dato",
        "Program",
        "Udvalg",
        "Periode i teksten",
        "Status",
        "Netto i alt (1.000 kr.)",
    ]
    assert table[1][:7] == [
        PROPOSAL,
        "01-08-2025",
        PROGRAMME,
        "Børne- og Ungdomsudvalget",
        "2026-2030",
        "Indstillet til budgetforhandlingerne",
        "16000",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(reader.get(PROPOSAL_LIST, {"_export": "xlsx"}).content)).active
    assert sheet.cell(2, 1).value == PROPOSAL


def test_programme_list_counts_proposals_and_projects(client_for, politician, programme):
    Project.objects.filter(name="Læsecenter").update(programme=programme)
    response = client_for(politician).get(PROGRAMME_LIST, {"_export": "csv"})
    table = csv_table(response.content)
    assert table[0][:5] == ["Program", "Udvalg", "Periode", "Budgetforslag", "Projekter"]
    assert table[1][:5] == [PROGRAMME, "Børne- og Ungdomsudvalget", "Ikke oplyst", "1", "1"]


def test_projects_can_be_filtered_by_programme(client_for, politician, programme):
    Project.objects.filter(name="Læsecenter").update(programme=programme)
    response = client_for(politician).get(reverse("projects:project_list"), {"programme": programme.pk})
    assert [p.name for p in response.context["table"].page.object_list.data] == ["Læsecenter"]


def test_project_form_links_a_project_to_a_programme(client_for, secretary, programme):
    project = Project.objects.get(name="Læsecenter")
    data = {
        "name": project.name,
        "description": project.description,
        "status_text": project.status_text,
        "programme": programme.pk,
        "start_month": "",
        "end_month": "",
        "version": project.version,
        "allocations-TOTAL_FORMS": "1",
        "allocations-INITIAL_FORMS": "1",
        "allocations-MIN_NUM_FORMS": "0",
        "allocations-MAX_NUM_FORMS": "1000",
        "allocations-0-year": "2019",
        "allocations-0-amount": "500.000",
    }
    response = client_for(secretary).post(reverse("projects:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.programme == programme


# --- Queries stay constant as rows grow ----------------------------------------------------------------


def add_rows(programme, count):
    committee = Committee.objects.get()
    pool = Pool.objects.get()
    indstillet = value("indstillet")
    start = pool.status_scale.default_value
    for i in range(count):
        proposal = BudgetProposal.objects.create(
            title=f"Forslag {i} om almen",
            date=datetime.date(2025, 9, 1),
            committee=committee,
            programme=programme,
            status=indstillet,
        )
        for year in (2026, 2027):
            EconomyLine.objects.create(proposal=proposal, year=year, kind="udgifter", amount=1000 + i)
            EconomyLine.objects.create(proposal=proposal, year=year, kind="finansiering", amount=i)
        Funding.objects.create(programme=programme, source=f"Fond {i}", amount=10_000 * i, year=2026)
        Partnership.objects.create(programme=programme, partner=f"Partner {i}")
        Project.objects.create(
            pool=pool, programme=programme, name=f"Programprojekt {i}", description="x", status=start
        )
        Programme.objects.create(name=f"Program {i}", committee=committee)


@pytest.mark.parametrize(
    "url, params",
    [
        (PROGRAMME_LIST, {}),
        (PROGRAMME_LIST, {"q": "program", "committee": "udvalg"}),
        (PROPOSAL_LIST, {}),
        (PROPOSAL_LIST, {"year": 2026, "q": "almen", "status": "indstillet", "committee": "udvalg"}),
    ],
)
def test_list_page_queries_do_not_grow_with_rows(client_for, secretary, programme, url, params):
    params = {**params}
    if "status" in params:
        params["status"] = value(params["status"]).pk
    if "committee" in params:
        params["committee"] = Committee.objects.get().pk
    editor = client_for(secretary)  # an editor's rows carry the inline status control too
    small = count_queries(editor, url, params)
    add_rows(programme, 30)
    assert count_queries(editor, url, params) == small
    assert small <= 12


def test_programme_page_queries_do_not_grow_with_proposals_funding_and_projects(client_for, politician, programme):
    reader = client_for(politician)
    reader.get(programme.get_absolute_url())  # warm the content-type cache
    small = count_queries(reader, programme.get_absolute_url())
    add_rows(programme, 15)
    assert count_queries(reader, programme.get_absolute_url()) == small
    # The session, the user with their roles, the programme, its funding, partnerships, proposals,
    # their economy lines, its projects, the goals it works towards and its owner (ansvarlig).
    assert small <= 10


def test_proposal_page_queries_do_not_grow_with_lines_and_history(client_for, politician, secretary, proposal):
    reader = client_for(politician)
    small = count_queries(reader, proposal.get_absolute_url())
    for year in range(2030, 2045):
        EconomyLine.objects.create(proposal=proposal, year=year, kind="finansiering", amount=10)
    values = [value("kladde"), value("indstillet")]
    for i in range(10):
        status_change(
            item=proposal,
            expected_version=proposal.version,
            new_value=values[i % 2],
            reason=f"Skift {i}",
            acting_user=secretary,
        )
    assert count_queries(reader, proposal.get_absolute_url()) == small
