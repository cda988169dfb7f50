"""A backup restored into an empty database has every record, and every issued bilag byte for byte."""

import hashlib
import os
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
