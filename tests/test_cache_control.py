"""Finding 11 of issue 17: nothing a logged-in user gets may be kept by a browser cache or a proxy, but an
issued bilag may be cached privately by its ETag (ADR 0017)."""

from django.urls import reverse

from tests.factories import overview_sheet

PROJECTS = reverse("projects:project_list")


def test_a_politician_s_pages_and_exports_are_private_and_not_stored(client_for, politician, seed):
    reader = client_for(politician)
    for response in (
        reader.get(reverse("home")),
        reader.get(PROJECTS),
        reader.get(PROJECTS, headers={"HX-Request": "true"}),
        reader.get(PROJECTS, {"_export": "csv"}),
        reader.get(PROJECTS, {"_export": "xlsx"}),
    ):
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_a_secretary_s_form_page_is_private_and_not_stored(client_for, secretary, seed):
    response = client_for(secretary).get(reverse("projects:project_add"))
    assert response["Cache-Control"] == "private, no-store"


def test_an_issued_bilag_keeps_its_own_private_cache_header_and_etag(client_for, politician, secretary, seed):
    bilag = overview_sheet(acting_user=secretary, issue=True).bilag
    response = client_for(politician).get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk}))
    assert response["Cache-Control"] == "private" and response["ETag"]


def test_an_anonymous_visitor_s_redirect_to_login_gets_no_private_header(client, seed):
    response = client.get(PROJECTS)
    assert response.status_code == 302 and "private, no-store" not in response.get("Cache-Control", "")
