"""A document's own texts are kept in the browser by editors and printed by its bilag."""

from django.urls import reverse

from initiatives.models import Plan
from meetings.services import bilag_add, bilag_snapshot, render_bilag_html


def test_a_secretary_corrects_the_lys_i_oejnene_source_note_and_the_bilag_prints_it(client_for, secretary, meeting):
    plan = Plan.objects.get()
    editor = client_for(secretary)
    page = editor.get(reverse("initiatives:status_report")).content.decode()
    url = reverse("initiatives:plan_edit", kwargs={"pk": plan.pk})
    assert url in page  # "Redigér tekster" on the page the menu opens
    note = "Kildens farver gik tabt; statusserne er derfor ikke vurderet."
    response = editor.post(
        url, {"title": plan.title, "intro": plan.intro, "source_note": note, "version": plan.version}
    )
    assert response.status_code == 302
    assert note in editor.get(reverse("initiatives:status_report")).content.decode()
    bilag = bilag_add(
        meeting=meeting,
        kind="initiative_status",
        parameters={"plan": plan.pk},
        include_changes=False,
        acting_user=secretary,
    )
    assert note in render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))
    assert Plan.history.first().history_user == secretary


def test_a_politician_reads_the_status_report_but_may_not_edit_its_texts(client_for, politician, seed):
    plan = Plan.objects.get()
    reader = client_for(politician)
    url = reverse("initiatives:plan_edit", kwargs={"pk": plan.pk})
    assert url not in reader.get(reverse("initiatives:status_report")).content.decode()
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"title": "Ændret", "version": plan.version}).status_code == 403
    assert Plan.objects.get().title == plan.title
