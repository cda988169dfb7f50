"""A real background worker (`manage.py db_worker`) against the test database, for the worker tests.

The tests' settings run tasks at once (ImmediateBackend); a worker test switches to the database queue
with `database_queue` and starts the worker as a separate process, which reads the jobs the test has
committed (so its tests are `django_db(transaction=True)`)."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def worker_environment(**extra) -> dict:
    """The environment of a process that uses the test database (pytest-django's `test_<name>`)."""
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "the worker tests run on PostgreSQL"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "viborg_bu.test_settings",
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": DATABASE_QUEUE,
        "DEBUG": "0",
        # The test's own render locks (a parallel test worker has its own): a test holding the slot holds
        # it for the worker too.
        **({"PDF_LOCK_DIR": settings.PDF_LOCK_DIR} if settings.PDF_LOCK_DIR else {}),
        **extra,
    }


def start_worker(*extra, log_path, **environment) -> subprocess.Popen:
    """`manage.py db_worker` in its own process; `--batch` makes it run what is queued and exit."""
    log = open(log_path, "ab")  # noqa: SIM115 - the process writes to it until it ends
    return subprocess.Popen(
        [sys.executable, str(MANAGE), "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *extra],
        env=worker_environment(**environment),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=settings.BASE_DIR,
    )


def run_worker_until_idle(log_path, timeout=90) -> None:
    """Run every queued job in a real worker process and wait for it to finish."""
    worker = start_worker("--batch", log_path=log_path)
    try:
        assert worker.wait(timeout) == 0, Path(log_path).read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def wait_until(condition, timeout=30, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}")
