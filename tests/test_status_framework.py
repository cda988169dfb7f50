"""Statuses: defined meanings, shape + label, and a history with a reason for every change."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.urls import reverse

from core.exceptions import ConcurrentEditError
from projects.models import Project
from statuses.models import StatusChange, StatusValue
from statuses.services import status_change


def value(scale, slug):
    return StatusValue.objects.get(scale__slug=scale, slug=slug)


@pytest.fixture
def project(seed):
    return Project.objects.get(name="Læsecenter")


def test_lys_i_oejnene_scale_has_the_seed_meanings(seed):
    meanings = {v.label: v.meaning for v in StatusValue.objects.filter(scale__slug="lys-i-oejnene")}
    assert meanings["Grøn"] == "Noget, vi gør tilfredsstillende, og eventuelt noget, vi vil arbejde videre med"
    assert meanings["Gul"] == "Noget, vi gør, men som vi ikke gør tilfredsstillende"
    assert meanings["Rød"] == (
        "Noget, vi ikke gør, fordi der er truffet en aktiv politisk beslutning om ikke at gøre det"
    )
    assert "Ikke vurderet" in meanings


def test_project_scale_is_data_with_progress_values(seed):
    labels = list(StatusValue.objects.filter(scale__slug="projektfremdrift").values_list("label", flat=True))
    assert labels == ["Ikke vurderet", "På sporet", "Udfordret", "Kritisk", "Afsluttet"]


def test_every_status_value_has_a_shape_not_only_a_colour(seed):
    shapes = StatusValue.objects.filter(scale__slug="lys-i-oejnene").values_list("shape", flat=True)
    assert len(set(shapes)) == 4, "each Lys i øjnene value needs its own shape"


def test_status_badge_shows_label_shape_and_meaning(seed):
    html = Template("{% load status_tags %}{% status_badge v %}").render(Context({"v": value("lys-i-oejnene", "gul")}))
    assert "Gul" in html
    assert "<svg" in html and "<path" in html  # the triangle
    # The meaning follows the label for a screen reader, and shows on hover; the badge is no tab stop.
    assert '<span class="visually-hidden">: Noget, vi gør, men som vi ikke gør tilfredsstillende' in html
    assert 'title="Noget, vi gør, men som vi ikke gør tilfredsstillende' in html
    assert "tabindex" not in html


def test_status_change_records_who_when_old_new_and_reason(project, secretary):
    change = status_change(
        item=project,
        expected_version=project.version,
        new_value=value("projektfremdrift", "paa-sporet"),
        reason="Læsevejleder ansat",
        acting_user=secretary,
    )
    project.refresh_from_db()
    assert project.status.label == "På sporet"
    assert project.version == 2
    assert (change.old_value.label, change.new_value.label) == ("Ikke vurderet", "På sporet")
    assert change.changed_by == secretary and change.reason == "Læsevejleder ansat" and change.changed_at


def test_status_change_without_reason_is_refused(project, secretary):
    with pytest.raises(ValidationError, match="begrundelse"):
        status_change(
            item=project,
            expected_version=project.version,
            new_value=value("projektfremdrift", "kritisk"),
            reason="  ",
            acting_user=secretary,
        )
    assert not StatusChange.objects.exists()


def test_status_from_another_scale_is_refused(project, secretary):
    with pytest.raises(ValidationError, match="hører ikke til skalaen"):
        status_change(
            item=project,
            expected_version=project.version,
            new_value=value("lys-i-oejnene", "roed"),
            reason="fejl",
            acting_user=secretary,
        )


def test_status_change_on_a_stale_version_is_refused(project, secretary, other_secretary):
    status_change(
        item=project,
        new_value=value("projektfremdrift", "udfordret"),
        reason="Venteliste vokser",
        expected_version=1,
        acting_user=other_secretary,
    )
    with pytest.raises(ConcurrentEditError) as conflict:
        status_change(
            item=project,
            new_value=value("projektfremdrift", "paa-sporet"),
            reason="Alt vel",
            expected_version=1,
            acting_user=secretary,
        )
    assert conflict.value.changed_by == "Søren Sagsbehandler"
    assert [(c.label, c.before, c.after) for c in conflict.value.changes] == [("Status", "Ikke vurderet", "Udfordret")]
    assert StatusChange.objects.count() == 1


def test_editor_changes_status_with_form_and_history_shows_newest_first(client_for, secretary, project):
    editor = client_for(secretary)
    url = reverse("projects:project_status", kwargs={"pk": project.pk})
    for slug, reason, version in (("udfordret", "Første begrundelse", 1), ("paa-sporet", "Anden begrundelse", 2)):
        response = editor.post(
            url, {"new_value": value("projektfremdrift", slug).pk, "reason": reason, "version": version}
        )
        assert response.status_code == 302
    page = editor.get(project.get_absolute_url()).content.decode()
    assert page.index("Anden begrundelse") < page.index("Første begrundelse")
    assert "Sofie Sekretær" in page


def test_form_without_reason_answers_in_danish_and_keeps_the_choice(client_for, secretary, project):
    kritisk = value("projektfremdrift", "kritisk")
    response = client_for(secretary).post(
        reverse("projects:project_status", kwargs={"pk": project.pk}),
        {"new_value": kritisk.pk, "reason": "", "version": 1},
    )
    assert response.status_code == 200
    assert "Skriv en begrundelse for statusændringen." in response.content.decode()
    assert response.context["form"]["new_value"].value() == str(kritisk.pk)
    assert not StatusChange.objects.exists()


def test_reader_cannot_change_status(client_for, politician, project):
    response = client_for(politician).post(
        reverse("projects:project_status", kwargs={"pk": project.pk}),
        {"new_value": value("projektfremdrift", "kritisk").pk, "reason": "Jeg vil", "version": 1},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status.label == "Ikke vurderet" and not StatusChange.objects.exists()


def test_htmx_status_change_returns_the_refreshed_row(client_for, secretary, project):
    response = client_for(secretary).post(
        reverse("projects:project_status", kwargs={"pk": project.pk}) + "?year=2019",
        {"new_value": value("projektfremdrift", "paa-sporet").pk, "reason": "Ansat", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="row-{project.pk}"')
    assert html.split(">", 1)[0].count("class=") == 1 and "row-updated" in html.split(">", 1)[0]  # highlighted
    assert "Status for Læsecenter er ændret til På sporet." in html  # announced to screen readers
    assert "På sporet" in html and "500.000 kr." in html


def test_htmx_status_change_with_errors_stays_in_the_form(client_for, secretary, project):
    response = client_for(secretary).post(
        reverse("projects:project_status", kwargs={"pk": project.pk}),
        {"new_value": value("projektfremdrift", "paa-sporet").pk, "reason": "", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Retarget"] == "this" and response["HX-Reswap"] == "outerHTML"
    assert "Skriv en begrundelse" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_status_changes_on_postgresql_lose_nothing(seed, secretary, other_secretary):
    """Two editors press save at the same moment from the same version: one wins, one is told."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are only real on PostgreSQL (CI runs this on PostgreSQL)")
    project = Project.objects.get(name="Hånd om familien")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, slug):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            status_change(
                item=project,
                new_value=value("projektfremdrift", slug),
                reason=f"{user.username} gemmer",
                expected_version=1,
                acting_user=user,
            )
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("conflict")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=save, args=args) for args in ((secretary, "udfordret"), (other_secretary, "kritisk"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert StatusChange.objects.count() == 1
    project.refresh_from_db()
    assert project.version == 2 and project.status == StatusChange.objects.get().new_value


def test_a_long_reason_is_kept_whole_in_the_status_history(seed, secretary):
    from projects.models import Project
    from statuses.models import StatusValue
    from statuses.services import status_change

    project = Project.objects.get(name="Læsecenter")
    reason = "Lærerne er ansat, lokalerne er klar, og de første elever er startet. " * 5
    change = status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason=reason,
        acting_user=secretary,
    )
    change.refresh_from_db()
    assert change.reason == reason.strip() and len(change.reason) > 300


def test_one_shape_means_one_tone_on_every_scale(seed):
    from collections import defaultdict

    tones = defaultdict(set)
    for shape, tone in StatusValue.objects.values_list("shape", "tone"):
        tones[shape].add(tone)
    assert all(len(found) == 1 for found in tones.values()), dict(tones)


def test_an_administrator_cannot_give_a_shape_another_scales_tone(seed):
    from django.core.exceptions import ValidationError

    from core.services import save

    critical = value("projektfremdrift", "kritisk")
    critical.shape = "diamond"  # the blue "Planlagt" of the activities' scale
    with pytest.raises(ValidationError, match="rombe er blå"):
        save(critical, acting_user=None)
