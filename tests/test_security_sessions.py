"""Sessions end after 30 idle minutes and 12 hours at most; five wrong passwords lock a login for 15 minutes.

Time is moved by changing the stored timestamps (the session row, the login time, axes' attempts),
never by sleeping.
"""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import ACTIVE_AT, LOGIN_AT, client_ip_address

PASSWORD = "hemmelig-kode-42"  # the personas' password (tests/conftest.py)
LOCKED_OUT = "For mange forsøg på at logge ind"
WRONG_PASSWORD = "Indtast venligst korrekt brugernavn og adgangskode"


def log_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def is_logged_in(client):
    return client.get("/").status_code == 200


# --- Idle and absolute session limits ----------------------------------------------------------


def _last_active_minutes_ago(client, minutes):
    """As if the user's last request that moved the expiry on was `minutes` ago."""
    session = client.session
    session[ACTIVE_AT] = time.time() - minutes * 60
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=30 - minutes)
    )


def test_a_session_lasts_30_idle_minutes_and_activity_moves_the_expiry_on(politician):
    client = Client()
    response = log_in(client, "politiker")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60

    # 25 quiet minutes later the session has 5 minutes left; a request gives it 30 again.
    _last_active_minutes_ago(client, 25)
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


@override_settings(SESSION_REFRESH_INTERVAL=60)
def test_requests_within_a_minute_do_not_write_the_session(politician):
    client = Client()
    log_in(client, "politiker")
    _last_active_minutes_ago(client, 0.5)
    expiry = session_row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert session_row(client).expire_date == expiry

    _last_active_minutes_ago(client, 1.1)  # a minute on, the expiry moves again
    client.get("/")
    assert session_row(client).expire_date - timezone.now() > datetime.timedelta(minutes=29)


