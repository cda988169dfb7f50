"""Lys i øjnene (seed 004): the initiatives, their status page, inline status changes, lists and forms."""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives.models import Area, Initiative, Plan, Theme
from initiatives.services import initiative_create, initiative_update
from statuses.models import StatusChange, StatusScale, StatusValue
from statuses.services import status_change
from tests.pages import csv_table
from tests.queries import count_queries

REPORT = reverse("initiatives:status_report")
LIST = reverse("initiatives:initiative_list")

AREAS = ["Tværgående målsætninger og indsatser", "Dagtilbud", "Skole", "Familie & Rådgivning"]
THEMES = [
    "Børn og unges udvikling og læring",
    "Fællesskaber",
    "Sundhedsfremme og tidlig indsats",
    "Forældre",
    "Sammenhæng og udsyn",
]
# How many initiatives the seed lists under each area and theme, in the seed's order.
SEED_GROUPS = [
    ("Tværgående målsætninger og indsatser", "Børn og unges udvikling og læring", 4),
    ("Tværgående målsætninger og indsatser", "Fællesskaber", 2),
    ("Tværgående målsætninger og indsatser", "Sundhedsfremme og tidlig indsats", 5),
    ("Tværgående målsætninger og indsatser", "Forældre", 1),
    ("Tværgående målsætninger og indsatser", "Sammenhæng og udsyn", 9),
    ("Dagtilbud", "Sundhedsfremme og tidlig indsats", 2),
    ("Skole", "Børn og unges udvikling og læring", 4),
    ("Skole", "Fællesskaber", 1),
    ("Skole", "Sundhedsfremme og tidlig indsats", 3),
    ("Skole", "Forældre", 1),
    ("Skole", "Sammenhæng og udsyn", 2),
    ("Familie & Rådgivning", "Børn og unges udvikling og læring", 2),
    ("Familie & Rådgivning", "Fællesskaber", 2),
    ("Familie & Rådgivning", "Sundhedsfremme og tidlig indsats", 6),
    ("Familie & Rådgivning", "Forældre", 3),
    ("Familie & Rådgivning", "Sammenhæng og udsyn", 3),
]
FIRST = "at sætte ind på sprogområdet og herunder yde en særlig indsats for familier med flere sprog"
LAST = (
    "at Familie & Rådgivning arbejder indenfor sundhedsaftalerne med Region Midt, så arbejdet i højere grad "
    "bliver baseret på en fælles tænkning og en klar opgave- og ansvarsfordeling"
)
# Wrapped across lines (and a blank line) by the PDF extraction; one initiative in the document.
ANIMATION = (
    "at udnytte mulighederne i pædagogisk animation til at støtte selvstændighed, tilgængelighed og "
    "mestring for alle børn og med særligt fokus på børn med særlige behov"
)
BARNET_I_CENTRUM = (
    "at deltage i forskningsprojektet ”Barnet i centrum”, hvor der er særlig opmærksomhed på den helt tidlige "
    "indsats i aldersgrupperne 0-3 år. Projektet har blandt andet fokus på læring på 0-3-årsområdet, dannelse af "
    "relationer og overgangen fra hjemmet til dagtilbud"
)
MEANINGS = {
    "Grøn": "Noget, vi gør tilfredsstillende, og eventuelt noget, vi vil arbejde videre med",
    "Gul": "Noget, vi gør, men som vi ikke gør tilfredsstillende",
    "Rød": "Noget, vi ikke gør, fordi der er truffet en aktiv politisk beslutning om ikke at gøre det",
}


def value(slug):
    return StatusValue.objects.get(scale__slug="lys-i-oejnene", slug=slug)


def in_order():
    return list(Initiative.objects.in_report_order().select_related("area", "theme"))


def initiative(text):
    return Initiative.objects.get(text=text)


def status_url(item):
    return reverse("initiatives:initiative_status", kwargs={"pk": item.pk})


# --- The seed document, transcribed faithfully ----------------------------------------------------


def test_all_fifty_initiatives_from_the_seed_are_there_in_the_seeds_order(seed):
    initiatives = in_order()
    assert len(initiatives) == 50 == sum(count for _, _, count in SEED_GROUPS)
    assert initiatives[0].text == FIRST
    assert initiatives[-1].text == LAST
    assert [i.order for i in initiatives] == list(range(1, 51))


