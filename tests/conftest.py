"""Shared personas, seed data and the CI rule that a skipped test is a failure."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import ADMINISTRATOR, EDITOR, OWNER, READER

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same
# tests are still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _persona(username, first, last, group, **flags):
    """The persona, made once: a module's shared data (tests/test_roles.py) may have made her already."""
    found = get_user_model().objects.filter(username=username).first()
    if found is not None:
        return found
    user = get_user_model().objects.create_user(
        username=username, password="hemmelig-kode-42", first_name=first, last_name=last, **flags
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the overview caches by data version)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what the commit of the writes inside would run (core.versions
    gives the caches a new data version after commit). A test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_secretary():
    return _persona("sekretaer", "Sofie", "Sekretær", EDITOR)


def make_administrator():
    return _persona("administrator", "Anna", "Admin", ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def secretary(db):
    """Committee staff: Redaktør."""
    return make_secretary()


@pytest.fixture
def other_secretary(db):
    return _persona("sekretaer2", "Søren", "Sagsbehandler", EDITOR)


@pytest.fixture
def politician(db):
    """A member of Børne- og Ungdomsudvalget: Læser."""
    return _persona("politiker", "Poul", "Politiker", READER)


@pytest.fixture
def owner(db):
    """A head of a unit who owns items and reports on them: Ansvarlig."""
    return _persona("ansvarlig", "Ole", "Ejer", OWNER, email="ole@viborg.example")


@pytest.fixture
def other_owner(db):
    return _persona("ansvarlig2", "Olga", "Overlæge", OWNER, email="olga@viborg.example")


@pytest.fixture
def administrator(db):
    return make_administrator()


@pytest.fixture
def seed(db):
    """The seed documents, loaded the way `make run` loads them, but without the seeded meeting:
    its issued bilag costs a PDF render, and many tests make their own meeting of 26 March 2019. The rows
    are written by `seed_demo` once a worker and copied back after that (tests/seeding.py)."""
    from tests.seeding import load_seed

    load_seed()


@pytest.fixture
def committee(seed):
    from programs.models import Committee

    return Committee.objects.get_or_create(name="Børne- og Ungdomsudvalget")[0]


@pytest.fixture
def meeting(committee, secretary):
    """Børne- og Ungdomsudvalget's meeting of 26 March 2019, the day of seed 001, with no bilag yet."""
    import datetime

    from meetings.services import meeting_create

    return meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=secretary)


@pytest.fixture
def client_for(client):
    """A logged-in test client for a persona: client_for(politician)."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


# --- A skipped test fails the run in CI -------------------------------------------------

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") == "true" and _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("CI") == "true" and _skipped:
        terminalreporter.write_line(
            f"CI=true: {len(_skipped)} skipped test(s) count as failures: " + ", ".join(_skipped), red=True
        )
