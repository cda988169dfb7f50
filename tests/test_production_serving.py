"""Production serving: static files collected, hashed and compressed for WhiteNoise; gunicorn
serves the portal with persistent connections."""

import json
import os
import socket
import subprocess  # nosec B404 - starts gunicorn
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management.utils import get_random_secret_key

from tests.test_security import SETTINGS_ENV, _production


def test_collectstatic_in_production_writes_hashed_and_compressed_files(tmp_path):
    result = _production(["manage.py", "collectstatic", "--noinput", "-v0"], STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = manifest["css/portal.css"]
    assert css != "css/portal.css" and (tmp_path / css).exists()
    assert (tmp_path / (css + ".gz")).exists() and (tmp_path / (css + ".br")).exists()
    assert "vendor/htmx/htmx.min.js" in manifest and "vendor/bootstrap/bootstrap.min.css" in manifest


def test_production_keeps_database_connections_with_health_checks():
    result = _production(
        [
            "-c",
            "import django; django.setup(); from django.db import connection as c; "
            "print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])",
        ],
        CONN_MAX_AGE="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


def test_gunicorn_serves_the_portal_and_whitenoise_the_compressed_static_files(tmp_path):
    assert _production(["manage.py", "collectstatic", "--noinput", "-v0"], STATIC_ROOT=str(tmp_path)).returncode == 0
    css = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/portal.css"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="viborg_bu.settings",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path),
        CONN_MAX_AGE="60",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "viborg_bu.wsgi",
            "--workers",
            "2",
            "--bind",  # nosec B603
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                login = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)  # nosec B310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        assert login.status == 200 and "Log ind" in login.read().decode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/static/{css}", headers={"Accept-Encoding": "br"})
        static = urllib.request.urlopen(request, timeout=5)  # nosec B310 - loopback
        assert static.headers["Content-Encoding"] == "br"
        assert "max-age=315360000" in static.headers["Cache-Control"]  # hashed names may be cached for ever
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)  # nosec B310 - loopback
        assert home.url.endswith("/login/?next=/")  # every page needs a login, in production too
    finally:
        server.terminate()
        server.wait(10)
