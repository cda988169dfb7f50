"""Issue 22: an editor (Redaktør) creates and corrects every kind of thing the seeds describe in the
portal's own pages, never in the Django admin; a politician (Læser) is refused; status scales are
configuration only an administrator changes."""

import pytest
from django.urls import reverse

from projects.models import Partner, Pool, Project, SubProject
from statuses.models import StatusScale


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def post(committed):
    """post(client, url, data): a form post the page accepts; it sends the user on (302), and the
    cached pages see the change afterwards, as after a real commit. Returns where it sends the user."""

    def accepted(client, url, data):
        with committed():
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        return response["Location"]

    return accepted


def refused(client, url, data):
    """A form post the page refuses: the form again, with the message (200)."""
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content.decode()


def readers_are_refused(client_for, politician, *urls):
    reader = client_for(politician)
    for url in urls:
        assert reader.get(url).status_code == 403, url
        assert reader.post(url, {"name": "Forsøg"}).status_code == 403, url


# --- Pools, partners and sub-projects --------------------------------------------------------------


def test_a_secretary_creates_a_pool_and_renames_it(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    scale = Pool.objects.get().status_scale
    assert "Puljer" in page(editor, reverse("projects:project_list"))
    add = reverse("projects:pool_add")
    assert "Ny pulje" in page(editor, reverse("projects:pool_list"))
    post(editor, add, {"name": "Udviklingspuljen", "description": "Til forsøg.", "status_scale": scale.pk})
    pool = Pool.objects.get(name="Udviklingspuljen")
    assert pool.status_scale == scale
    assert "Udviklingspuljen" in page(editor, reverse("projects:pool_list"))

    edit = reverse("projects:pool_edit", kwargs={"pk": pool.pk})
    post(editor, edit, {"name": "Udviklingspuljen 2020", "description": "Til forsøg i 2020."})
    listed = page(client_for(politician), reverse("projects:pool_list"))
    assert "Udviklingspuljen 2020" in listed and "Redigér" not in listed
    # The new pool is one to put a project in.
    assert "Udviklingspuljen 2020" in page(editor, reverse("projects:project_add"))

    taken = refused(editor, add, {"name": "Udviklingspuljen 2020", "description": "", "status_scale": scale.pk})
    assert "Navn er allerede brugt. Vælg et andet." in taken
    assert "Giv puljen et navn." in refused(editor, add, {"name": "", "description": "", "status_scale": scale.pk})
    assert Pool.objects.filter(name__startswith="Udviklingspuljen").count() == 1
    readers_are_refused(client_for, politician, add, edit)


def test_a_pool_needs_a_scale_with_a_start_value(client_for, post, secretary, seed):
    empty = StatusScale.objects.create(slug="tom", name="Tom skala")
    html = refused(
        client_for(secretary), reverse("projects:pool_add"), {"name": "X", "description": "", "status_scale": empty.pk}
    )
    assert "Vælg en statusskala fra listen." in html
    assert not Pool.objects.filter(name="X").exists()


def test_a_secretary_adds_a_partner_and_corrects_its_spelling(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    add = reverse("projects:partner_add")
    post(editor, add, {"name": "VIA Univercity College"})
    partner = Partner.objects.get(name="VIA Univercity College")
    edit = reverse("projects:partner_edit", kwargs={"pk": partner.pk})
    post(editor, edit, {"name": "VIA University College"})
    assert "VIA University College" in page(client_for(politician), reverse("projects:partner_list"))
    assert "VIA University College" in page(editor, reverse("projects:project_add"))  # a partner to choose
    assert "Navn er allerede brugt." in refused(editor, add, {"name": "VIA University College"})
    readers_are_refused(client_for, politician, add, edit)


def test_a_secretary_adds_a_sub_project_to_a_project_and_corrects_it(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    project = Project.objects.get(name="Læsecenter")
    partner = Partner.objects.first()
    project_page = reverse("projects:project_detail", kwargs={"pk": project.pk})
    add = reverse("projects:subproject_add", kwargs={"pk": project.pk})
    assert add in page(editor, project_page)
    data = {
        "name": "Læsevejledning i 0. klasse",
        "description": "Vejledning af lærerne.",
        "status_text": "",
        "start_month": "2019-08",
        "end_month": "2020-06",
        "partners": [partner.pk],
    }
    assert post(editor, add, data) == project_page
    sub = SubProject.objects.get(name="Læsevejledning i 0. klasse")
    assert sub.project == project and list(sub.partners.all()) == [partner]

    edit = reverse("projects:subproject_edit", kwargs={"pk": sub.pk})
    post(editor, edit, {**data, "name": "Læsevejledning i 0.–1. klasse", "partners": []})
    shown = page(client_for(politician), project_page)
    assert "Læsevejledning i 0.–1. klasse" in shown and add not in shown
    assert not SubProject.objects.get(pk=sub.pk).partners.exists()
    backwards = refused(editor, edit, {**data, "start_month": "2020-06", "end_month": "2019-08"})
    assert "Slut skal ligge efter start." in backwards
    readers_are_refused(client_for, politician, add, edit)
