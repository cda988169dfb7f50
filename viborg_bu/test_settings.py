"""Settings for the test suite: the real settings with a throwaway key and a fast hasher.

The tests run with DEBUG off (as in production) but over plain http on 127.0.0.1 (the test client
and pytest-django's live server), so the HTTPS-only settings are switched off here and only here.
"""

import hashlib
import os
import tempfile

# Long and varied enough for the production check on SECRET_KEY; not a secret.
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The test client and live server serve static files from the finders; no collectstatic needed.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# Plain http: no redirect to https, no HSTS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The session's expiry is moved on (one write) at most once in this long: longer than any test, so
# that the query budgets in the tests never count a session write. Tests of the idle limit move the
# stored timestamps instead (tests/test_security_sessions.py).
SESSION_REFRESH_INTERVAL = 15 * 60

# Tasks run inside `enqueue`, in the test's transaction (django-tasks' ImmediateBackend); the worker tests
# switch to the database queue and start a real `manage.py db_worker` (tests/test_bilag_worker.py).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Parallel runs (pytest-xdist, ADR 0021): each worker has its own test database (test_<name>_gw0, …) and
# its own render locks, so that one worker's PDF render never takes the render slot of another's test.
# Named by the code's folder and the database too, so two checkouts running their tests do not meet.
if os.environ.get("PDF_LOCK_DIR"):  # a process a test starts (a worker) shares the test's render locks
    PDF_LOCK_DIR = os.environ["PDF_LOCK_DIR"]
elif os.environ.get("PYTEST_XDIST_WORKER"):
    _lock_name = f"{BASE_DIR}:{DATABASES['default'].get('NAME')}"  # noqa: F405
    PDF_LOCK_DIR = os.path.join(
        tempfile.gettempdir(),
        f"viborg_bu-pdf-{hashlib.sha256(_lock_name.encode()).hexdigest()[:16]}-{os.environ['PYTEST_XDIST_WORKER']}",
    )
