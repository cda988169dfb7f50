"""Sign-in with the municipality's identity provider (issue 20, ADR 0025): the real authorization-code flow
with PKCE against a test provider the tests start on 127.0.0.1 (tests/identity_provider.py) — real HTTP,
RS256-signed ID tokens, a JWKS — driven through Django's test client."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from core import oidc
from core.roles import ADMINISTRATOR, EDITOR, READER
from tests.identity_provider import IdentityProvider

pytestmark = pytest.mark.django_db

CLIENT_ID = "viborg-bu-portal"
CLIENT_SECRET = "klient-hemmelighed-kun-til-test"
GROUPS = {
    EDITOR: ["bu-redaktoerer"],
    READER: ["bu-laesere", "4f0c6d2e-læsere"],
    ADMINISTRATOR: ["bu-administratorer"],
}


@pytest.fixture
def idp(settings, db):
    with IdentityProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as provider:
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_DISCOVERY_URL = provider.discovery_url
        settings.OIDC_ROLE_MAP = GROUPS
        oidc._discovery.cache_clear()
        yield provider
    oidc._discovery.cache_clear()


def person(username="anna.andersen@viborg.dk", groups=("bu-laesere",), **claims):
    return {
        "preferred_username": username,
        "given_name": "Anna",
        "family_name": "Andersen",
        "email": username,
        "groups": list(groups),
        **claims,
    }


def sign_in(client, idp, user, tamper=None, next_url="/projekter/"):
    """The whole round: the portal sends the browser to the provider, the provider (over real HTTP) sends
    it back with a code, the portal exchanges the code (real HTTP) and checks the ID token (JWKS)."""
    idp.next_user = user
    idp.tamper = tamper or {}
    start = client.get("/oidc/login/", {"next": next_url})
    assert start.status_code == 302 and start["Location"].startswith(f"{idp.url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def refusal(response, client) -> str:
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    return client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("role", "group"),
    [
        (READER, "bu-laesere"),
        (READER, "4f0c6d2e-læsere"),
        (EDITOR, "bu-redaktoerer"),
        (ADMINISTRATOR, "bu-administratorer"),
    ],
)
def test_sign_in_creates_the_user_with_the_role_of_their_group(client, idp, role, group):
    response = sign_in(client, idp, person(groups=[group, "en-anden-gruppe"]))
    assert response.status_code == 302 and response["Location"] == "/projekter/"
    user = get_user_model().objects.get(username="anna.andersen@viborg.dk")
    assert set(user.groups.values_list("name", flat=True)) == {role}
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Andersen", "anna.andersen@viborg.dk")
    assert not user.has_usable_password()
    assert user.is_staff == (role == ADMINISTRATOR)
    page = client.get("/projekter/")
    assert page.status_code == 200
    assert f'<span class="role-tag">{role}</span>' in page.content.decode()
    # The authorization-code flow with PKCE (S256) and a nonce.
    asked = idp.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"] and asked["nonce"]
    assert idp.token_requests[-1]["code_verifier"]
    if role == EDITOR:
        assert client.get("/projekter/nyt/").status_code == 200
    if role == READER:
        assert client.get("/projekter/nyt/").status_code == 403


def test_a_role_changed_at_the_provider_takes_effect_at_the_next_sign_in(client, idp, django_user_model):
    from django.test import Client

    sign_in(client, idp, person(groups=["bu-laesere"]))
    user = django_user_model.objects.get(username="anna.andersen@viborg.dk")
    assert set(user.groups.values_list("name", flat=True)) == {READER}
    sign_in(Client(), idp, person(groups=["bu-redaktoerer"], given_name="Anne"))
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {EDITOR}
    assert user.first_name == "Anne"
    assert django_user_model.objects.filter(username__iexact="anna.andersen@viborg.dk").count() == 1


def test_an_unknown_group_gives_no_access(client, idp, django_user_model):
    response = sign_in(client, idp, person(groups=["fremmed-gruppe"]))
    assert "du har ikke adgang til portalen" in refusal(response, client)
    assert not django_user_model.objects.filter(username="anna.andersen@viborg.dk").exists()
    assert client.get("/").status_code == 302  # still signed out


def test_access_taken_away_at_the_provider_is_taken_away_here(client, idp, django_user_model):
    from django.test import Client

    sign_in(client, idp, person(groups=["bu-redaktoerer"]))
    later = Client()
    response = sign_in(later, idp, person(groups=[]))
    assert "ikke adgang" in refusal(response, later)
    user = django_user_model.objects.get(username="anna.andersen@viborg.dk")
    assert not user.groups.exists()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"aud": "en-anden-portal"}, "ikke udstedt til denne portal"),
        ({"nonce": "en-anden-nonce"}, "hørte ikke til dette log ind"),
        ({"nonce": None}, "hørte ikke til dette log ind"),
        ({"exp": 1_600_000_000, "iat": 1_599_999_000}, "var udløbet"),
        ({"iss": "https://login.example.invalid/"}, "kom ikke fra kommunens login"),
    ],
    ids=["wrong-audience", "wrong-nonce", "no-nonce", "expired", "wrong-issuer"],
)
def test_a_token_that_is_not_right_is_refused_with_a_danish_message(client, idp, django_user_model, tamper, message):
    response = sign_in(client, idp, person(groups=["bu-administratorer"]), tamper=tamper)
    page = refusal(response, client)
    assert message in page and "Log ind blev afvist" in page
    assert not django_user_model.objects.filter(username="anna.andersen@viborg.dk").exists()
    assert client.get("/").status_code == 302


def test_a_token_signed_by_another_key_is_refused(client, idp, django_user_model):
    from cryptography.hazmat.primitives.asymmetric import rsa

    published = idp.jwks()  # the JWKS keeps the provider's key …
    idp.jwks = lambda: published
    idp.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # … the token is signed by another
    response = sign_in(client, idp, person(groups=["bu-administratorer"]))
    assert "kunne ikke bekræftes" in refusal(response, client)
    assert not django_user_model.objects.filter(username="anna.andersen@viborg.dk").exists()


def test_a_local_account_is_not_taken_over_by_the_provider(client, idp, secretary):
    response = sign_in(client, idp, person(username=secretary.username, groups=["bu-administratorer"]))
    assert "lokal bruger" in refusal(response, client)
    secretary.refresh_from_db()
    assert set(secretary.groups.values_list("name", flat=True)) == {EDITOR}


def test_a_callback_this_session_did_not_start_is_refused(client, idp):
    client.get("/oidc/login/")  # a state of its own in the session
    page = refusal(client.get("/oidc/callback/", {"code": "x", "state": "ukendt"}), client)
    assert "Prøv at logge ind igen" in page


def test_an_error_from_the_provider_says_so(client, idp):
    page = refusal(client.get("/oidc/callback/", {"error": "access_denied", "state": "x"}), client)
    assert "blev afbrudt" in page


def test_logout_ends_the_session_at_the_provider_too(client, idp):
    sign_in(client, idp, person())
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"].startswith(f"{idp.url}/logout?")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"][0].count(".") == 2
    assert client.get("/").status_code == 302  # signed out here
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"] == "http://testserver/login/"
    assert idp.logouts and idp.logouts[-1]["id_token_hint"] == query["id_token_hint"][0]


def test_a_local_user_logs_out_here_only(client, idp, politician):
    client.force_login(politician)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert idp.logouts == []


def test_the_login_page_offers_the_municipality_login(client, idp):
    html = client.get("/login/?next=/maal/").content.decode()
    assert 'href="/oidc/login/?next=/maal/"' in html and "Log ind med Viborg Kommunes login" in html
    assert 'name="password"' in html  # LOCAL_LOGIN=on: the demo's password login stays


def test_without_configuration_there_is_only_the_password_login(client):
    html = client.get("/login/").content.decode()
    assert "/oidc/login/" not in html and 'name="password"' in html
    page = refusal(client.get("/oidc/login/"), client)
    assert "ikke sat op" in page


def test_a_provider_that_does_not_answer_gives_a_danish_message(client, settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens
    oidc._discovery.cache_clear()
    assert "svarer ikke" in refusal(client.get("/oidc/login/"), client)


# --- The local password login: on, administrators, off ------------------------------------------------------


def _password_login(client, user):
    return client.post("/login/", {"username": user.username, "password": "hemmelig-kode-42"})


def test_local_login_on_lets_everyone_in(client, politician):
    response = _password_login(client, politician)
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_local_login_for_administrators_only_is_a_break_glass(client, settings, politician, administrator):
    from django.test import Client

    settings.LOCAL_LOGIN = "administrators"
    assert _password_login(client, politician).status_code == 200  # the form again, with its error
    assert client.get("/").status_code == 302
    admin_client = Client()
    assert _password_login(admin_client, administrator).status_code == 302
    assert admin_client.get("/").status_code == 200


def test_local_login_off_takes_the_form_away(client, settings, idp, administrator):
    settings.LOCAL_LOGIN = "off"
    html = client.get("/login/").content.decode()
    assert 'name="password"' not in html and "/oidc/login/" in html
    assert _password_login(client, administrator).status_code == 200
    assert client.get("/").status_code == 302
