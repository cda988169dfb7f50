"""Ændringer siden sidste møde: a politician sees every kind of change to what the committee follows, the
same on the overview, on its own page and in the bilag; the audit trail records every write with the
secretary who made it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Activity
from core.registry import followed
from goals.models import Goal, Indicator
from goals.services import goal_update, indicator_update, measurement_add
from meetings.services import bilag_add, bilag_issue, meeting_create
from programs.models import BudgetProposal, Committee
from programs.services import proposal_update
from projects.models import Partner, Pool, Project
from projects.services import project_create, project_update
from statuses.models import StatusValue
from statuses.services import status_change

AUDIT = reverse("audit:entry_list")


@pytest.fixture
def after_a_meeting(seed, secretary):
    """A meeting ten days ago; every seeded row is older than it."""
    from simple_history.models import registered_models

    long_ago = timezone.now() - datetime.timedelta(days=400)
    for model in registered_models.values():
        if hasattr(model, "history"):  # not the many-to-many tables simple-history also registers
            model.history.update(history_date=long_ago)
    return meeting_create(
        committee=Committee.objects.get(),
        date=timezone.localdate() - datetime.timedelta(days=10),
        acting_user=secretary,
    )


def item(changes, label):
    return next(i for i in changes.items if i["label"] == label)


def whats(entry):
    return [event["what"] for event in entry["events"]]


def test_a_politician_sees_every_kind_of_change_since_the_meeting(client_for, politician, secretary, after_a_meeting):
    pool = Pool.objects.get()
    project_create(
        pool=pool,
        data={"name": "Sprogspirer", "description": "Sprog i dagtilbud"},
        allocations={2026: 2_250_000},
        acting_user=secretary,
    )
    laesecenter = Project.objects.get(name="Læsecenter")
    project_update(
        project=laesecenter,
        data={"name": "Læsecenter", "description": laesecenter.description},
        partners=list(laesecenter.partners.all()),
        allocations={2019: 650_000},
        expected_version=laesecenter.version,
        acting_user=secretary,
    )
    indicator = Indicator.objects.filter(baseline_value__isnull=False).order_by("pk").first()
    measurement_add(indicator=indicator, measured_on=timezone.localdate(), value=80, acting_user=secretary)
    data = {
        name: getattr(indicator, name)
        for name in (
            "goal",
            "sub_goal",
            "name",
            "description",
            "unit",
            "direction",
            "baseline_value",
            "baseline_year",
            "baseline_area",
            "comparison_value",
            "comparison_area",
            "data_source",
        )
    }
    indicator_update(
        indicator=indicator, data=data, targets={2029: 85}, expected_version=indicator.version, acting_user=secretary
    )
    goal = Goal.objects.get(number=3)
    goal_update(
        goal=goal,
        data={"theme": goal.theme, "text": goal.text + " Også i fritiden."},
        targets=[{"wording": t.wording, "value": t.value, "unit": t.unit, "year": t.year} for t in goal.targets.all()],
        expected_version=goal.version,
        acting_user=secretary,
    )
    activity = Activity.objects.get(name="Barselscafé")
    status_change(
        item=activity,
        expected_version=activity.version,
        reason="Holdet er fuldt.",
        new_value=StatusValue.objects.get(scale=activity.status.scale, slug="i-gang"),
        acting_user=secretary,
    )
    proposal = BudgetProposal.objects.get()
    lines = [
        (line.year, line.kind, line.amount + (500 if line.year == 2026 else 0)) for line in proposal.economy_lines.all()
    ]
    proposal_update(
        proposal=proposal,
        data={
            f: getattr(proposal, f)
            for f in ("title", "date", "committee", "programme", "period_text", "background", "description")
        },
        lines=lines,
        expected_version=proposal.version,
        acting_user=secretary,
    )

    reader = client_for(politician)
    changes = reader.get("/").context["changes"]
    assert whats(item(changes, "Sprogspirer")) == ["Ny", "Disponering 2026 tilføjet"]
    assert item(changes, "Sprogspirer")["events"][1]["changes"] == [
        {"label": "Disponeret beløb", "before": "(tom)", "after": "2.250.000 kr."}
    ]
    assert item(changes, "Læsecenter")["events"][0]["changes"] == [
        {"label": "Disponeret beløb", "before": "500.000 kr.", "after": "650.000 kr."}
    ]
    measured = item(changes, str(indicator))
    assert whats(measured) == [
        f"Måling {timezone.localdate().day}. " + whats(measured)[0].split(". ", 1)[1],
        "Indikatormål 2029 tilføjet",
    ]
    assert measured["events"][0]["changes"][0]["after"] == "80 %"
    goal_changes = item(changes, str(Goal.objects.get(number=3)))["events"][0]["changes"]
    assert goal_changes[0]["label"] == "Mål" and goal_changes[0]["after"].endswith("Også i fritiden.")
    status = item(changes, "Barselscafé")["events"][0]
    assert (status["what"], status["old_status"]["label"], status["new_status"]["label"], status["reason"]) == (
        "Status ændret",
        "Ikke vurderet",
        "I gang",
        "Holdet er fuldt.",
    )
    economy = item(changes, proposal.title)["events"][0]
    assert economy["what"] == "Økonomilinje udgifter 2026 ændret"
    assert economy["changes"] == [{"label": "Beløb", "before": "4.000 (i 1.000 kr.)", "after": "4.500 (i 1.000 kr.)"}]

    html = reader.get("/").content.decode()
    for text in ("Sprogspirer", "„2.250.000 kr.“", "Holdet er fuldt.", "„500.000 kr.“", "„650.000 kr.“", "„80 %“"):
        assert text in html, text
    # The overview's own page of changes lists the same items.
    full = reader.get(reverse("dashboard:changes")).context["changes"]
    assert [i["label"] for i in full.items] == [i["label"] for i in changes.items]


def test_the_bilag_carries_the_same_changes_as_the_overview_for_its_projects(
    client_for, politician, secretary, after_a_meeting
):
    laesecenter = Project.objects.get(name="Læsecenter")
    project_update(
        project=laesecenter,
        data={"description": "Ny beskrivelse"},
        partners=list(laesecenter.partners.all()),
        allocations={2019: 450_000},
        expected_version=laesecenter.version,
        acting_user=secretary,
    )
    laesecenter.refresh_from_db()
    status_change(
        item=laesecenter,
        expected_version=laesecenter.version,
        reason="Sygdom i personalet.",
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="udfordret"),
        acting_user=secretary,
    )
    meeting = meeting_create(
        committee=Committee.objects.get(), date=timezone.localdate() + datetime.timedelta(days=7), acting_user=secretary
    )
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=True,
        acting_user=secretary,
        parameters={"pool": Pool.objects.get().pk, "year": 2019, "threshold": 400_000},
    )
    issued = bilag_issue(bilag=bilag, acting_user=secretary)

    overview = client_for(politician).get("/").context["changes"]
    assert issued.snapshot["changes"]["items"] == [item(overview, "Læsecenter")]


def test_every_followed_kind_is_either_an_item_or_part_of_one():
    labels = {entry.label for entry in followed()}
    assert {
        "projects.project",
        "projects.allocation",
        "programs.programme",
        "programs.budgetproposal",
        "programs.economyline",
        "goals.goal",
        "goals.indicator",
        "goals.measurement",
        "goals.indicatortarget",
        "agreements.agreement",
        "agreements.activity",
        "initiatives.initiative",
    } <= labels


# --- The audit trail records every write, with the real user --------------------------------------------


def audit_entries(client, **filters):
    return [row.record for row in client.get(AUDIT, filters).context["table"].page.object_list]


def test_partners_allocations_meetings_and_an_issued_bilag_are_in_the_audit_trail_with_who_did_it(
    client_for, administrator, secretary, seed
):
    project = Project.objects.get(name="Læsecenter")
    partner = Partner.objects.create(name="VIA University College")
    project_update(
        project=project,
        data={},
        partners=[*project.partners.all(), partner],
        allocations={2019: 600_000},
        expected_version=project.version,
        acting_user=secretary,
    )
    meeting = meeting_create(committee=Committee.objects.get(), date=datetime.date(2019, 3, 26), acting_user=secretary)
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=False,
        acting_user=secretary,
        parameters={"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000},
    )
    bilag_issue(bilag=bilag, acting_user=secretary)

    shown = audit_entries(client_for(administrator), bruger=secretary.pk)
    by_kind = {}
    for entry in shown:
        by_kind.setdefault(entry.kind_name, []).append(entry)
    assert all(entry.user_label == "Sofie Sekretær" for entry in shown)
    [partners] = [e for e in by_kind["Projekt"] if e.changes]
    assert [(c.label, c.after) for c in partners.changes] == [
        (
            "Samarbejdspartnere",
            ", ".join(sorted([*(str(p) for p in project.partners.all() if p != partner), str(partner)])),
        )
    ]
    assert [c.after for e in by_kind["Disponering"] for c in e.changes] == ["600.000 kr."]
    assert [e.action_label for e in by_kind["Møde"]] == ["Oprettet"]
    assert sorted(e.action_label for e in by_kind["Bilag"]) == ["Oprettet", "Udstedt"]


def test_saving_a_form_that_changes_nothing_writes_no_history_and_no_empty_row(
    client_for, administrator, secretary, seed
):
    project = Project.objects.get(name="Læsecenter")
    editor = client_for(secretary)
    url = reverse("projects:project_edit", kwargs={"pk": project.pk})
    form = editor.get(url).context["form"]
    allocations = {
        f"allocations-{i}-{k}": v
        for i, a in enumerate(project.allocations.all())
        for k, v in (("year", a.year), ("amount", f"{a.amount:,}".replace(",", ".")))
    }
    count = project.allocations.count()
    data = {
        **{name: form[name].value() or "" for name in ("name", "description", "status_text")},
        "programme": "",
        "start_month": "",
        "end_month": "",
        "version": project.version,
        "partners": [p.pk for p in project.partners.all()],
        "allocations-TOTAL_FORMS": count,
        "allocations-INITIAL_FORMS": count,
        **allocations,
    }
    before = Project.history.count()
    assert editor.post(url, data).status_code == 302
    project.refresh_from_db()
    assert Project.history.count() == before and project.version == 1
    html = client_for(administrator).get(AUDIT).content.decode()
    assert "ingen ændrede felter" not in html


def test_a_politician_who_reads_the_overview_again_after_a_change_sees_it_first_screen_and_changes(
    client_for, politician, secretary, after_a_meeting, committed
):
    """The overview's unions are compiled once and run again (core.compiled): the second read is a new
    query of the same SQL, and shows what changed in between."""
    reader = client_for(politician)
    before = reader.get("/").context
    project = Project.objects.get(name="Læsecenter")
    assert "Læsecenter" not in [i["label"] for i in before["changes"].items]
    red = StatusValue.objects.get(scale=project.status.scale, tone="red")
    with committed():
        status_change(
            item=project,
            expected_version=project.version,
            reason="Underskud på læsevejledere.",
            new_value=red,
            acting_user=secretary,
        )

    after = reader.get("/").context
    assert whats(item(after["changes"], "Læsecenter")) == ["Status ændret"]
    flagged = {row.item.name: row.reason for group in after["flagged"] for row in group.rows}
    assert flagged.get("Læsecenter") == "Underskud på læsevejledere."
