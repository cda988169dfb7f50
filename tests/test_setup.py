"""What a new user and an operator rely on: settings, seed data, demo users, Danish login."""

import datetime
import hashlib
import html
import os
import re
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from meetings.models import Bilag, BilagVersion, Meeting
from projects.models import Allocation, Project
from statuses.models import StatusChange
from tests.test_meetings import SIX, flat, pdf_text


def _start(env):
    code = "import django; django.setup(); print('started')"
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "viborg_bu.settings", **env},
    )


def test_portal_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _start({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY skal være sat" in result.stderr


def test_portal_starts_with_a_secret_key():
    from django.core.management.utils import get_random_secret_key

    assert _start({"DEBUG": "0", "SECRET_KEY": get_random_secret_key()}).stdout.strip() == "started"


def test_settings_are_danish():
    assert settings.LANGUAGE_CODE == "da" and settings.TIME_ZONE == "Europe/Copenhagen"


def test_seeding_twice_changes_no_data(seed, secretary):
    from statuses.models import StatusValue
    from statuses.services import status_change

    project = Project.objects.get(name="Læsecenter")
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason="Ansat",
        acting_user=secretary,
    )
    before = (Project.objects.count(), Allocation.objects.count(), StatusChange.objects.count())
    call_command("seed_demo", without_meeting=True, verbosity=0)
    project.refresh_from_db()
    assert (Project.objects.count(), Allocation.objects.count(), StatusChange.objects.count()) == before
    assert project.status.label == "På sporet"


# --- The demo's meeting: seed 001 is Bilag 1 to the committee's meeting of 26 March 2019 ------------


def follow(client, page, text):
    """Click the one link on the page whose text (as a screen reader reads it) is `text`."""
    links = {
        html.unescape(href)
        for href, inner in re.findall(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', page.content.decode(), re.S)
        if " ".join(re.sub(r"<[^>]+>", "", inner).split()) == text
    }
    assert len(links) == 1, f"links named {text!r}: {links}"
    response = client.get(links.pop())
    assert response.status_code == 200
    return response


def test_after_make_run_a_politician_finds_the_meeting_of_26_march_2019_and_downloads_its_bilag_1(
    client_for, politician
):
    call_command("seed_demo", verbosity=0)  # as `make run`: with the meeting
    reader = client_for(politician)
    meetings = follow(reader, reader.get("/"), "Møder og bilag")
    meeting = follow(reader, meetings, "26. marts 2019")
    page = meeting.content.decode()
    assert "Børne- og Ungdomsudvalget: møde den 26. marts 2019" in page
    assert "Overbliksark 0,35% puljen" in page and "Udstedt " in page
    pdf = follow(reader, meeting, "PDF for bilag 1")
    assert pdf["Content-Type"] == "application/pdf"
    issued = BilagVersion.objects.get(bilag__meeting__date=datetime.date(2019, 3, 26))
    assert hashlib.sha256(pdf.content).hexdigest() == issued.sha256  # the issued one
    text = flat(pdf_text(pdf.content))
    assert "Bilag 1 til Børne- og Ungdomsudvalgets møde den 26. marts 2019" in text
    assert all(name in text for name in SIX)
    assert "I ALT 4.650.000" in text


def test_after_make_run_a_politician_finds_one_issued_bilag_of_every_kind_as_a_pdf(client_for, politician):
    from core.registry import bilag_kinds

    call_command("seed_demo", verbosity=0)
    reader = client_for(politician)
    meetings = follow(reader, reader.get("/"), "Møder og bilag")
    meeting = follow(reader, meetings, "26. august 2025")
    page = meeting.content.decode()
    assert "Demomøde: ét bilag af hver slags" in page and "Kladde" not in page
    demo = Meeting.objects.get(date=datetime.date(2025, 8, 26))
    assert sorted(b.kind for b in demo.bilag.all()) == sorted(kind.key for kind in bilag_kinds())
    for bilag in demo.bilag.all():
        pdf = follow(reader, meeting, f"PDF for bilag {bilag.number}")
        assert pdf["Content-Type"] == "application/pdf"
        assert hashlib.sha256(pdf.content).hexdigest() == bilag.versions.get().sha256
        assert bilag.versions.get().snapshot["title"].split()[0] in flat(pdf_text(pdf.content))


def everything():
    """Every row of the portal's tables and of users and groups (PDFs by their checksum)."""
    from django.apps import apps
    from django.db import models

    state = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes", "axes"):
            continue
        names = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.BinaryField)]
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*names))
    return state


