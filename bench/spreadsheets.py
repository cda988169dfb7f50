"""Benchmark: the staged import of 5 000 projects (issue 19, ADR 0022) — preview, apply and peak memory.

    .venv/bin/python -m bench.spreadsheets [--rows 5000] [--json]

Runs in a throwaway test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set), so it never
touches the portal's own data. It adds projects (two years of allocations each) until there are `--rows`
(the most one file may hold, spreadsheets.reading.MAX_ROWS), exports the
project list's spreadsheet as XLSX the way "Hent Excel" does, changes every row (a status text and an
amount), and then times, as the pages and the worker run them:

- preview_s: reading the file and comparing every row with what is stored (spreadsheets.services.batch_stage);
- apply_s: saving every row through the project services in one transaction (batch_apply);
- rss_mib: the process's peak resident memory over the whole run (getrusage), file and preview included.

Targets (issue 19): preview of 5 000 rows ≤ 10 s, apply ≤ 20 s, peak memory ≤ 300 MiB.

From bench/run.py: `measure(env)` runs this module in its own process (so that its peak memory is its
own) and returns the figures as a dict.
"""

import argparse
import json
import os
import resource
import subprocess  # nosec B404 - runs our own module
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"preview_s": 10.0, "apply_s": 20.0, "rss_mib": 300.0}


def measure(env=None, rows: int = 5000) -> dict:
    """The figures of one run in a fresh process: {"rows", "preview_s", "apply_s", "rss_mib", "ok", …}."""
    out = subprocess.run(  # nosec B603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.spreadsheets", "--rows", str(rows), "--json"],
        cwd=ROOT,
        env=env or os.environ.copy(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "viborg_bu.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", without_meeting=True, verbosity=0)
        figures = run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for name, value in figures.items():
        print(f"{name:>12}: {value}")
    if args.json:
        print(json.dumps(figures))


def make_projects(count: int):
    from projects.models import Allocation, Pool, Project

    pool = Pool.objects.get()
    start = pool.status_scale.default_value
    projects = Project.objects.bulk_create(
        Project(pool=pool, name=f"Bench-projekt {n:05d}", description=f"Beskrivelse af projekt {n}.", status=start)
        for n in range(count)
    )
    Allocation.objects.bulk_create(
        Allocation(project=project, year=year, amount=100_000 + n)
        for n, project in enumerate(projects)
        for year in (2025, 2026)
    )


def changed_file(count: int) -> bytes:
    """Today's export of every project, as "Hent Excel" writes it, with every bench project changed."""
    import io

    import openpyxl

    from core.exports import xlsx_bytes
    from projects.selectors import project_rows
    from projects.sheets import ProjectSheet

    columns, rows = ProjectSheet().export_table(project_rows())
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(columns, rows, title="Projekter")))
    sheet = book.active
    header = {cell.value: cell.column for cell in sheet[1]}
    for line in range(2, sheet.max_row + 1):
        if str(sheet.cell(line, header["Projektnavn"]).value).startswith("Bench-projekt"):
            sheet.cell(line, header["Statusbeskrivelse"]).value = "Status fra regnearket."
            sheet.cell(line, header["Disponeret 2026"]).value = 250_000
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run(count: int) -> dict:
    from django.contrib.auth import get_user_model

    from projects.models import Project
    from spreadsheets.models import ImportBatch
    from spreadsheets.services import batch_apply, batch_create, batch_stage

    user = get_user_model().objects.create_user(username="bench-import", password=None)
    make_projects(count - Project.objects.count())  # the file has `count` rows: the seed's and the bench's
    content = changed_file(count)

    batch = batch_create(kind="projekter", file_name="projekter.xlsx", content=content, acting_user=user)
    started = time.perf_counter()
    batch = batch_stage(batch.pk)
    preview_s = time.perf_counter() - started
    assert batch.state == ImportBatch.STAGED, batch.errors
    counts = batch.counts

    started = time.perf_counter()
    batch = batch_apply(batch.pk, acting_user=user)
    apply_s = time.perf_counter() - started
    assert batch.state == ImportBatch.APPLIED, batch.refused

    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "rows": count,
        "file_kib": round(len(content) / 1024),
        "changed": counts["changed"],
        "preview_s": round(preview_s, 2),
        "apply_s": round(apply_s, 2),
        "rss_mib": round(rss_mib, 1),
    }
    figures["ok"] = all(figures[name] <= limit for name, limit in TARGETS.items())
    return figures


if __name__ == "__main__":
    main()
