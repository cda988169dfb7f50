"""A backup restored into an empty database has every record, and every issued bilag byte for byte."""

import hashlib
import os
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import overview_sheet

pytestmark = pytest.mark.django_db(transaction=True)

OPS = Path(settings.BASE_DIR) / "ops"


def _url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _table_fingerprints(url):
    """Per table: row count and a checksum of every row's text."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # nosec B608 - table names come from pg_tables
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def issued_bilag(seed, administrator):
    return overview_sheet(acting_user=administrator, issue=True, note="Til mødet")


SECRET_TABLES = ("django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog")


def _backup(tmp_path, name="viborg_bu.dump"):
    dump = tmp_path / name
    env = {**os.environ, "DATABASE_URL": _url(connection.settings_dict["NAME"])}
    subprocess.run([str(OPS / "backup.sh"), str(dump)], check=True, env=env, capture_output=True)  # nosec B603
    return dump


def _restored(dump):
    """A new database with `dump` restored into it (dropped by the caller)."""
    target_name = f"restore_check_{os.getpid()}"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        conn.execute(f'CREATE DATABASE "{target_name}"')
    env = {**os.environ, "DATABASE_URL": _url(target_name)}
    subprocess.run([str(OPS / "restore.sh"), str(dump)], check=True, env=env, capture_output=True)  # nosec B603
    return target_name


def test_a_backup_restores_into_an_empty_database_with_every_record_and_bilag_byte_identical(issued_bilag, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Backup og gendannelse prøves med pg_dump/pg_restore som i drift")
    source = _url(connection.settings_dict["NAME"])
    target_name = f"restore_check_{os.getpid()}"
    admin = _url("postgres")
    dump = tmp_path / "viborg_bu.dump"
    env = {**os.environ, "DATABASE_URL": source}
    subprocess.run([str(OPS / "backup.sh"), str(dump)], check=True, env=env, capture_output=True)  # nosec B603
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        conn.execute(f'CREATE DATABASE "{target_name}"')
    try:
        env["DATABASE_URL"] = _url(target_name)
        subprocess.run([str(OPS / "restore.sh"), str(dump)], check=True, env=env, capture_output=True)  # nosec B603
        before, after = _table_fingerprints(source), _table_fingerprints(_url(target_name))
        assert before == after
        assert before["meetings_bilagversion"][0] == 1 and before["projects_project"][0] == 6
        with psycopg.connect(_url(target_name)) as conn:
            pdf, sha = conn.execute("SELECT pdf, sha256 FROM meetings_bilagversion").fetchone()
        assert bytes(pdf) == bytes(issued_bilag.pdf)
        assert hashlib.sha256(bytes(pdf)).hexdigest() == sha == issued_bilag.sha256
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')


def test_a_backup_is_the_owner_s_alone_and_holds_no_live_session_or_login_attempt(seed, politician, tmp_path):
    """An administrator's nightly backup: 0600 even over an old 0644 file, and without the politician's
    live session key or the record of a wrong password."""
    if connection.vendor != "postgresql":
        pytest.skip("Backup og gendannelse prøves med pg_dump/pg_restore som i drift")
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session
    from django.test import Client

    Client().force_login(politician)
    Client().post("/login/", {"username": "politiker", "password": "forkert-adgangskode"})
    assert Session.objects.exists() and AccessAttempt.objects.exists()
    old = tmp_path / "viborg_bu.dump"
    old.write_bytes(b"")
    old.chmod(0o644)

    dump = _backup(tmp_path)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    session_key = Session.objects.get().session_key
    assert session_key.encode() not in dump.read_bytes()
    target_name = _restored(dump)
    try:
        with psycopg.connect(_url(target_name)) as conn:
            for table in SECRET_TABLES:
                assert conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == 0, table  # nosec B608
            assert conn.execute("SELECT count(*) FROM projects_project").fetchone()[0] == 6
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
