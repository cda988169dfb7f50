"""The boligsocial delaftale "Uddannelse og livschancer" (seed 003): structure, hours, statuses and edits."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import Activity, Agreement, Party, ResponsibleRole, SubGoal
from agreements.selectors import total_hours
from goals.models import Goal, Indicator, Measurement
from statuses.models import StatusChange, StatusScale, StatusValue
from tests.queries import count_queries

ACTIVITIES = [
    ("Relationel Velfærd – som indsats", Decimal("38")),
    ("Skole/familie samarbejde", Decimal("28")),
    ("Læringsmiljø for børn og voksne", Decimal("10")),
    ("Styrket Forældreskab", Decimal("10")),
    ("Barselscafé", Decimal("10")),
]


def agreement():
    return Agreement.objects.get(name="Uddannelse og livschancer")


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def in_order(html, *texts):
    position = -1
    for text in texts:
        found = html.find(text, position + 1)
        assert found != -1, f"{text!r} missing (or out of order) after position {position}"
        position = found
    return True


# --- The seed, faithfully --------------------------------------------------------------------------


def test_delaftale_has_its_period_parties_roles_and_primary_partner(seed):
    a = agreement()
    assert a.title == "Delaftale for indsatsområdet Uddannelse og livschancer"
    assert a.initiative_name == "Uddannelse og Livschancer"
    assert (a.valid_from, a.valid_to) == (datetime.date(2025, 8, 1), datetime.date(2029, 7, 31))
    assert list(Party.objects.values_list("name", flat=True)) == ["Chefgruppen", "Ad hoc-gruppen"]
    assert Party.objects.get(name="Chefgruppen").tasks.startswith(
        "Chefgruppen for alle tre delaftaler tager årligt ansvar"
    )
    assert list(ResponsibleRole.objects.values_list("title", flat=True)) == [
        "Viceskolechef Børn og Unge, Viborg Kommune",
        "Leder af den boligsociale indsats",
    ]
    assert (
        a.primary_municipal_partner
        == "Børn og Ungeområde, herunder skoler, sundhedsplejesker, forebyggelsesområdet etc."
    )
    assert a.revision_rule.startswith("Delaftalen indsatser følges løbende og evalueres én gang årligt.")


def test_sub_goals_and_indicators_are_exactly_the_seeds_table(seed):
    rows = [
        (
            i.sub_goal.name,
            i.name,
            i.baseline_value,
            i.comparison_value,
            i.comparison_area,
            i.baseline_year,
            i.data_source,
        )
        for i in Indicator.objects.filter(sub_goal__isnull=False).select_related("sub_goal")
    ]
    monitoring = "Viborg Kommune, boligsocial monitorering"
    assert rows == [
        (
            "Flere unge skal klare sig bedre i Dansk og Matematik",
            "Andel personer i området, som ved årets afgangsprøve i 9. klasse har opnået mindst 2,0 i gennemsnit i både dansk og matematik.",
            Decimal("75"),
            Decimal("95"),
            "Viborg Kommune",
            2023,
            "LBF",
        ),
        (
            "Flere unge skal klare sig bedre i Dansk og Matematik",
            "Andelen af 18-29 årige, der har grundskolen som HFU og som ikke er i gang med en uddannelse",
            Decimal("31"),
            Decimal("16"),
            "Viborg Kommune",
            2023,
            "LBF",
        ),
        ("Reducere skolefravær", "Reducere skolefravær", None, None, "", None, monitoring),
        (
            "Reducere skolefravær",
            "Andel af børn og unge med en sag på det specialiserede børne- og ungeområde",
            None,
            None,
            "",
            None,
            monitoring,
        ),
    ]


def test_five_activities_with_hours_38_28_10_10_10_and_their_schemas(seed):
    activities = list(agreement().activities.all())
    assert [(a.name, a.hours_per_week) for a in activities] == ACTIVITIES
    for activity in activities:
        assert (
            activity.purpose
            and activity.target_groups
            and activity.content
            and activity.practice
            and activity.responsibilities
        )
    skole = activities[1]
    assert skole.other_names == "Skole/forældre samarbejde, Skole/hjem samarbejde"  # the names the overview lists use
    assert skole.target_groups.startswith("Helhedsplanen rummer 484 i alderen 7-17 år.")
    assert "- Understøtte skolegang og uddannelse" in skole.purpose
    assert activities[4].practice.startswith("Barselscaféen kører i fast rul på en central lokation.")


def test_total_hours_are_computed_as_96(seed):
    assert total_hours(agreement().activities.all()) == Decimal("96")


def test_activities_start_not_assessed_on_the_activity_scale(seed):
    scale = StatusScale.objects.get(slug="aktivitetsstatus")
    assert agreement().status_scale == scale
    assert set(Activity.objects.values_list("status__label", flat=True)) == {"Ikke vurderet"}
    values = list(scale.values.all())
    assert [v.label for v in values] == ["Ikke vurderet", "Planlagt", "I gang", "Udfordret", "Stoppet", "Afsluttet"]
    assert len({v.shape for v in values}) == len(values), "every value needs its own shape, not only a colour"
    assert all(v.meaning for v in values)


def test_politician_reads_the_delaftale_in_the_documents_order(client_for, politician, seed):
    html = html_of(client_for(politician).get(agreement().get_absolute_url()))
    assert in_order(
        html,
        "Delaftale for indsatsområdet Uddannelse og livschancer",
        "Bestyrelsen for den boligsociale indsats har ansvar for",
        "Uddannelse og Livschancer",
        "1. august 2025 – 31. juli 2029",
        "Chefgruppen",
        "Ad hoc-gruppen",
        "Viceskolechef Børn og Unge, Viborg Kommune",
        "Leder af den boligsociale indsats",
        "Børn og Ungeområde, herunder skoler",
        "Delmål og indikatorer for indsatsområdet",
        "Flere unge skal klare sig bedre i Dansk og Matematik",
        "75 %",
        "95 %",
        "Viborg Kommune",
        "2023",
        "LBF",
        "31 %",
        "16 %",
        "2023",
        "LBF",
        "Reducere skolefravær",
        "Data kommer",
        "Viborg Kommune, boligsocial monitorering",
        "Andel af børn og unge med en sag",
        "Data kommer",
        "Viborg Kommune, boligsocial monitorering",
        "Aktiviteter",
        *[name for name, _ in ACTIVITIES],
        "96 timer pr. uge",
        "Sammenhæng med den kommunale indsats i boligområdet",
        "hæves til 92 % i 2025",
        "Mål 1 i Sammenhængsmodellen",
        "Vi ønsker at højne sprogkundskab",
        "Revision af delaftalen",
        "evalueres én gang årligt",
        "Aktiviteternes skemaer",
        "Formål",
        "Målgruppe(r)",
        "Indhold",
        "Praksis",
        "Ansvars- og rollefordeling",
    )
    assert "Skift status" not in html and "Redigér delaftale" not in html


def test_agreement_list_shows_the_computed_total(client_for, politician, seed):
    html = html_of(client_for(politician).get(reverse("agreements:agreement_list")))
    assert "Delaftale for indsatsområdet Uddannelse og livschancer" in html and "96 timer pr. uge" in html


def test_activity_page_shows_the_schema_status_and_the_goal_it_works_for(client_for, politician, seed):
    activity = Activity.objects.get(name="Styrket Forældreskab")
    html = html_of(client_for(politician).get(activity.get_absolute_url()))
    assert in_order(
        html,
        "Styrket Forældreskab",
        "Ikke vurderet",
        "10 timer pr. uge",
        "Formål",
        "styrke forældrerollen gennem viden",
        "Forstå din teenager",
        "Mål 1",
        "Mål i Sammenhængsmodellen",
    )


# --- Edits, statuses and roles ---------------------------------------------------------------------


def activity_data(activity=None, **overrides):
    data = {
        "name": "Lektiecafé i Ellekonebakken",
        "other_names": "",
        "purpose": "Formål",
        "target_groups": "Unge",
        "content": "Indhold",
        "practice": "Praksis",
        "responsibilities": "Helhedsplanen",
        "hours_per_week": "7,5",
    }
    if activity is not None:
        data.update(
            {
                f: getattr(activity, f)
                for f in ("name", "other_names", "purpose", "target_groups", "content", "practice", "responsibilities")
            }
        )
        data.update({"hours_per_week": str(activity.hours_per_week).replace(".", ","), "version": activity.version})
    data.update(overrides)
    return data


def test_secretary_adds_an_activity_with_danish_hours_and_the_total_follows(client_for, secretary, politician, seed):
    a = agreement()
    response = client_for(secretary).post(reverse("agreements:activity_add", kwargs={"pk": a.pk}), activity_data())
    activity = Activity.objects.get(name="Lektiecafé i Ellekonebakken")
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.hours_per_week == Decimal("7.5") and activity.status.label == "Ikke vurderet"
    assert total_hours(a.activities.all()) == Decimal("103.5")
    assert "103,5 timer pr. uge" in html_of(client_for(politician).get(a.get_absolute_url()))


def test_secretary_edits_an_activitys_hours(client_for, secretary, seed):
    activity = Activity.objects.get(name="Barselscafé")
    response = client_for(secretary).post(
        reverse("agreements:activity_edit", kwargs={"pk": activity.pk}), activity_data(activity, hours_per_week="12,5")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.hours_per_week == Decimal("12.5") and activity.version == 2
    assert total_hours(activity.agreement.activities.all()) == Decimal("98.5")


@pytest.mark.parametrize(
    "hours, message",
    [
        ("7.5", "Brug komma som decimaltegn"),
        ("7,55", "Angiv højst 1 decimaler."),
        ("-3", "Timetallet kan ikke være negativt."),
        ("", "Skriv det estimerede antal timer pr. uge."),
    ],
)
def test_unclear_hours_are_refused_in_danish(client_for, secretary, seed, hours, message):
    response = client_for(secretary).post(
        reverse("agreements:activity_add", kwargs={"pk": agreement().pk}), activity_data(hours_per_week=hours)
    )
    assert message in html_of(response)
    assert not Activity.objects.filter(name="Lektiecafé i Ellekonebakken").exists()


def test_duplicate_activity_name_gets_a_message_not_a_server_error(client_for, secretary, seed):
    response = client_for(secretary).post(
        reverse("agreements:activity_add", kwargs={"pk": agreement().pk}), activity_data(name="Barselscafé")
    )
    assert "Delaftalen har allerede en aktivitet med navnet “Barselscafé”." in html_of(response)


def test_database_refuses_negative_hours(seed):
    activity = Activity.objects.first()
    activity.hours_per_week = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


def agreement_data(a, **overrides):
    data = {
        f: getattr(a, f)
        for f in (
            "name",
            "title",
            "initiative_name",
            "preamble",
            "primary_municipal_partner",
            "sub_goals_intro",
            "activities_intro",
            "staff_resources",
            "municipal_coherence",
            "targets_intro",
            "targets_outro",
            "revision_rule",
            "revision_note",
        )
    }
    data.update({"valid_from": a.valid_from.isoformat(), "valid_to": a.valid_to.isoformat(), "version": a.version})
    # The rows of the form as it shows them: parties, responsible roles and municipal targets.
    shown_rows = {
        "parties": [{"name": p.name, "tasks": p.tasks} for p in a.parties.all()],
        "roles": [{"title": r.title} for r in a.responsible_roles.all()],
        "targets": [{"text": t.text, "goal": t.goal_id or ""} for t in a.municipal_targets.all()],
    }
    for prefix, rows in shown_rows.items():
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    data.update(overrides)
    return data


def test_secretary_edits_the_delaftale_and_a_period_ending_first_is_refused(client_for, secretary, seed):
    a = agreement()
    url = reverse("agreements:agreement_edit", kwargs={"pk": a.pk})
    response = client_for(secretary).post(url, agreement_data(a, valid_to="2025-01-01"))
    assert "Delaftalen skal slutte efter den begynder." in html_of(response)
    response = client_for(secretary).post(url, agreement_data(a, revision_rule="Evalueres hvert halve år."))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.revision_rule == "Evalueres hvert halve år." and a.version == 2


def test_secretary_adds_a_sub_goal(client_for, secretary, seed):
    a = agreement()
    response = client_for(secretary).post(
        reverse("agreements:subgoal_add", kwargs={"pk": a.pk}), {"name": "Flere unge i fritidsjob"}
    )
    assert response.status_code == 302
    assert list(a.sub_goals.values_list("name", flat=True))[-1] == "Flere unge i fritidsjob"
    again = client_for(secretary).post(
        reverse("agreements:subgoal_add", kwargs={"pk": a.pk}), {"name": "Reducere skolefravær"}
    )
    assert "Delaftalen har allerede delmålet “Reducere skolefravær”." in html_of(again)


def test_secretary_changes_an_activitys_status_in_the_row_with_a_reason(client_for, secretary, seed):
    activity = Activity.objects.get(name="Barselscafé")
    i_gang = StatusValue.objects.get(scale__slug="aktivitetsstatus", slug="i-gang")
    url = reverse("agreements:activity_status", kwargs={"pk": activity.pk})
    response = client_for(secretary).post(
        url,
        {"new_value": i_gang.pk, "reason": "Caféen kører hver tirsdag.", "version": activity.version},
        HTTP_HX_REQUEST="true",
    )
    html = html_of(response)
    assert html.startswith(f'<tr id="row-{activity.pk}"') and "I gang" in html
    change = StatusChange.objects.get()
    assert (change.old_value.label, change.new_value.label, change.changed_by) == ("Ikke vurderet", "I gang", secretary)


def test_reader_cannot_change_a_status_or_edit_the_delaftale(client_for, politician, seed):
    activity = Activity.objects.get(name="Barselscafé")
    reader = client_for(politician)
    i_gang = StatusValue.objects.get(scale__slug="aktivitetsstatus", slug="i-gang")
    assert (
        reader.post(
            reverse("agreements:activity_status", kwargs={"pk": activity.pk}), {"new_value": i_gang.pk, "reason": "x"}
        ).status_code
        == 403
    )
    assert (
        reader.post(
            reverse("agreements:activity_edit", kwargs={"pk": activity.pk}), activity_data(activity)
        ).status_code
        == 403
    )
    assert reader.get(reverse("agreements:agreement_edit", kwargs={"pk": agreement().pk})).status_code == 403
    activity.refresh_from_db()
    assert activity.status.label == "Ikke vurderet" and not StatusChange.objects.exists()


# --- Queries stay constant as rows grow ------------------------------------------------------------

_serial = itertools.count()


def grow(size):
    scale = StatusScale.objects.get(slug="aktivitetsstatus")
    a = agreement()
    goal = Goal.objects.get(number=2)
    for i in (next(_serial) for _ in range(size)):
        Activity.objects.create(agreement=a, name=f"Ekstra aktivitet {i}", hours_per_week=2, status=scale.default_value)
        sub_goal = SubGoal.objects.create(agreement=a, name=f"Ekstra delmål {i}")
        Indicator.objects.create(sub_goal=sub_goal, name=f"Ekstra indikator {i}", baseline_value=10, unit="%")
        other = Agreement.objects.create(
            name=f"Ekstra delaftale {i}",
            title=f"Ekstra delaftale {i}",
            valid_from=datetime.date(2025, 1, 1),
            valid_to=datetime.date(2027, 1, 1),
            status_scale=scale,
        )
        Activity.objects.create(agreement=other, name="Aktivitet", hours_per_week=3, status=scale.default_value)
        other.municipal_targets.create(text="Målsætning", goal=goal)


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("agreements:agreement_list"),
        lambda: agreement().get_absolute_url(),
        lambda: reverse("agreements:activity_list"),
        lambda: Activity.objects.get(name="Barselscafé").get_absolute_url(),
    ],
    ids=["agreement_list", "agreement_detail", "activity_list", "activity_detail"],
)
def test_agreement_pages_queries_do_not_grow_with_rows(client_for, secretary, seed, url):
    editor = client_for(secretary)  # an editor's page has the most controls to render
    editor.get(url())
    grow(2)
    small = count_queries(editor, url())
    grow(20)
    assert count_queries(editor, url()) == small


@pytest.mark.parametrize("persona", ["politician", "secretary"])
def test_the_delaftale_page_costs_a_fixed_number_of_queries_whatever_its_size(client_for, request, seed, persona):
    page = client_for(request.getfixturevalue(persona))
    url = agreement().get_absolute_url()
    grow(2)
    small = count_queries(page, url)
    grow(20)
    assert count_queries(page, url) == small
    # The session, the user with their roles, the data version, the delaftale, its parties, its responsible
    # roles, its delmål, the activities with their status, the municipal targets with their goal, and the
    # goals panel's delmål with their indicators, measurements and targets (plain prefetches).
    assert small <= 12


def test_the_delaftale_page_shows_each_indicators_newest_measurement_and_its_quality(
    client_for, politician, secretary, seed
):
    indicator = Indicator.objects.get(name="Reducere skolefravær")
    for day, value in (
        (datetime.date(2023, 3, 1), 12),
        (datetime.date(2023, 9, 1), 10),
        (datetime.date(2023, 5, 1), 11),
    ):
        Measurement.objects.create(indicator=indicator, measured_on=day, value=value, entered_by=secretary)
    html = html_of(client_for(politician).get(agreement().get_absolute_url()))
    newest = "10 (1. september 2023)"
    assert in_order(html, "Reducere skolefravær", newest, "Ingen måling i over et år")
    assert "(1. maj 2023)" not in html and "(1. marts 2023)" not in html