def test_after_30_idle_minutes_the_user_must_log_in_again(politician):
    client = Client()
    log_in(client, "politiker")
    assert is_logged_in(client)
    _last_active_minutes_ago(client, 30.1)
    response = client.get(reverse("projects:project_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logging_in_records_when(politician):
    client = Client()
    before = time.time()
    log_in(client, "politiker")
    assert before <= client.session[LOGIN_AT] == client.session[ACTIVE_AT] <= time.time()


def _logged_in_hours_ago(client, hours):
    session = client.session
    session[LOGIN_AT] = time.time() - hours * 60 * 60
    session.save()


def test_an_active_user_is_still_logged_in_just_under_12_hours_after_login(politician):
    client = Client()
    log_in(client, "politiker")
    _logged_in_hours_ago(client, 11.9)
    assert is_logged_in(client)


def test_12_hours_after_login_the_user_is_logged_out_with_a_danish_reason(politician):
    client = Client()
    log_in(client, "politiker")
    _logged_in_hours_ago(client, 12.1)

    response = client.get(reverse("projects:project_list"), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('login')}?next={reverse('projects:project_list')}"
    html = response.content.decode()
    assert "Du er blevet logget ud, fordi det er 12 timer siden, du loggede ind." in html
    assert not response.context["user"].is_authenticated
    assert not is_logged_in(client)

    # Logging in again starts a new 12 hours.
    log_in(client, "politiker")
    assert is_logged_in(client)
    assert time.time() - client.session[LOGIN_AT] < 60


def test_a_session_from_before_the_limit_gets_its_12_hours_from_its_next_request(client_for, politician):
    client = client_for(politician)
    session = client.session
    session.pop(LOGIN_AT, None)
    session.save()
    assert is_logged_in(client)
    assert time.time() - client.session[LOGIN_AT] < 60


def test_an_htmx_request_after_12_hours_loads_the_login_page_as_a_whole_page(politician):
    client = Client()
    log_in(client, "politiker")
    _logged_in_hours_ago(client, 13)
    page = "http://testserver" + reverse("projects:project_list") + "?year=2019"
    response = client.get("/projekter/1/status/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=page)
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/projekter/%3Fyear%3D2019"


def test_an_htmx_request_after_30_idle_minutes_loads_the_login_page_as_a_whole_page(politician):
    client = Client()
    response = client.get(
        "/projekter/1/status/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/projekter/"
    )
    assert response.status_code == 200 and response["HX-Redirect"] == f"{reverse('login')}?next=/projekter/"
    # A foreign page in HX-Current-URL is not a place to return to.
    response = client.get("/projekter/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="https://evil.example/x")
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/"


# --- Login throttling (django-axes) ------------------------------------------------------------


def test_five_wrong_passwords_lock_the_login_and_even_the_right_one_is_refused_in_danish(politician):
    client = Client()
    for _attempt in range(4):
        response = log_in(client, "politiker", "forkert")
        assert response.status_code == 200 and WRONG_PASSWORD in response.content.decode()
    response = log_in(client, "politiker", "forkert")  # the fifth
    assert response.status_code == 429 and LOCKED_OUT in response.content.decode()

    response = log_in(client, "politiker")  # the right password
    html = response.content.decode()
    assert response.status_code == 429 and LOCKED_OUT in html
    assert "Vent 15 minutter, og prøv så igen." in html and '<html lang="da">' in html
    assert not is_logged_in(client)


def test_another_user_at_the_same_address_is_not_locked(politician, secretary):
    for _ in range(5):
        log_in(Client(), "politiker", "forkert")
    client = Client()
    assert log_in(client, "sekretaer").status_code == 302
    assert is_logged_in(client)


def test_the_same_user_at_another_address_is_not_locked(politician):
    for _ in range(5):
        log_in(Client(), "politiker", "forkert", address="10.0.0.1")
    assert log_in(Client(), "politiker", address="10.0.0.2").status_code == 302


def test_after_15_minutes_the_user_can_log_in_again(politician):
    for _ in range(5):
        log_in(Client(), "politiker", "forkert")
    assert log_in(Client(), "politiker").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    assert log_in(Client(), "politiker").status_code == 302


def test_trying_again_during_the_lockout_starts_the_15_minutes_again(politician):
    earlier = F("attempt_time") - datetime.timedelta(minutes=10)
    for _ in range(5):
        log_in(Client(), "politiker", "forkert")
    AccessAttempt.objects.update(attempt_time=earlier)
    assert log_in(Client(), "politiker").status_code == 429  # after 10 minutes: still locked, and a new try
    AccessAttempt.objects.update(attempt_time=earlier)
    assert log_in(Client(), "politiker").status_code == 429  # 20 minutes after the fifth, 10 after the last


def test_a_successful_login_forgets_earlier_wrong_passwords(politician):
    for _ in range(4):
        log_in(Client(), "politiker", "forkert")
    assert log_in(Client(), "politiker").status_code == 302
    for _ in range(4):
        log_in(Client(), "politiker", "forkert")
    assert log_in(Client(), "politiker").status_code == 302


def test_the_admin_login_is_throttled_too(administrator):
    for _ in range(5):
        Client().post("/admin/login/", {"username": "administrator", "password": "forkert"}, REMOTE_ADDR="10.0.0.1")
    response = Client().post(
        "/admin/login/", {"username": "administrator", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429 and LOCKED_OUT in response.content.decode()


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: X-Forwarded-For is the client's to invent
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "198.51.100.1, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not to be trusted
    ],
)
def test_the_throttled_address_behind_trusted_proxies(rf, proxies, forwarded, expected):
    request = rf.get("/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies, TRUSTED_PROXY_ADDRESSES=["10.0.0.0/24"]):
        assert client_ip_address(request) == expected


@pytest.mark.parametrize("proxies", [1, 2])
def test_an_anonymous_visitor_reaching_gunicorn_directly_cannot_pick_an_address_with_x_forwarded_for(
    politician, proxies
):
    """Behind a proxy (TRUSTED_PROXY_COUNT ≥ 1) but sent straight to the app server: a new X-Forwarded-For
    on each of 12 wrong passwords still locks the login."""
    with override_settings(TRUSTED_PROXY_COUNT=proxies, TRUSTED_PROXY_ADDRESSES=["127.0.0.1", "::1"]):
        answers = [
            Client()
            .post(
                "/login/",
                {"username": "politiker", "password": "forkert"},
                REMOTE_ADDR="198.51.100.77",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 192.0.2.{attempt}",
            )
            .status_code
            for attempt in range(12)
        ]
    assert answers[:4] == [200] * 4 and set(answers[5:]) == {429}


def test_behind_the_proxy_on_the_same_machine_the_address_it_added_counts(rf):
    request = rf.get("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    with override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["127.0.0.1", "::1"]):
        assert client_ip_address(request) == "203.0.113.9"