def test_each_initiative_sits_under_its_area_and_theme_as_in_the_seed(seed):
    groups = []
    for item in in_order():
        key = (item.area.name, item.theme.name)
        if groups and groups[-1][:2] == key:
            groups[-1] = (*key, groups[-1][2] + 1)
        else:
            groups.append((*key, 1))
    assert groups == SEED_GROUPS
    assert list(Area.objects.values_list("name", flat=True)) == AREAS
    assert list(Theme.objects.values_list("name", flat=True)) == THEMES
    assert initiative("at udarbejde en ungestrategi").area.name == "Tværgående målsætninger og indsatser"
    assert initiative("at skolerne anvender animation som et pædagogisk værktøj").theme.name == THEMES[0]
    assert initiative("at indsatsen sigter på at understøtte forældreskabet").area.name == "Familie & Rådgivning"


def test_text_the_extraction_wrapped_is_one_initiative_again(seed):
    assert initiative(ANIMATION).theme.name == "Børn og unges udvikling og læring"
    assert initiative(BARNET_I_CENTRUM).area.name == "Dagtilbud"  # "0-3-" + "årsområdet" glued, no space
    assert Initiative.objects.filter(
        text="at viden, ressourcer og kompetencer optimeres og koordineres på tværs af indsatser i Børn & Unge, "
        "herunder det brede ungeområde"
    ).exists()
    # The document's own punctuation stays as it is, a final full stop included.
    assert Initiative.objects.filter(text__endswith="voksenvenner og netværksfamilier.").count() == 1
    assert not Initiative.objects.filter(text__startswith="mestring").exists()
    assert not Initiative.objects.filter(text__regex=r"\s{2}|^\s|\s$").exists()


def test_every_initiative_starts_not_assessed_because_the_colours_were_lost(seed):
    assert set(Initiative.objects.values_list("status__scale__slug", "status__label")) == {
        ("lys-i-oejnene", "Ikke vurderet")
    }
    assert not StatusChange.objects.exists()


def test_the_plan_has_the_correct_title_and_notes_the_sources_typo(seed):
    plan = Plan.objects.get()
    assert plan.title == "Status på indsatser i Lys i øjnene 2014–2017"
    assert "20014" in plan.source_note and "trykfejl" in plan.source_note
    assert plan.intro.startswith("Nedenstående oversigt giver en status på udvalgte indsatser.")
    assert "formuleret så præcist" in plan.intro  # wrapped line joined
    assert plan.status_scale.slug == "lys-i-oejnene"


# --- The status page ---------------------------------------------------------------------------------


def test_status_page_shows_the_scales_three_meanings_at_the_top(client_for, politician, seed):
    html = client_for(politician).get(REPORT).content.decode()
    first_initiative = html.index(FIRST)
    for _label, meaning in MEANINGS.items():
        assert 0 < html.index(meaning) < first_initiative
    assert "<h1" in html and "Status på indsatser i Lys i øjnene 2014–2017" in html


def test_the_meanings_are_read_from_the_scale_not_written_into_the_page(client_for, politician, seed):
    StatusValue.objects.filter(pk=value("gul").pk).update(meaning="Ny definition fra udvalget")
    html = client_for(politician).get(REPORT).content.decode()
    assert "Ny definition fra udvalget" in html
    assert MEANINGS["Gul"] not in html


def test_status_page_lists_every_initiative_in_seed_order_under_area_and_theme_headings(client_for, politician, seed):
    html = client_for(politician).get(REPORT).content.decode()
    positions = [html.index(f">{item.text.replace('&', '&amp;')}<") for item in in_order()]
    assert positions == sorted(positions)
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[2-4][^>]*>(.*?)</h[2-4]>", html)]
    structure = [h for h in headings if h.replace("&amp;", "&") in AREAS + THEMES + ["Indsatser på fagområder"]]
    expected = []
    for area, theme, _ in SEED_GROUPS:
        if area not in expected:
            expected += (["Indsatser på fagområder"] if area == "Dagtilbud" else []) + [area]
        expected.append(theme)
    assert [h.replace("&amp;", "&") for h in structure] == expected
    # Areas, themes under them, in order without skipping a level.
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    # Each theme's table is named by its area and theme headings, for screen readers' table lists.
    labels = re.findall(r'<table[^>]*aria-labelledby="([^"]+)"', html)
    assert len(labels) == len(SEED_GROUPS)
    for ids in labels:
        area_id, theme_id = ids.split()
        assert f'id="{area_id}"' in html and f'id="{theme_id}"' in html


def test_status_page_counts_initiatives_per_status(client_for, politician, secretary, seed):
    status_change(
        item=initiative(FIRST),
        expected_version=initiative(FIRST).version,
        new_value=value("groen"),
        reason="Det virker",
        acting_user=secretary,
    )
    status_change(
        item=initiative(LAST),
        expected_version=initiative(LAST).version,
        new_value=value("roed"),
        reason="Politisk fravalgt",
        acting_user=secretary,
    )
    response = client_for(politician).get(REPORT)
    counts = {v.label: n for v, n in response.context["counts"]}
    assert counts == {"Ikke vurderet": 48, "Grøn": 1, "Gul": 0, "Rød": 1}
    assert response.context["total"] == 50