def test_a_second_make_run_changes_nothing_and_the_bilag_names_no_person_as_its_issuer(db):
    call_command("seed_demo", verbosity=0)
    before = everything()
    call_command("seed_demo", verbosity=0)
    assert everything() == before
    # The meeting of seed 001 with its bilag, and the demo meeting with one bilag of each of the five kinds.
    assert (Meeting.objects.count(), Bilag.objects.count(), BilagVersion.objects.count()) == (2, 6, 6)

    issuer = BilagVersion.objects.filter(bilag__meeting__date=datetime.date(2019, 3, 26)).get().issued_by
    assert set(BilagVersion.objects.values_list("issued_by", flat=True)) == {issuer.pk}
    assert issuer.username == "demodata" and issuer.get_full_name() == "Demodata"
    assert not issuer.is_active and not issuer.has_usable_password() and not issuer.groups.exists()
    # Meeting and bilag entered the history on the document's day, as the seeded projects did.
    seeded = Project.history.filter(history_type="+").values_list("history_date", flat=True).first()
    for model in (Meeting, Bilag):
        first = model.history.filter(id=model.objects.order_by("pk").first().pk)
        assert set(first.values_list("history_date", flat=True)) == {seeded}
    assert timezone.localtime(seeded).date() == datetime.date(2019, 3, 26)


def test_demo_users_are_never_made_when_debug_is_off(db):
    call_command("seed_demo", without_meeting=True, verbosity=0)
    assert not get_user_model().objects.filter(username__in=["redaktoer", "laeser", "admin"]).exists()


@override_settings(DEBUG=True)
def test_demo_users_have_their_roles_and_password_demo(client, db):
    call_command("seed_demo", without_meeting=True, verbosity=0)
    laeser = get_user_model().objects.get(username="laeser")
    redaktoer = get_user_model().objects.get(username="redaktoer")
    assert list(laeser.groups.values_list("name", flat=True)) == ["Læser"]
    assert redaktoer.has_perm("projects.change_project") and not laeser.has_perm("projects.change_project")
    # Through the login page: django-axes needs the request that client.login() does not pass.
    response = client.post("/login/", {"username": "laeser", "password": "demo"})
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_login_page_is_in_danish(client, db):
    html = client.get("/login/").content.decode()
    assert '<html lang="da">' in html
    assert "Log ind" in html and "Brugernavn" in html and "Adgangskode" in html


def test_wrong_password_gets_a_danish_message(client, politician):
    response = client.post("/login/", {"username": "politiker", "password": "forkert"})
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()


def test_only_the_page_being_read_is_current_in_the_menu(client_for, politician):
    from django.urls import reverse

    response = client_for(politician).get(reverse("programs:proposal_list"))
    assert [item["label"] for item in response.context["menu"] if item["active"]] == ["Budgetforslag"]


@override_settings(DEBUG=True)
def test_make_run_against_a_database_with_an_administrator_creates_no_demo_users(administrator):
    """`DATABASE_URL=<production> make run` must never add `admin` with password `demo`."""
    out = StringIO()
    call_command("seed_demo", without_meeting=True, stdout=out)
    assert not get_user_model().objects.filter(username__in=["redaktoer", "laeser", "admin"]).exists()
    assert "demobrugere oprettes ikke" in out.getvalue() and "uden andre brugere" in out.getvalue()


@override_settings(DEBUG=True)
def test_make_run_twice_in_a_demo_database_keeps_the_demo_users(db):
    call_command("seed_demo", without_meeting=True, verbosity=0)
    call_command("seed_demo", without_meeting=True, verbosity=0)
    assert get_user_model().objects.filter(username__in=["redaktoer", "laeser", "admin"]).count() == 3
