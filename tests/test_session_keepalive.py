"""'Bliv logget ind' starts the session's idle time again; nobody signed out can use it."""

import time

from django.urls import reverse

from core.middleware import ACTIVE_AT


def test_staying_signed_in_moves_the_sessions_last_use_to_now(client_for, politician):
    reader = client_for(politician)
    session = reader.session
    session[ACTIVE_AT] = time.time() - 25 * 60
    session.save()
    response = reader.post(reverse("session_keepalive"))
    assert response.status_code == 204
    assert time.time() - reader.session[ACTIVE_AT] < 5


def test_an_anonymous_visitor_cannot_keep_a_session_alive(client):
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_pages_tell_the_script_when_to_warn(client_for, politician, settings):
    page = client_for(politician).get("/").content.decode()
    seconds = settings.SESSION_COOKIE_AGE - settings.SESSION_REFRESH_INTERVAL
    assert f'<meta name="session-idle-seconds" content="{seconds}"' in page
    assert '<template id="session-warning">' in page and "Bliv logget ind" in page
