"""What a new user and an operator rely on: settings, seed data, demo users, Danish login."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from projects.models import Allocation, Project
from statuses.models import StatusChange


def _start(env):
    code = "import django; django.setup(); print('started')"
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
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
    from statuses.services import status_change
    from statuses.models import StatusValue

    project = Project.objects.get(name="Læsecenter")
    status_change(item=project, expected_version=project.version, new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
                  reason="Ansat", acting_user=secretary)
    before = (Project.objects.count(), Allocation.objects.count(), StatusChange.objects.count())
    call_command("seed_demo", verbosity=0)
    project.refresh_from_db()
    assert (Project.objects.count(), Allocation.objects.count(), StatusChange.objects.count()) == before
    assert project.status.label == "På sporet"


def test_demo_users_are_never_made_when_debug_is_off(db):
    call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.filter(username__in=["redaktoer", "laeser", "admin"]).exists()


@override_settings(DEBUG=True)
def test_demo_users_have_their_roles_and_password_demo(client, db):
    call_command("seed_demo", verbosity=0)
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
