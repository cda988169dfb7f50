"""The cache for many servers (issue 18, ADR 0019): shared through a real Redis/Valkey server, keyed by the
release, dropped only by changes to what a page read, and never stale."""

import os
import socket
import subprocess  # nosec B404 - the test starts the portal's own app servers
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Activity
from agreements.services import ACTIVITY_FIELDS, activity_update
from programs.models import Programme
from projects.models import Pool, Project
from projects.services import project_create, project_update

# One Redis database per parallel test worker (pytest-xdist), so that one's clear() spares the other's.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)[0] + f"/{15 - _WORKER}"
PROJECTS, PROGRAMMES = "/projekter/", "/programmer/"


@pytest.fixture
def redis_cache(settings):
    """The portal's cache on the real Redis (or Valkey) server CI starts; emptied before and after."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"viborg_bu:{settings.RELEASE}",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def rename_activity(activity, name, user):
    data = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    return activity_update(
        activity=activity, data={**data, "name": name}, expected_version=activity.version, acting_user=user
    )


def test_the_cache_is_the_shared_redis_server_and_its_keys_carry_the_release(redis_cache, client_for, politician, seed):
    import redis

    client_for(politician).get(PROJECTS)
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).keys("*")]
    assert any(key.startswith(f"viborg_bu:{settings.RELEASE}:") and "liste:" in key for key in keys), keys


def test_another_release_never_reads_this_releases_pages(redis_cache, settings, client_for, politician, seed):
    reader = client_for(politician)
    reader.get(PROJECTS)
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "KEY_PREFIX": "viborg_bu:naeste"}}
    assert cache.get_many([]) == {}
    fresh = queries_of(reader, PROJECTS)
    cached = queries_of(reader, PROJECTS)
    assert fresh > cached  # the other release renders the page itself, then has it cached


def test_a_change_elsewhere_leaves_the_project_list_cached_and_a_project_change_drops_it(
    redis_cache, client_for, politician, secretary, seed, committed
):
    reader = client_for(politician)
    reader.get(PROJECTS)
    cached = queries_of(reader, PROJECTS)
    with committed():
        rename_activity(Activity.objects.order_by("pk").first(), "Omdøbt aktivitet", secretary)
    assert queries_of(reader, PROJECTS) == cached  # a delaftale's activity cannot show on the project list

    project = Project.objects.get(name="Læsecenter")
    with committed():
        project_update(
            project=project,
            data={"name": "Læsecenter Nord", "description": project.description},
            partners=list(project.partners.all()),
            allocations={a.year: a.amount for a in project.allocations.all()},
            expected_version=project.version,
            acting_user=secretary,
        )
    assert "Læsecenter Nord" in reader.get(PROJECTS).content.decode()


def test_a_project_added_to_a_programme_shows_at_once_in_the_programme_lists_count(
    redis_cache, client_for, politician, secretary, seed, committed
):
    """The programme list counts projects, whose app sits above it: what a page read, not what its app
    imports, decides what drops it."""
    reader = client_for(politician)
    programme = Programme.objects.order_by("pk").first()
    before = reader.get(PROGRAMMES).content.decode()
    with committed():
        project_create(
            pool=Pool.objects.order_by("pk").first(),
            data={"name": "Nyt programprojekt", "description": "x", "programme": programme},
            allocations={},
            acting_user=secretary,
        )
    after = reader.get(PROGRAMMES).content.decode()
    assert before != after
    assert programme.projects.count() == Project.objects.filter(programme=programme).count()


# --- Two app servers sharing the cache -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.fixture
def two_servers(redis_cache):
    """Two gunicorn app servers of the portal on the test database and the shared Redis cache."""
    if connection.vendor != "postgresql":
        pytest.skip("To app-servere deler en database: prøves på PostgreSQL, som i drift og CI")
    ports, processes = [_free_port(), _free_port()], []
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": REDIS_URL,
        "RELEASE": settings.RELEASE,
        "DJANGO_SETTINGS_MODULE": "viborg_bu.settings",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    for port in ports:
        processes.append(
            subprocess.Popen(  # nosec B603 - fixed arguments
                [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "viborg_bu.wsgi"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for port in ports:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_sharing_the_cache_never_serve_a_stale_list_after_a_write(two_servers, politician, secretary):
    from django.core.management import call_command
    from django.test import Client

    call_command("seed_demo", without_meeting=True, verbosity=0)
    browser = Client()
    browser.force_login(politician)  # a session in the shared database, as a login makes it
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value

    def get(server, path):
        request = urllib.request.Request(server + path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
        with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310 - our own test server
            return response.read().decode()

    first, second = two_servers
    assert "Læsecenter" in get(first, PROJECTS) and "Læsecenter" in get(second, PROJECTS)  # both cached now
    project = Project.objects.get(name="Læsecenter")
    project_update(
        project=project,
        data={"name": "Læsecenter Syd", "description": project.description},
        partners=[],
        allocations={a.year: a.amount for a in project.allocations.all()},
        expected_version=project.version,
        acting_user=secretary,
    )
    for server in (second, first):
        page = get(server, PROJECTS)
        assert "Læsecenter Syd" in page and ">Læsecenter<" not in page, server
