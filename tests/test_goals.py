"""Sammenhængsmodellen, indicators and the golden thread (seed 002 and the delaftale's indicators)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import Activity, Agreement, MunicipalTarget, SubGoal
from core.forms import parse_danish_decimal
from goals.choices import QualityFlag
from goals.models import (
    CoherenceModel,
    Goal,
    GoalGroup,
    GoalLink,
    GoalTarget,
    Indicator,
    IndicatorTarget,
    Measurement,
    Theme,
)
from goals.services import goal_link, goal_unlink, measurement_add
from initiatives.models import Initiative
from programs.models import Committee, Programme
from projects.models import Allocation, Pool, Project
from statuses.models import StatusScale
from tests.queries import count_queries

MODEL = reverse("goals:model")
INDICATORS = reverse("goals:indicator_list")
LINK_ADD = reverse("goals:link_add")
LINK_DELETE = reverse("goals:link_delete")

AGREEMENT_INDICATORS = [
    "Andel personer i området, som ved årets afgangsprøve i 9. klasse har opnået mindst 2,0 i gennemsnit i både dansk og matematik.",
    "Andelen af 18-29 årige, der har grundskolen som HFU og som ikke er i gang med en uddannelse",
    "Reducere skolefravær",
    "Andel af børn og unge med en sag på det specialiserede børne- og ungeområde",
]


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def in_order(html, *texts):
    """True when every text occurs in `html`, each after the one before."""
    position = -1
    for text in texts:
        found = html.find(text, position + 1)
        if found == -1:
            raise AssertionError(f"{text!r} missing (or out of order) after position {position}")
        position = found
    return True


def goal(number):
    return Goal.objects.get(number=number)


def data_kommer():
    return Indicator.objects.get(name="Reducere skolefravær")


def first_indicator():
    return Indicator.objects.get(name=AGREEMENT_INDICATORS[0])


# --- The seed, as a politician reads it ----------------------------------------------------------


def test_politician_reads_the_whole_model_on_one_page_in_the_notats_order(client_for, politician, seed):
    html = html_of(client_for(politician).get(MODEL))
    assert in_order(
        html,
        "Børne- og Ungdomsudvalget har siden januar 2019 arbejdet med",
        "Værdier",
        "Rødder",
        "Sunde fællesskaber og sammenhæng",
        "Børn og unge deltager aktivt i sunde fællesskaber",
        "Derfor vil vi skabe sammenhæng og helhed i børns og unges liv",
        "Forældreansvar",
        "Derfor samarbejder vi med forældrene",
        "Sundhedsfremme og tidlig indsats",
        "Derfor har vi særligt fokus på det brede tværfaglige samarbejde i nærmiljøet",
        "Professionalisme",
        "Derfor anvender vi den viden, der virker",
        "Livsmestring",
        "Derfor har vi et ekstra fokus på og prioritering af de ca. 15 % børn og unge",
        "Stammen",
        "Fælles grundlag for børns læring",
        "Tidlig opsporing og indsats",
        "Den tværfaglige model",
        "Forgreningen",
        "Tilgang",
        "Systemer og strategier",
        "Adfærd",
        "Konkrete indsatser og handlinger",
        "Bladene",
        "Læring og uddannelse",
        "En større andel af eleverne i 9. klasse",
        "92 % i 2025",
        "90% af unge har tage en ungdomsuddannelse inden de er 25 år.",
        "Oplevelser og fællesskaber",
        "Færre i Viborg Kommune føler sig ensomme.",
        "Vækst og socialt ansvar",
        "Vi vil forøge antallet af unge og voksne",
        "En større andel af borgere i Viborg Kommune skal have en tilknytning",
        "Sundhed",
        "Andelen af unge rygere er halveret inden 2025.",
        "50 % færre i 2025",
        "20 % færre",
        "sundt kostmønster skal stige til 88% i 2025.",
        "88 % i 2025",
        "Mindst 85% af alle borgere i Viborg Kommune er fysisk aktive i 2025.",
        "85 % i 2025",
        "Bæredygtighed",
        "Vi vil etablere økonomisk, fagligt og miljømæssigt bæredygtige institutioner.",
        "Realisering af målene i sammenhængsmodellen",
        "Uddannelse og beskæftigelse",
        "ca. 15 procent af børnene",
        "Heckmannkurven",
        "Beskæftigelsesudvalget",
        "Ensomhed",
        "8,5 procent af mændene og 10,3 procent af kvinderne mellem 16-24 år",
        "civilsamfundsaktører",
        "Kultur og Fritidsudvalget",
        "Sundhed",
        "Rygning giver en forhøjet risiko",
        "Fokus på sunde madvaner og forebyggelse af overvægt.",
        "Social- og Sundhedsudvalget",
        "Økonomisk, fagligt og miljømæssigt bæredygtige institutioner",
        "Med små enheder",
        "Klima- og Miljøudvalget",
        "Særligt relevante samarbejdspartnere og aktører",
        "Politisk",
        "Administrativt",
        "samarbejdet på tværs af forvaltninger",
    )


def test_seed_has_five_values_three_methods_four_branches_and_nine_numbered_goals_under_five_themes(seed):
    model = CoherenceModel.objects.get()
    assert model.values.count() == 5 and model.methods.count() == 3
    assert list(model.approach.values_list("name", flat=True)) == [
        "Tilgang",
        "Systemer og strategier",
        "Adfærd",
        "Konkrete indsatser og handlinger",
    ]
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Læring og uddannelse",
        "Oplevelser og fællesskaber",
        "Vækst og socialt ansvar",
        "Sundhed",
        "Bæredygtighed",
    ]
    assert [(g.number, g.theme.name) for g in Goal.objects.select_related("theme")] == [
        (1, "Læring og uddannelse"),
        (2, "Læring og uddannelse"),
        (3, "Oplevelser og fællesskaber"),
        (4, "Vækst og socialt ansvar"),
        (5, "Vækst og socialt ansvar"),
        (6, "Sundhed"),
        (7, "Sundhed"),
        (8, "Sundhed"),
        (9, "Bæredygtighed"),
    ]
    assert all(value.therefore.startswith("Derfor ") for value in model.values.all())


def test_targets_exist_only_where_the_notat_gives_one(seed):
    targets = [(t.goal.number, t.value, t.unit, t.year) for t in GoalTarget.objects.select_related("goal")]
    assert targets == [
        (1, Decimal("92"), "%", 2025),
        (2, Decimal("90"), "%", None),
        (6, Decimal("50"), "% færre", 2025),
        (6, Decimal("20"), "% færre", None),
        (7, Decimal("88"), "%", 2025),
        (8, Decimal("85"), "%", 2025),
    ]
    assert GoalTarget.objects.get(goal__number=2).wording.endswith("inden de er 25 år")
    for number in (3, 4, 5, 9):
        assert not goal(number).targets.exists()


def test_goal_groups_have_their_goals_challenge_focus_areas_and_partner_committee(seed):
    groups = {g.name: g for g in GoalGroup.objects.prefetch_related("goals", "focus_areas")}
    assert list(groups) == ["Uddannelse og beskæftigelse", "Ensomhed", "Sundhed", "Bæredygtige institutioner"]
    assert {name: [x.number for x in g.goals.all()] for name, g in groups.items()} == {
        "Uddannelse og beskæftigelse": [1, 2, 4, 5],
        "Ensomhed": [3],
        "Sundhed": [6, 7, 8],
        "Bæredygtige institutioner": [9],
    }
    assert {name: g.partner_committee for name, g in groups.items()} == {
        "Uddannelse og beskæftigelse": "Beskæftigelsesudvalget",
        "Ensomhed": "Kultur og Fritidsudvalget",
        "Sundhed": "Social- og Sundhedsudvalget",
        "Bæredygtige institutioner": "Klima- og Miljøudvalget",
    }
    assert [len(g.focus_areas.all()) for g in groups.values()] == [3, 2, 3, 0]
    assert groups["Bæredygtige institutioner"].challenge.endswith(
        "Vores institutioner skal være miljømæssigt bæredygtige."
    )


def test_goal_page_shows_its_target_challenge_and_partner(client_for, politician, seed):
    html = html_of(client_for(politician).get(goal(8).get_absolute_url()))
    assert "Mindst 85% af alle borgere i Viborg Kommune er fysisk aktive i 2025." in html
    assert "85 % i 2025" in html and "Social- og Sundhedsudvalget" in html
    assert "Rediger" not in html and "Forbind projekter" not in html  # a Læser sees no edit controls


def test_goal_without_a_target_says_so_and_invents_none(client_for, politician, seed):
    html = html_of(client_for(politician).get(goal(3).get_absolute_url()))
    assert "Notatet giver ingen målværdi eller årstal for dette mål." in html


# --- Goal 1 and the delaftale --------------------------------------------------------------------


def test_goal_1_page_shows_the_delaftales_indicators_activities_and_hours(client_for, politician, seed):
    html = html_of(client_for(politician).get(goal(1).get_absolute_url()))
    for name in AGREEMENT_INDICATORS:
        assert name in html
    assert in_order(html, "75 % (2023)", "Viborg Kommune: 95 %", "31 % (2023)", "Viborg Kommune: 16 %")
    assert "Delaftale for indsatsområdet Uddannelse og livschancer" in html
    assert in_order(
        html,
        "Relationel Velfærd",
        "Skole/familie samarbejde",
        "Læringsmiljø for børn og voksne",
        "Styrket Forældreskab",
        "Barselscafé",
    )
    assert "96 timer pr. uge" in html
    assert "klasse-prøven hæves til 92 % i 2025" in html


def test_the_92_percent_municipal_target_is_goal_1_and_the_language_target_is_no_goal(seed):
    targets = list(MunicipalTarget.objects.order_by("order"))
    assert targets[0].goal == goal(1) and "92 % i 2025" in targets[0].text
    assert (
        targets[1].goal is None
        and targets[1].text == "Vi ønsker at højne sprogkundskab og social trivsel blandt de 0-6-årig"
    )


def test_other_goals_show_no_delaftale(client_for, politician, seed):
    html = html_of(client_for(politician).get(goal(2).get_absolute_url()))
    assert "Ingen delaftale arbejder for målet." in html
    assert AGREEMENT_INDICATORS[0] not in html


# --- "Data kommer" and data quality --------------------------------------------------------------


def test_data_kommer_indicator_shows_no_number_and_a_quality_flag(client_for, politician, seed):
    indicator = data_kommer()
    assert indicator.baseline_value is None and indicator.data_source == "Viborg Kommune, boligsocial monitorering"
    html = html_of(client_for(politician).get(indicator.get_absolute_url()))
    assert "Data kommer" in html
    assert "Ingen baseline" in html and "Ingen måling endnu" in html
    assert 'class="indicator-chart"' not in html  # nothing to draw, and certainly not a 0
    for zero in (">0<", "0 %", "0,0"):
        assert zero not in html


def test_data_kommer_is_exported_as_words_not_zero(client_for, politician, seed):
    response = client_for(politician).get(INDICATORS, {"_export": "csv"})
    text = response.content.decode("utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith("Reducere skolefravær"))
    assert "Data kommer" in row and ";0;" not in row


def test_every_seed_indicator_has_its_quality_flags(seed):
    flags = {i.name: i.quality_flags() for i in Indicator.objects.all()}
    assert flags[AGREEMENT_INDICATORS[0]] == [QualityFlag.NO_MEASUREMENT]
    assert flags["Reducere skolefravær"] == [QualityFlag.NO_BASELINE, QualityFlag.NO_MEASUREMENT]


def test_missing_source_and_old_measurement_are_flagged_and_a_fresh_one_clears_it(seed, secretary):
    indicator = first_indicator()
    indicator.data_source = ""
    indicator.save()
    today = timezone.localdate()
    measurement_add(
        indicator=indicator,
        measured_on=today - datetime.timedelta(days=400),
        value=Decimal("76"),
        acting_user=secretary,
    )
    indicator = Indicator.objects.prefetch_related("measurements").get(pk=indicator.pk)
    assert indicator.quality_flags() == [QualityFlag.NO_SOURCE, QualityFlag.STALE]
    measurement_add(indicator=indicator, measured_on=today, value=Decimal("78"), acting_user=secretary)
    indicator = Indicator.objects.prefetch_related("measurements").get(pk=indicator.pk)
    assert indicator.quality_flags() == [QualityFlag.NO_SOURCE]


def test_indicator_list_filters_on_quality_and_on_goal(client_for, politician, seed):
    reader = client_for(politician)
    names = lambda r: [i.name for i in r.context["table"].page.object_list.data]  # noqa: E731
    assert names(reader.get(INDICATORS, {"quality": "no_baseline"})) == AGREEMENT_INDICATORS[2:]
    assert names(reader.get(INDICATORS, {"goal": goal(1).pk})) == AGREEMENT_INDICATORS
    assert names(reader.get(INDICATORS, {"goal": goal(2).pk})) == []
    # The goal filter offers every goal by its label and shows the chosen one as chosen (its choices are read
    # once, when the select is rendered).
    html = reader.get(INDICATORS, {"goal": goal(2).pk}).content.decode()
    goal_select = html[html.index('<select name="goal"') : html.index("</select>", html.index('<select name="goal"'))]
    assert goal_select.count("<option") == 1 + Goal.objects.count()
    assert f'<option value="{goal(2).pk}" selected>Mål 2</option>' in goal_select
    assert goal_select.count(" selected") == 1


# --- Measurements in Danish -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("75,5", "75.5"),
        ("75", "75"),
        ("75,5 %", "75.5"),
        ("4.000", "4000"),
        ("1.234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("-2,5", "-2.5"),
        ("0", "0"),
    ],
)
def test_danish_numbers_are_read_the_danish_way(typed, expected):
    assert parse_danish_decimal(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["75.5", "1.5", "4.00", "1,234.5", "7,5,5", "tre"])
def test_numbers_that_could_be_read_two_ways_are_refused(typed):
    with pytest.raises(ValidationError):
        parse_danish_decimal(typed)


def measurement_url(indicator):
    return reverse("goals:measurement_add", kwargs={"pk": indicator.pk})


def test_secretary_adds_a_measurement_typed_the_danish_way(client_for, secretary, politician, seed):
    indicator = first_indicator()
    response = client_for(secretary).post(
        measurement_url(indicator),
        {"measured_on": "2024-06-30", "value": "75,5", "source": "LBF", "comment": "Første måling\r\nefter baseline"},
    )
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.value == Decimal("75.5") and measurement.entered_by == secretary
    assert measurement.comment == "Første måling\nefter baseline"
    html = html_of(client_for(politician).get(indicator.get_absolute_url()))
    assert "75,5 %" in html and "30. juni 2024" in html and "Sofie Sekretær" in html
    assert "<title id=" in html and "<desc id=" in html  # the chart says what it shows
    assert "Tallene bag grafen" in html


def test_four_thousand_is_never_read_as_four(client_for, secretary, seed):
    indicator = first_indicator()  # a share in percent
    response = client_for(secretary).post(measurement_url(indicator), {"measured_on": "2024-06-30", "value": "4.000"})
    html = html_of(response)
    assert "skal ligge mellem 0 og 100" in html and "4.000" in html
    assert not Measurement.objects.exists()

    count = Indicator.objects.create(
        goal=goal(3), name="Antal deltagere i fællesskaber", unit="antal", data_source="Egen opgørelse"
    )
    client_for(secretary).post(measurement_url(count), {"measured_on": "2024-06-30", "value": "4.000"})
    assert Measurement.objects.get(indicator=count).value == Decimal("4000")


def test_a_dot_as_decimal_sign_is_refused_with_a_danish_hint(client_for, secretary, seed):
    response = client_for(secretary).post(
        measurement_url(first_indicator()), {"measured_on": "2024-06-30", "value": "75.5"}
    )
    assert "Brug komma som decimaltegn, fx 75,5" in html_of(response)
    assert not Measurement.objects.exists()


def test_a_measurement_in_the_future_is_refused(client_for, secretary, seed):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(secretary).post(measurement_url(first_indicator()), {"measured_on": tomorrow, "value": "70"})
    assert "En måling kan ikke ligge i fremtiden." in html_of(response)


def test_reader_cannot_add_a_measurement(client_for, politician, seed):
    reader = client_for(politician)
    assert reader.get(measurement_url(first_indicator())).status_code == 403
    assert (
        reader.post(measurement_url(first_indicator()), {"measured_on": "2024-06-30", "value": "70"}).status_code == 403
    )
    assert not Measurement.objects.exists()


def test_chart_runs_from_baseline_over_measurements_to_the_target(client_for, secretary, politician, seed):
    indicator = first_indicator()
    IndicatorTarget.objects.create(indicator=indicator, year=2028, value=Decimal("85"))
    measurement_add(
        indicator=indicator, measured_on=datetime.date(2024, 6, 30), value=Decimal("78"), acting_user=secretary
    )
    html = html_of(client_for(politician).get(indicator.get_absolute_url()))
    svg = html[
        html.index('<svg class="indicator-chart"') : html.index("</svg>", html.index('<svg class="indicator-chart"'))
    ]
    assert 'role="img"' in svg
    assert in_order(
        svg,
        "<title",
        "<desc",
        "Baseline i 2023: 75 %.",
        "Viborg Kommune: 95 %.",
        "78 % den 30. juni 2024",
        "Mål: 85 % i 2028.",
    )
    for kind in ("baseline", "comparison", "measurement", "target"):
        assert f"point--{kind}" in svg
    assert 'class="actual"' in svg and 'class="to-target"' in svg
    assert "85 %" in html[html.index("Tallene bag grafen") :]


# --- Editing goals and indicators ------------------------------------------------------------------


def goal_form_data(g, **overrides):
    data = {
        "theme": g.theme_id,
        "text": g.text,
        "version": g.version,
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "1",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
    }
    target = g.targets.first()
    data.update(
        {
            "targets-0-wording": target.wording if target else "",
            "targets-0-value": "",
            "targets-0-unit": "",
            "targets-0-year": "",
        }
    )
    if target:
        data.update(
            {
                "targets-0-value": str(target.value).replace(".", ","),
                "targets-0-unit": target.unit,
                "targets-0-year": target.year or "",
            }
        )
    data.update(overrides)
    return data


def test_secretary_edits_a_goal_target_with_a_decimal(client_for, secretary, seed):
    g = goal(7)
    response = client_for(secretary).post(
        reverse("goals:goal_edit", kwargs={"pk": g.pk}), goal_form_data(g, **{"targets-0-value": "88,5"})
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.version == 2 and g.targets.get().value == Decimal("88.5")


def test_second_editor_of_a_goal_is_told_and_nothing_is_overwritten(client_for, secretary, other_secretary, seed):
    g = goal(3)
    url = reverse("goals:goal_edit", kwargs={"pk": g.pk})
    assert (
        client_for(other_secretary)
        .post(url, goal_form_data(g, text="Færre børn og unge føler sig ensomme."))
        .status_code
        == 302
    )
    response = client_for(secretary).post(url, goal_form_data(g, text="Mit forslag"))
    html = html_of(response)
    assert "Søren Sagsbehandler har gemt ændringer" in html and "Mit forslag" in html
    g.refresh_from_db()
    assert g.text == "Færre børn og unge føler sig ensomme."


def indicator_form_data(**overrides):
    data = {
        "goal": goal(3).pk,
        "sub_goal": "",
        "name": "Andel unge, der ofte er uønsket alene",
        "description": "",
        "unit": "%",
        "direction": "lower",
        "baseline_value": "10,3",
        "baseline_year": "2019",
        "baseline_area": "Kvinder 16-24 år",
        "comparison_value": "6,3",
        "comparison_area": "Hele befolkningen",
        "data_source": "Sundhedsstyrelsen",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-year": "2025",
        "targets-0-value": "8",
        "targets-1-year": "",
        "targets-1-value": "",
    }
    data.update(overrides)
    return data


def test_secretary_creates_an_indicator_for_a_goal_with_targets_by_year(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("goals:indicator_add"), indicator_form_data())
    indicator = Indicator.objects.get(name="Andel unge, der ofte er uønsket alene")
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert indicator.baseline_value == Decimal("10.3") and indicator.goal == goal(3)
    assert list(indicator.targets.values_list("year", "value")) == [(2025, Decimal("8"))]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"goal": ""}, "Vælg enten et mål eller et delmål"),
        ({"baseline_value": "103"}, "skal ligge mellem 0 og 100"),
        ({"targets-1-year": "2025", "targets-1-value": "7"}, "Året 2025 står flere gange."),
        ({"baseline_year": "19"}, "Året skal ligge mellem"),
    ],
)
def test_indicator_form_refuses_what_cannot_be_right_in_danish(client_for, secretary, seed, overrides, message):
    response = client_for(secretary).post(reverse("goals:indicator_add"), indicator_form_data(**overrides))
    assert message in html_of(response)
    assert not Indicator.objects.filter(name="Andel unge, der ofte er uønsket alene").exists()


def test_secretary_edits_a_delaftale_indicator(client_for, secretary, seed):
    indicator = data_kommer()
    data = indicator_form_data(
        goal="",
        sub_goal=indicator.sub_goal_id,
        name=indicator.name,
        unit="dage",
        direction="lower",
        baseline_value="",
        baseline_year="",
        baseline_area="",
        comparison_value="",
        comparison_area="",
        data_source=indicator.data_source,
        version=indicator.version,
        **{"targets-0-year": "", "targets-0-value": ""},
    )
    response = client_for(secretary).post(reverse("goals:indicator_edit", kwargs={"pk": indicator.pk}), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.unit == "dage" and indicator.baseline_value is None and indicator.version == 2


def test_the_database_refuses_an_indicator_measuring_both_a_goal_and_a_sub_goal(seed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(goal=goal(1), sub_goal=SubGoal.objects.first(), name="Begge")


# --- The golden thread: linking and unlinking from either side ------------------------------------


def test_secretary_links_a_pool_project_to_goal_1_and_sees_its_status_and_money(
    client_for, secretary, politician, seed
):
    project = Project.objects.get(name="Læsecenter")
    g = goal(1)
    response = client_for(secretary).post(
        reverse("goals:goal_links", kwargs={"pk": g.pk}), {"goal": g.pk, "item": f"projects.project:{project.pk}"}
    )
    assert response.status_code == 302
    link = GoalLink.objects.get()
    assert link.item == project and link.created_by == secretary
    html = html_of(client_for(politician).get(g.get_absolute_url()))
    assert in_order(html, "Projekter", "Læsecenter", "Ikke vurderet", "500.000 kr.", "I alt", "500.000 kr.")
    project_html = html_of(client_for(politician).get(project.get_absolute_url()))
    assert "Mål i Sammenhængsmodellen" in project_html and "Mål 1: En større andel" in project_html
    assert "Forbind" not in project_html  # a Læser sees the links, not the controls


def test_project_page_links_and_unlinks_its_goals_and_returns_to_the_project(client_for, secretary, seed):
    project = Project.objects.get(name="Hånd om familien")
    editor = client_for(secretary)
    html = html_of(editor.get(project.get_absolute_url()))
    assert 'action="/maal/forbindelser/ny/"' in html and "Forbind med mål" in html
    token = f"projects.project:{project.pk}"
    response = editor.post(LINK_ADD, {"goal": goal(4).pk, "item": token, "next": project.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert [link.goal.number for link in GoalLink.objects.for_item(project)] == [4]
    response = editor.post(LINK_DELETE, {"goal": goal(4).pk, "item": token, "next": project.get_absolute_url()})
    assert response.status_code == 302 and not GoalLink.objects.exists()
    assert GoalLink.history.filter(history_type="-", history_user=secretary).exists()  # who removed it is kept


def test_the_panel_is_swapped_in_place_when_htmx_posts_it(client_for, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    response = client_for(secretary).post(
        LINK_ADD,
        {
            "goal": goal(2).pk,
            "item": f"projects.project:{project.pk}",
            "panel": "1",
            "next": project.get_absolute_url(),
        },
        HTTP_HX_REQUEST="true",
    )
    html = html_of(response)
    assert html.lstrip().startswith('<section class="goal-links-panel"')
    assert "er forbundet med Mål 2" in html and "Fjern forbindelsen til Mål 2" in html


def test_linking_twice_gets_a_danish_message_not_a_server_error(client_for, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    goal_link(goal=goal(1), item=project, acting_user=secretary)
    response = client_for(secretary).post(LINK_ADD, {"goal": goal(1).pk, "item": f"projects.project:{project.pk}"})
    assert "„Læsecenter“ er allerede forbundet med Mål 1." in html_of(response)
    assert GoalLink.objects.count() == 1


def test_only_items_that_work_towards_goals_can_be_linked(client_for, secretary, seed):
    response = client_for(secretary).post(LINK_ADD, {"goal": goal(1).pk, "item": f"auth.user:{secretary.pk}"})
    assert "Det valgte kan ikke forbindes med et mål." in html_of(response)
    assert not GoalLink.objects.exists()


def test_unlinking_what_is_not_linked_is_refused_plainly(seed, secretary):
    with pytest.raises(ValidationError, match="er ikke forbundet med Mål 1"):
        goal_unlink(goal=goal(1), item=Project.objects.first(), acting_user=secretary)


def test_an_activity_linked_from_its_page_shows_on_the_goal(client_for, secretary, politician, seed):
    activity = Activity.objects.get(name="Barselscafé")
    editor = client_for(secretary)
    assert "Forbind med mål" in html_of(editor.get(activity.get_absolute_url()))
    editor.post(
        LINK_ADD,
        {"goal": goal(6).pk, "item": f"agreements.activity:{activity.pk}", "next": activity.get_absolute_url()},
    )
    html = html_of(client_for(politician).get(goal(6).get_absolute_url()))
    assert in_order(html, "Enkelte aktiviteter i delaftaler", "Barselscafé", "Ikke vurderet")


def test_goal_ids_in_link_forms_are_never_written_with_a_thousands_separator(client_for, secretary, seed):
    # Danish number formatting would post "12.345", which no goal has.
    big = Goal.objects.create(pk=12345, theme=Theme.objects.first(), number=10, text="Et mål med et stort id")
    project = Project.objects.get(name="Læsecenter")
    goal_link(goal=goal(1), item=project, acting_user=secretary)
    editor = client_for(secretary)
    html = html_of(editor.get(project.get_absolute_url()))
    assert f'value="{big.pk}"' in html and "12.345" not in html
    html = html_of(editor.get(reverse("goals:goal_links", kwargs={"pk": big.pk})))
    assert "12.345" not in html
    goal_link(goal=big, item=project, acting_user=secretary)
    html = html_of(editor.get(reverse("goals:goal_links", kwargs={"pk": big.pk})))
    assert 'name="goal" value="12345"' in html
    assert editor.post(LINK_DELETE, {"goal": "12345", "item": f"projects.project:{project.pk}"}).status_code == 302


def test_reader_cannot_link_or_unlink(client_for, politician, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    goal_link(goal=goal(1), item=project, acting_user=secretary)
    reader = client_for(politician)
    data = {"goal": goal(2).pk, "item": f"projects.project:{project.pk}"}
    assert reader.post(LINK_ADD, data).status_code == 403
    assert reader.post(LINK_DELETE, {**data, "goal": goal(1).pk}).status_code == 403
    assert reader.post(reverse("goals:goal_links", kwargs={"pk": goal(2).pk}), data).status_code == 403
    assert [link.goal.number for link in GoalLink.objects.all()] == [1]


# --- Queries stay constant as rows grow ----------------------------------------------------------


_serial = itertools.count()


def grow_the_golden_thread(g, user, size):
    """More projects, indicators with measurements and targets, and delaftaler for goal `g`."""
    pool = Pool.objects.get()
    scale = StatusScale.objects.get(slug="aktivitetsstatus")
    for i in (next(_serial) for _ in range(size)):
        project = Project.objects.create(
            pool=pool, name=f"Ekstra projekt {g.number}-{i}", description="x", status=pool.status_scale.default_value
        )
        Allocation.objects.create(project=project, year=2019, amount=100_000 + i)
        Allocation.objects.create(project=project, year=2020, amount=5_000)
        goal_link(goal=g, item=project, acting_user=user)
        indicator = Indicator.objects.create(
            goal=g, name=f"Ekstra indikator {i}", unit="%", data_source="Test", baseline_value=50, baseline_year=2020
        )
        IndicatorTarget.objects.create(indicator=indicator, year=2028, value=60)
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date(2024, 1, 1), value=51, entered_by=user
        )
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date(2025, 1, 1), value=52, entered_by=user
        )
    for i in (next(_serial) for _ in range(max(1, size // 5))):
        agreement = Agreement.objects.create(
            name=f"Ekstra delaftale {g.number}-{i}",
            title=f"Ekstra delaftale {i}",
            valid_from=datetime.date(2025, 1, 1),
            valid_to=datetime.date(2026, 1, 1),
            status_scale=scale,
        )
        MunicipalTarget.objects.create(agreement=agreement, text="Målsætning", goal=g)
        for j in range(3):
            Activity.objects.create(
                agreement=agreement, name=f"Aktivitet {j}", hours_per_week=5, status=scale.default_value
            )
            sub_goal = SubGoal.objects.create(agreement=agreement, name=f"Delmål {j}")
            Indicator.objects.create(sub_goal=sub_goal, name=f"Delmålsindikator {j}")


def link_one_of_every_other_kind(g, user, size):
    """Initiatives, programmes and single activities that work towards goal `g`."""
    initiative = Initiative.objects.first()
    committee = Committee.objects.first()
    scale = StatusScale.objects.get(slug="aktivitetsstatus")
    agreement = Agreement.objects.exclude(municipal_targets__goal=g).first() or Agreement.objects.create(
        name="Ikke for målet",
        title="Ikke for målet",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2026, 1, 1),
        status_scale=scale,
    )
    for i in (next(_serial) for _ in range(size)):
        items = [
            Initiative.objects.create(
                area=initiative.area, theme=initiative.theme, text=f"Ekstra indsats {i}", status=initiative.status
            ),
            Programme.objects.create(name=f"Ekstra program {g.number}-{i}", committee=committee),
            Activity.objects.create(
                agreement=agreement, name=f"Enkelt aktivitet {i}", hours_per_week=1, status=scale.default_value
            ),
        ]
        for item in items:
            goal_link(goal=g, item=item, acting_user=user)


def test_goal_page_queries_do_not_grow_with_its_golden_thread(client_for, politician, secretary, seed):
    reader = client_for(politician)
    g = goal(1)
    reader.get(g.get_absolute_url())  # warm the content-type cache
    grow_the_golden_thread(g, secretary, 2)
    small = count_queries(reader, g.get_absolute_url())
    grow_the_golden_thread(g, secretary, 15)
    assert count_queries(reader, g.get_absolute_url()) == small
    # The session, the user with their roles, the goal, its targets, its group with its goals and focus
    # areas, the indicators with their measurements and targets, the delaftale and its activities, the
    # projects: plain prefetches, a fixed number whatever the size.
    assert small <= 13


def test_a_goal_with_every_part_of_the_golden_thread_costs_the_same_queries_at_any_size(
    client_for, politician, secretary, seed
):
    reader = client_for(politician)
    g = goal(1)  # a target, a group with focus areas and the delaftale
    reader.get(g.get_absolute_url())  # warm the content-type cache
    grow_the_golden_thread(g, secretary, 2)
    link_one_of_every_other_kind(g, secretary, 2)
    small = count_queries(reader, g.get_absolute_url())
    grow_the_golden_thread(g, secretary, 15)
    link_one_of_every_other_kind(g, secretary, 15)
    assert count_queries(reader, g.get_absolute_url()) == small
    # As above, and the initiatives and the programmes; the single activities come with the delaftale's.
    assert small <= 15


def test_a_goal_with_nothing_but_its_text_reads_no_empty_parts(client_for, politician, seed):
    reader = client_for(politician)
    g = Goal.objects.create(theme=goal(1).theme, number=99, text="Et nyt mål")
    reader.get(g.get_absolute_url())  # warm the content-type cache
    # The session, the user, the goal, its targets (none), its indicators (none).
    assert count_queries(reader, g.get_absolute_url()) <= 5


def test_goal_page_shows_each_indicators_newest_measurement_and_next_target(client_for, politician, secretary, seed):
    g = goal(2)
    indicator = Indicator.objects.create(
        goal=g, name="Trivsel i udskolingen", unit="%", data_source="Test", baseline_value=50, baseline_year=2020
    )
    this_year = timezone.localdate().year
    for year, value in ((this_year - 2, 55), (this_year + 1, 70), (this_year + 3, 80)):
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
    for day, value in (
        (datetime.date(2024, 3, 1), 61),
        (datetime.date(2024, 9, 1), 63),
        (datetime.date(2024, 5, 1), 62),
    ):
        Measurement.objects.create(indicator=indicator, measured_on=day, value=value, entered_by=secretary)
    html = html_of(client_for(politician).get(g.get_absolute_url()))
    assert in_order(
        html, "Trivsel i udskolingen", "50 % (2020)", "63 %", "1. september 2024", f"70 % i {this_year + 1}"
    )
    assert "61 %" not in html and "62 %" not in html and "80 %" not in html
    # The indicator list reads only each indicator's newest measurement (goals.tables): the same figure there.
    listed = html_of(client_for(politician).get(INDICATORS, {"q": "Trivsel i udskolingen"}))
    assert in_order(
        listed, "Trivsel i udskolingen", "50 % (2020)", "63 % (1. september 2024)", f"70 % i {this_year + 1}"
    )
    assert "61 %" not in listed and "62 %" not in listed


def test_an_indicator_whose_targets_have_passed_shows_the_last_one(client_for, politician, secretary, seed):
    g = goal(2)
    indicator = Indicator.objects.create(
        goal=g, name="Fravær i indskolingen", unit="%", data_source="Test", baseline_value=9
    )
    for year, value in ((2021, 8), (2023, 7)):
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
    html = html_of(client_for(politician).get(g.get_absolute_url()))
    assert in_order(html, "Fravær i indskolingen", "9 %", "Ingen måling endnu", "7 % i 2023", "Ingen måling endnu")


@pytest.mark.parametrize("params", [{}, {"quality": "no_measurement", "q": "indikator"}, {"goal": 1}])
def test_indicator_list_queries_do_not_grow_with_rows(client_for, politician, secretary, seed, params):
    reader = client_for(politician)
    g = goal(1)
    params = {**params, "goal": g.pk} if "goal" in params else params
    grow_the_golden_thread(g, secretary, 2)
    small = count_queries(reader, INDICATORS, params)
    grow_the_golden_thread(g, secretary, 20)
    assert count_queries(reader, INDICATORS, params) == small
    assert small <= 14


def test_indicator_page_queries_do_not_grow_with_measurements(client_for, politician, secretary, seed):
    reader = client_for(politician)
    indicator = first_indicator()
    reader.get(indicator.get_absolute_url())  # a server's per-process caches (content types) are warm
    small = count_queries(reader, indicator.get_absolute_url())
    for i in range(30):
        measurement_add(
            indicator=indicator,
            measured_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=40 * i),
            value=Decimal(60 + i % 20),
            acting_user=secretary,
        )
        IndicatorTarget.objects.create(indicator=indicator, year=2030 + i, value=90)
    assert count_queries(reader, indicator.get_absolute_url()) == small


def test_model_page_queries_do_not_grow_with_goals(client_for, politician, seed):
    reader = client_for(politician)
    small = count_queries(reader, MODEL)
    model = CoherenceModel.objects.get()
    theme = Theme.objects.create(coherence_model=model, order=9, name="Ekstra tema")
    group = GoalGroup.objects.create(coherence_model=model, order=9, name="Ekstra gruppe", challenge="x")
    for number in range(10, 40):
        g = Goal.objects.create(theme=theme, number=number, text=f"Ekstra mål {number}")
        GoalTarget.objects.create(goal=g, wording="x", value=10, unit="%", year=2030)
        group.goals.add(g)
        group.focus_areas.create(text=f"Fokus {number}")
    assert count_queries(reader, MODEL) == small


def test_goal_links_page_queries_do_not_grow_with_links(client_for, secretary, seed):
    editor = client_for(secretary)
    g = goal(1)
    url = reverse("goals:goal_links", kwargs={"pk": g.pk})
    editor.get(url)
    grow_the_golden_thread(g, secretary, 2)
    small = count_queries(editor, url)
    grow_the_golden_thread(g, secretary, 15)
    assert count_queries(editor, url) == small