def test_reader_cannot_change_a_status(client_for, politician, seed):
    item = initiative(FIRST)
    response = client_for(politician).post(
        status_url(item), {"new_value": value("groen").pk, "reason": "Jeg vil", "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status.label == "Ikke vurderet" and item.version == 1
    assert not StatusChange.objects.exists()


def test_reader_sees_no_edit_controls(client_for, politician, seed):
    reader = client_for(politician)
    item = initiative(FIRST)
    for url in (REPORT, LIST, item.get_absolute_url()):
        html = reader.get(url).content.decode()
        assert "Skift status" not in html
        assert "Ny indsats" not in html
        assert reverse("initiatives:initiative_edit", kwargs={"pk": item.pk}) not in html


def test_editor_sees_a_status_control_on_every_initiative(client_for, secretary, seed):
    html = client_for(secretary).get(REPORT).content.decode()
    assert html.count(">Skift status</button>") == 50
    assert "Ny indsats" in html


def test_htmx_status_change_on_the_status_page_returns_the_refreshed_row(client_for, secretary, seed):
    item = initiative(ANIMATION)
    response = client_for(secretary).post(
        status_url(item),
        {"new_value": value("gul").pk, "reason": "Animation bruges kun i få dagtilbud.", "version": 1},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver" + REPORT,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="row-{item.pk}"')
    assert html.count("<td") == 2  # the status page's columns: initiative and status
    assert "Gul" in html and "Skift status" in html
    assert "er ændret til Gul." in html  # announced to screen readers
    change = StatusChange.objects.get()
    assert (change.old_value.label, change.new_value.label, change.reason) == (
        "Ikke vurderet",
        "Gul",
        "Animation bruges kun i få dagtilbud.",
    )
    assert change.changed_by == secretary


def test_htmx_status_change_on_the_list_returns_a_row_with_the_lists_columns(client_for, secretary, seed):
    item = initiative(FIRST)
    response = client_for(secretary).post(
        status_url(item),
        {"new_value": value("groen").pk, "reason": "Godt i gang", "version": 1},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver" + LIST + "?area=1",
    )
    html = response.content.decode()
    assert html.count("<td") == 4 and "Tværgående målsætninger og indsatser" in html and "Grøn" in html


def test_status_change_needs_a_reason(client_for, secretary, seed):
    item = initiative(FIRST)
    response = client_for(secretary).post(
        status_url(item), {"new_value": value("groen").pk, "reason": "  ", "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert "Skriv en begrundelse for statusændringen." in response.content.decode()
    assert not StatusChange.objects.exists()


def test_detail_page_shows_the_status_history_newest_first(client_for, politician, secretary, seed):
    item = initiative(FIRST)
    status_change(
        item=item,
        expected_version=item.version,
        new_value=value("gul"),
        reason="Første vurdering",
        acting_user=secretary,
    )
    status_change(
        item=item,
        expected_version=item.version,
        new_value=value("groen"),
        reason="Anden vurdering",
        acting_user=secretary,
    )
    html = client_for(politician).get(item.get_absolute_url()).content.decode()
    assert html.index("Anden vurdering") < html.index("Første vurdering")
    assert "Sofie Sekretær" in html
    assert "Tværgående målsætninger og indsatser" in html and "Børn og unges udvikling og læring" in html


def test_status_page_without_a_plan_says_so_instead_of_failing(client_for, politician):
    response = client_for(politician).get(REPORT)
    assert response.status_code == 200
    assert "Der er endnu ingen statusoversigt over indsatser." in response.content.decode()


# --- List, filters and export ---------------------------------------------------------------------


def rows(response):
    return [record.text for record in response.context["table"].page.object_list.data]


def test_list_shows_all_initiatives_in_seed_order(client_for, politician, seed):
    assert rows(client_for(politician).get(LIST)) == [i.text for i in in_order()]


def test_list_filters_by_area_theme_status_and_free_text(client_for, politician, secretary, seed):
    reader = client_for(politician)
    dagtilbud = Area.objects.get(name="Dagtilbud")
    forældre = Theme.objects.get(name="Forældre")
    assert len(rows(reader.get(LIST, {"area": dagtilbud.pk}))) == 2
    assert len(rows(reader.get(LIST, {"theme": forældre.pk}))) == 5
    assert len(rows(reader.get(LIST, {"area": dagtilbud.pk, "theme": forældre.pk}))) == 0
    status_change(
        item=initiative(BARNET_I_CENTRUM),
        expected_version=initiative(BARNET_I_CENTRUM).version,
        new_value=value("gul"),
        reason="Slut",
        acting_user=secretary,
    )
    assert rows(reader.get(LIST, {"status": value("gul").pk})) == [BARNET_I_CENTRUM]
    assert rows(reader.get(LIST, {"q": "ungestrategi"})) == ["at udarbejde en ungestrategi"]
    assert rows(reader.get(LIST, {"q": "PPR gruppeforløb"})) == [
        "at PPR indgår i det forebyggende behandlingsarbejde, herunder ved etablering af gruppeforløb og øvrige "
        "tilbud til børn og unge i udsatte positioner"
    ]


def test_csv_export_has_every_initiative_with_danish_letters(client_for, politician, seed):
    response = client_for(politician).get(LIST, {"_export": "csv"})
    table = csv_table(response.content)
    # The columns of the status import (ADR 0022): the number, the columns to read, status and reason.
    assert table[0] == ["Nr.", "Indsats", "Område", "Tema", "Status", "Begrundelse for statusændring"]
    assert len(table) == 51
    assert table[1][1:] == [FIRST, AREAS[0], THEMES[0], "Ikke vurderet", ""]
    assert table[-1][2] == "Familie & Rådgivning"


def test_xlsx_export_opens_with_the_filtered_rows(client_for, politician, seed):
    dagtilbud = Area.objects.get(name="Dagtilbud")
    response = client_for(politician).get(LIST, {"area": dagtilbud.pk, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    assert sheet.cell(3, 2).value == BARNET_I_CENTRUM


# --- Create and edit ------------------------------------------------------------------------------


def test_secretary_adds_an_initiative_last_in_its_group_not_assessed(client_for, secretary, seed):
    skole = Area.objects.get(name="Skole")
    forældre = Theme.objects.get(name="Forældre")
    response = client_for(secretary).post(
        reverse("initiatives:initiative_add"),
        {"area": skole.pk, "theme": forældre.pk, "text": "at  forældre inviteres\r\ntil skolestart"},
    )
    created = Initiative.objects.get(text="at forældre inviteres til skolestart")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.status.label == "Ikke vurderet"
    texts = [i.text for i in in_order() if i.area == skole and i.theme == forældre]
    assert texts[-1] == created.text and len(texts) == 2
    assert created.history.first().history_user == secretary


def test_same_initiative_twice_in_a_group_gets_a_danish_message(client_for, secretary, seed):
    item = initiative(FIRST)
    response = client_for(secretary).post(
        reverse("initiatives:initiative_add"), {"area": item.area_id, "theme": item.theme_id, "text": FIRST}
    )
    assert response.status_code == 200
    assert (
        "Indsatsen står allerede under Tværgående målsætninger og indsatser · Børn og unges udvikling og læring."
        in response.content.decode()
    )
    assert Initiative.objects.filter(text=FIRST).count() == 1


def test_initiative_needs_area_theme_and_text(client_for, secretary, seed):
    html = client_for(secretary).post(reverse("initiatives:initiative_add"), {"text": "  "}).content.decode()
    assert "Vælg et område." in html and "Vælg et tema." in html and "Skriv indsatsen." in html


def test_theme_from_another_plan_is_refused(client_for, secretary, seed):
    other = Plan.objects.create(
        slug="andet",
        name="En anden plan",
        title="En anden plan",
        status_scale=StatusScale.objects.get(slug="lys-i-oejnene"),
    )
    foreign = Theme.objects.create(plan=other, name="Fremmed tema")
    response = client_for(secretary).post(
        reverse("initiatives:initiative_add"),
        {"area": Area.objects.get(name="Skole").pk, "theme": foreign.pk, "text": "at noget sker"},
    )
    assert "Temaet hører ikke til samme plan" in response.content.decode()
    assert not Initiative.objects.filter(text="at noget sker").exists()


def test_services_keep_an_initiative_inside_one_plan(secretary, seed):
    other = Plan.objects.create(
        slug="andet",
        name="En anden plan",
        title="En anden plan",
        status_scale=StatusScale.objects.get(slug="lys-i-oejnene"),
    )
    foreign_area = Area.objects.create(plan=other, name="Fremmed område")
    foreign_theme = Theme.objects.create(plan=other, name="Fremmed tema")
    skole = Area.objects.get(name="Skole")
    with pytest.raises(ValidationError, match="hører ikke til samme plan"):
        initiative_create(area=skole, theme=foreign_theme, text="at noget sker", acting_user=secretary)
    item = initiative(FIRST)
    with pytest.raises(ValidationError, match="kan ikke flyttes til en anden plan"):
        initiative_update(
            initiative=item,
            area=foreign_area,
            theme=foreign_theme,
            text=item.text,
            expected_version=1,
            acting_user=secretary,
        )
    item.refresh_from_db()
    assert item.area.plan.slug == "lys-i-oejnene-2014-2017" and item.version == 1


def edit(client, item, **overrides):
    data = {"area": item.area_id, "theme": item.theme_id, "text": item.text, "version": item.version, **overrides}
    return client.post(reverse("initiatives:initiative_edit", kwargs={"pk": item.pk}), data)


def test_secretary_edits_an_initiatives_text(client_for, secretary, seed):
    item = initiative("at udarbejde en ungestrategi")
    assert edit(client_for(secretary), item, text="at udarbejde og følge en ungestrategi").status_code == 302
    item.refresh_from_db()
    assert item.text == "at udarbejde og følge en ungestrategi" and item.version == 2


def test_second_editor_is_told_what_the_first_changed(client_for, secretary, other_secretary, seed):
    item = initiative("at udarbejde en ungestrategi")
    assert edit(client_for(other_secretary), item, text="at udarbejde en ungestrategi for 2018").status_code == 302
    response = edit(client_for(secretary), item, text="at vedtage en ungestrategi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Søren Sagsbehandler har gemt ændringer" in html
    assert "„at udarbejde en ungestrategi“ → „at udarbejde en ungestrategi for 2018“" in html
    assert "at vedtage en ungestrategi" in html  # what the second editor typed is kept
    item.refresh_from_db()
    assert item.text == "at udarbejde en ungestrategi for 2018"


def test_status_change_after_an_edit_is_refused_as_a_concurrent_edit(client_for, secretary, other_secretary, seed):
    item = initiative(FIRST)
    edit(client_for(other_secretary), item, text=FIRST + " og deres børn")
    response = client_for(secretary).post(
        status_url(item), {"new_value": value("groen").pk, "reason": "Fint", "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert "har gemt ændringer" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_reader_cannot_add_or_edit(client_for, politician, seed):
    reader = client_for(politician)
    item = initiative(FIRST)
    assert (
        reader.post(
            reverse("initiatives:initiative_add"), {"area": item.area_id, "theme": item.theme_id, "text": "at overtage"}
        ).status_code
        == 403
    )
    assert edit(reader, item, text="Overtaget").status_code == 403
    item.refresh_from_db()
    assert item.text == FIRST and Initiative.objects.count() == 50


# --- Queries stay constant as rows grow ---------------------------------------------------------------


def add_initiatives(count, secretary):
    """More initiatives, in new areas and themes too, some of them with a changed status."""
    plan = Plan.objects.get()
    for n in range(3):
        area = Area.objects.create(plan=plan, name=f"Nyt område {n}", order=10 + n)
        theme = Theme.objects.create(plan=plan, name=f"Nyt tema {n}", order=10 + n)
        for i in range(count):
            item = initiative_create(area=area, theme=theme, text=f"at prøve {n}.{i}", acting_user=secretary)
            if i % 2:
                status_change(
                    item=item,
                    expected_version=item.version,
                    new_value=value("gul"),
                    reason="Test",
                    acting_user=secretary,
                )


@pytest.mark.parametrize("persona", ["politician", "secretary"])
def test_status_page_queries_do_not_grow_with_initiatives_or_groups(client_for, secretary, seed, persona, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    small = count_queries(client, REPORT)
    add_initiatives(15, secretary)
    assert Initiative.objects.count() == 95
    assert count_queries(client, REPORT) == small
    assert small <= 10


@pytest.mark.parametrize("filtered", [False, True])
def test_list_page_queries_do_not_grow_with_rows(client_for, politician, secretary, seed, filtered):
    reader = client_for(politician)
    params = {"q": "at", "status": value("ikke-vurderet").pk, "sort": "theme"} if filtered else {}
    small = count_queries(reader, LIST, params)
    add_initiatives(10, secretary)
    assert count_queries(reader, LIST, params) == small


def test_detail_page_queries_do_not_grow_with_history(client_for, politician, secretary, seed):
    reader = client_for(politician)
    item = initiative(FIRST)
    small = count_queries(reader, item.get_absolute_url())
    for i, slug in enumerate(["groen", "gul", "roed"] * 4):
        status_change(
            item=item, expected_version=item.version, new_value=value(slug), reason=f"Skift {i}", acting_user=secretary
        )
    assert count_queries(reader, item.get_absolute_url()) == small
