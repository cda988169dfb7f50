"""Benchmark: the overview-sheet bilag with many projects (time and peak memory).

    .venv/bin/python -m bench.bilag_overview --projects 500

Runs in a throwaway test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set),
so it never touches the portal's own data.
"""

import argparse
import os
import resource
import time
import tracemalloc


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
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
        call_command("seed_demo", verbosity=0)
        run(args.projects, args.repeat, args.json)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(count: int, repeat: int, as_json: bool = False):
    import datetime

    import pypdf
    from django.contrib.auth import get_user_model

    from core.pdf import render_pdf
    from meetings.services import bilag_add, bilag_snapshot, meeting_create, render_bilag_html
    from programs.models import Committee
    from projects.models import Allocation, Pool, Project

    pool = Pool.objects.get()
    start = pool.status_scale.default_value
    text = Project.objects.get(name="Læsecenter")
    projects = Project.objects.bulk_create(
        Project(pool=pool, name=f"Projekt {i:04d}", description=text.description, status_text=text.status_text, status=start)
        for i in range(count - Project.objects.count())
    )
    Allocation.objects.bulk_create(Allocation(project=p, year=2019, amount=500_000 + i) for i, p in enumerate(projects))
    user = get_user_model().objects.create_user("bench")
    committee, _ = Committee.objects.get_or_create(name="Børne- og Ungdomsudvalget")
    meeting = meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=user)
    bilag = bilag_add(meeting=meeting, kind="overview_sheet", include_changes=False, acting_user=user,
                      parameters={"pool": pool.pk, "year": 2019, "threshold": 500_000})

    def render():
        return render_pdf(render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))).content

    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        pdf = render()
        timings.append(time.perf_counter() - began)
    # Memory in a run of its own: tracing allocations slows Python down several times.
    tracemalloc.start()
    render()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import io

    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"overview sheet, {Project.objects.count()} projects, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(f"  time: best {min(timings):.2f} s, worst {max(timings):.2f} s over {repeat} runs")
    print(f"  peak Python allocations: {peak / 2**20:.0f} MiB; process max RSS: {rss:.0f} MiB")
    if as_json:
        import json

        print(json.dumps({"projects": Project.objects.count(), "pages": pages, "best_s": min(timings),
                          "worst_s": max(timings), "peak_mib": peak / 2**20, "rss_mib": rss}))


if __name__ == "__main__":
    main()
