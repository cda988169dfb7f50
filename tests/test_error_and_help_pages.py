"""Errors and help in Danish, in the portal's layout, each saying what to do next."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_meetings import add_overview


def test_a_politician_refused_an_edit_reads_why_in_danish(client_for, politician, seed):
    response = client_for(politician).get(reverse("projects:project_add"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Ingen adgang" in page and "Gå til overblikket" in page and "Forbidden" not in page


def test_a_politician_opening_a_draft_is_told_it_is_not_issued_yet(client_for, politician, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    page = client_for(politician).get(bilag.get_absolute_url()).content.decode()
    assert "Bilaget er en kladde. Kun redaktører kan se det, indtil det er udstedt." in page


def test_an_address_that_does_not_exist_gets_the_danish_page(client_for, politician):
    response = client_for(politician).get("/findes-ikke/")
    assert response.status_code == 404 and "Siden findes ikke" in response.content.decode()


def test_a_server_error_shows_a_danish_page_that_needs_nothing_from_the_database():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert '<html lang="da">' in page and "Der opstod en fejl" in page and "Gå til overblikket" in page


def test_a_form_sent_after_its_csrf_token_expired_says_in_danish_what_to_do(secretary, seed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = client.post(reverse("projects:project_add"), {"name": "Nyt projekt"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Siden skal genindlæses" in page and "Det, du skrev, er ikke gemt." in page


@override_settings(ACCESSIBILITY_STATEMENT_URL="https://www.was.digst.dk/viborg-dk")
def test_anyone_finds_the_accessibility_statement_from_the_footer_and_at_was(client_for, politician):
    assert Client().get("/was")["Location"] == "https://www.was.digst.dk/viborg-dk"  # no login needed
    login = Client().get(reverse("login")).content.decode()
    assert 'href="/was">Tilgængelighedserklæring</a>' in login
    assert 'href="/was">Tilgængelighedserklæring</a>' in client_for(politician).get("/").content.decode()


@pytest.mark.parametrize("term", ["LBF", "Udsted, udstedt", "Tilstand", "Kontrolsum (SHA-256)", "Kladde"])
def test_a_politician_finds_the_portals_terms_explained_from_every_page(client_for, politician, term):
    reader = client_for(politician)
    assert 'href="/hjaelp/">Hjælp og ordforklaringer</a>' in reader.get("/").content.decode()
    assert f"<dt>{term}</dt>" in reader.get("/hjaelp/").content.decode()
