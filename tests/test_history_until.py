"""Each history row knows until when it stood (core.history_until): the past is read with one filter
instead of simple-history's anti-join, and must read exactly as before, however the rows were written."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core import private_api
from core.batching import batched
from core.history_until import history_models, install, standing_at
from core.timetravel import history_as_of, rows_as_of
from projects.models import Allocation, Pool, Project
from projects.services import project_create, project_update

from .test_batched_history import a_project_s_life, partners  # noqa: F401  (a fixture)


def rows_out_of_step() -> list[str]:
    """History rows whose history_until is not the time of their item's next row (newest: empty)."""
    wrong = []
    for model in history_models():
        rows = list(
            model.objects.order_by("id", "history_date", "history_id").values_list(
                "id", "history_date", "history_until", "history_id"
            )
        )
        for row, following in zip(rows, [*rows[1:], None]):
            expected = following[1] if following and following[0] == row[0] else None
            if row[2] != expected:
                wrong.append(f"{model._meta.label} {row[3]}: {row[2]} ≠ {expected}")
    return wrong


def as_simple_history_reads_it(model, moment) -> dict:
    """{item id: history_id} as simple-history's as_of() finds it (its anti-join; of rows saved in the
    same instant it keeps both, and the later one is the one that stood)."""
    found: dict = {}
    for item_id, history_id in private_api.as_records(model.history.as_of(moment)).values_list("id", "history_id"):
        found[item_id] = max(found.get(item_id, 0), history_id)
    return found


def as_the_portal_reads_it(model, moment) -> dict:
    return dict(private_api.as_records(history_as_of(model, moment)).values_list("id", "history_id"))


def test_every_kind_of_the_seed_reads_the_past_as_simple_history_does(seed):
    """Every history table of the demo data, at its first and middle moments, a second after, and now."""
    assert not rows_out_of_step()
    compared = 0
    for model in history_models():
        dates = list(model.objects.order_by("history_date").values_list("history_date", flat=True))
        if not dates:
            continue
        middle = dates[len(dates) // 2]
        for moment in (dates[0], middle, middle + datetime.timedelta(seconds=1), dates[-1], timezone.now()):
            assert as_the_portal_reads_it(model.instance_type, moment) == as_simple_history_reads_it(
                model.instance_type, moment
            ), (model, moment)
            compared += 1
    assert compared > 60


@pytest.fixture
def pool(seed):
    return Pool.objects.order_by("pk").first()


def test_a_secretary_s_edits_close_each_earlier_version(secretary, pool):
    data = {"name": "Læsebussen", "description": "Læsning i indskolingen.", "status_text": ""}
    project = project_create(pool=pool, data=data, partners=[], allocations={2026: 100_000}, acting_user=secretary)
    first_saved = timezone.now()
    project = project_update(
        project=project,
        data={**data, "status_text": "I gang."},
        partners=None,
        allocations={2026: 150_000},
        expected_version=project.version,
        acting_user=secretary,
    )
    rows = list(project.history.order_by("history_date", "history_id"))
    assert [row.history_until for row in rows] == [rows[1].history_date, None]
    assert not rows_out_of_step()
    # Read as it stood just after it was created: the first version, 100.000 kr. then.
    past = rows_as_of(Project, first_saved).get(id=project.pk)
    assert past.status_text == ""
    assert rows_as_of(Allocation, first_saved).get(project_id=project.pk).amount == 100_000
    assert rows_as_of(Project, timezone.now()).get(id=project.pk).status_text == "I gang."


def a_project_written_twice(pool, name, first, then, acting_user):
    """A project saved with the status text `first`, then changed to `then`."""
    data = {"name": name, "description": "", "status_text": first}
    project = project_create(pool=pool, data=data, partners=[], allocations={}, acting_user=acting_user)
    return project_update(
        project=project,
        data={**data, "status_text": then},
        partners=None,
        allocations=None,
        expected_version=project.version,
        acting_user=acting_user,
    )


def test_of_two_versions_saved_in_the_same_instant_the_later_one_stood(secretary, pool):
    project = a_project_written_twice(pool, "Sprogløft", "Først", "Sidst", secretary)
    moment = timezone.now() - datetime.timedelta(days=3)
    project.history.update(history_date=moment)  # as the seed dates its rows: the trigger follows an update too
    assert not rows_out_of_step()
    assert rows_as_of(Project, moment).get(id=project.pk).status_text == "Sidst"
    assert not rows_as_of(Project, moment - datetime.timedelta(seconds=1)).filter(id=project.pk).exists()


def test_a_removed_history_row_reopens_the_version_before_it(secretary, pool):
    project = a_project_written_twice(pool, "Trivselsløft", "Før", "Efter", secretary)
    project.history.order_by("-history_date", "-history_id").first().delete()
    assert not rows_out_of_step()
    assert rows_as_of(Project, timezone.now()).get(id=project.pk).status_text == "Før"


def test_a_deleted_item_is_gone_from_the_present_and_there_in_the_past(secretary, pool):
    project = a_project_written_twice(pool, "Lukket", "", "Set", secretary)
    before = timezone.now()
    Project.objects.filter(pk=project.pk).first().delete()
    assert not rows_out_of_step()
    assert not rows_as_of(Project, timezone.now()).filter(id=project.pk).exists()
    assert rows_as_of(Project, before).filter(id=project.pk).exists()


def test_a_confirmed_import_s_rows_written_together_are_closed_too(seed, secretary, partners):  # noqa: F811
    with transaction.atomic(), batched():
        a_project_s_life("Importeret", partners, secretary)
        a_project_s_life("Også importeret", partners, secretary)
    assert not rows_out_of_step()


def test_migrate_brings_every_row_up_to_date(secretary, pool):
    """Rows written while the column was not kept (before the migration, or with the triggers gone)."""
    project = a_project_written_twice(pool, "Gammel", "", "Set", secretary)
    Project.history.model.objects.filter(id=project.pk).update(history_until=timezone.now())
    install()  # what runs after migrate
    assert not rows_out_of_step()


def test_every_history_table_has_the_index_that_reads_the_past_without_a_full_scan(db):
    """On PostgreSQL "as it stood at a moment" is a range containment a GiST index answers; SQLite
    (`make run`) reads the plain filter."""
    tables = {model._meta.db_table for model in history_models()}
    sql = str(standing_at(Project.history.all(), timezone.now()).query)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_standing"])
            indexed = {table for table, definition in cursor.fetchall() if "gist (tstzrange(history_date" in definition}
        assert indexed == tables
        assert "tstzrange(" in sql
    else:
        assert "history_until" in sql and "tstzrange" not in sql


def test_every_history_table_has_the_triggers(db):
    tables = {model._meta.db_table for model in history_models()}
    assert len(tables) > 30
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT event_object_table, event_manipulation FROM information_schema.triggers")
        else:
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        # The event is named before " ON <table>" (on SQLite every trigger's body is an UPDATE).
        found = {
            (table, next(e for e in ("INSERT", "UPDATE", "DELETE") if e in text.upper().split(" ON ", 1)[0]))
            for table, text in cursor.fetchall()
        }
    for table in tables:
        assert {(table, "INSERT"), (table, "UPDATE"), (table, "DELETE")} <= found, table
