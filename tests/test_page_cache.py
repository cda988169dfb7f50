"""List pages and the overview are cached per data version (ADR 0011, 0012): a repeated request is
cheap, and any saved change, from a form, a status change or the admin, shows at once.

Each test runs in one transaction that never commits; `committed` runs what a commit would (the new
data version), as every real request's transaction does."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Partner, Project
from statuses.models import StatusValue
from statuses.services import status_change


def get_counting(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_a_repeated_list_is_served_from_the_cache_without_reading_its_rows(client_for, politician, seed):
    reader = client_for(politician)
    first, first_queries = get_counting(reader, "/projekter/")
    again, queries = get_counting(reader, "/projekter/")
    assert "Læsecenter" in again
    assert queries <= 3 < first_queries  # the session, the user with its roles, the data version
    assert again.split('id="indhold"')[1] == first.split('id="indhold"')[1]


def row_of(page, item):
    start = page.index(f'id="row-{item.pk}"')
    return page[start : page.index("</tr>", start)]


def test_a_status_change_shows_at_once_on_a_cached_list(client_for, politician, secretary, seed, committed):
    reader = client_for(politician)
    project = Project.objects.get(name="Læsecenter")
    assert "Kritisk" not in row_of(reader.get("/projekter/").content.decode(), project)
    with committed():
        status_change(
            item=project,
            expected_version=project.version,
            new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
            reason="Lokalerne er lukket",
            acting_user=secretary,
        )
    assert "Kritisk" in row_of(reader.get("/projekter/").content.decode(), project)


def test_a_partner_renamed_in_the_admin_shows_at_once_on_a_cached_list(
    client_for, politician, administrator, seed, committed
):
    reader = client_for(politician)
    assert "Aalborg Universitet" in reader.get("/projekter/").content.decode()
    partner = Partner.objects.get(name="Aalborg Universitet")
    with committed():
        response = client_for(administrator).post(f"/admin/projects/partner/{partner.pk}/change/", {"name": "AAU"})
    assert response.status_code == 302
    page = reader.get("/projekter/").content.decode()
    assert "AAU" in page and "Aalborg Universitet" not in page
    assert "AAU" in [record.name for record in partner.history.all()]  # the edit is in the audit trail too


def test_an_editor_never_gets_the_list_a_reader_got_from_the_cache(client_for, politician, secretary, seed):
    assert "Nyt projekt" not in client_for(politician).get("/projekter/").content.decode()
    assert "Nyt projekt" in client_for(secretary).get("/projekter/").content.decode()
    assert "Nyt projekt" not in client_for(politician).get("/projekter/").content.decode()


def test_a_cached_list_is_personal_around_its_content(client_for, politician, secretary, seed):
    client_for(secretary).get("/projekter/")
    page = client_for(politician).get("/projekter/").content.decode()
    assert "Læser" in page and "Sekretær" not in page


def test_the_past_and_today_are_cached_apart(client_for, politician, seed):
    reader = client_for(politician)
    assert "Læsecenter" in reader.get("/projekter/").content.decode()
    reader.get("/", {"dato": "2019-01-01"})  # before the overview sheet of 26 March 2019
    past = reader.get("/projekter/").content.decode()
    assert "Læsecenter" not in past and "Du ser fortiden" in past
    reader.get("/", {"dato": ""})
    assert "Læsecenter" in reader.get("/projekter/").content.decode()


def test_an_htmx_request_gets_the_table_alone_after_the_full_page_was_cached(client_for, politician, seed):
    reader = client_for(politician)
    reader.get("/projekter/")
    partial = reader.get("/projekter/", headers={"HX-Request": "true"}).content.decode()
    assert "Læsecenter" in partial and "<html" not in partial
    full = reader.get("/projekter/").content.decode()
    assert "<html" in full


def test_an_export_is_never_served_from_the_cache(client_for, politician, seed):
    reader = client_for(politician)
    reader.get("/projekter/")
    export = reader.get("/projekter/", {"_export": "csv"})
    assert export["Content-Type"].startswith("text/csv") and "Læsecenter" in export.content.decode()


def test_a_change_that_is_rolled_back_leaves_the_cache_alone(client_for, politician, secretary, seed, committed):
    from django.db import transaction

    from core.versions import data_version

    before = data_version()
    with committed():
        try:
            with transaction.atomic():
                Partner.objects.create(name="Fortrudt partner")
                raise RuntimeError("afbrudt")
        except RuntimeError:
            pass
    assert data_version() == before
    with committed():
        Partner.objects.create(name="Ny partner")
    assert int(data_version()) == int(before) + 1  # one new version per committed transaction


def test_changes_outside_the_portal_data_do_not_empty_the_cache(client_for, politician, committed, seed):
    from core.versions import data_version

    before = data_version()
    with committed():
        client_for(politician).get("/")  # a login and a session write
    assert data_version() == before
