"""Benchmark: the overview-sheet bilag with many projects (time and peak memory).

    .venv/bin/python -m bench.bilag_overview --projects 500

Runs in a throwaway test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set),
so it never touches the portal's own data.

Memory is reported per process: the parent (this process, as a web worker would be) and the child
that core.pdf forks to run WeasyPrint. The children are forked by multiprocessing's fork server, so
they are not this process's children and getrusage(RUSAGE_CHILDREN) cannot see them; each child
reports its own getrusage(RUSAGE_SELF) peak instead. rss_mib is the larger of the two.
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
        call_command("seed_demo", without_meeting=True, verbosity=0)  # it makes its own meeting of that day
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
        Project(
            pool=pool, name=f"Projekt {i:04d}", description=text.description, status_text=text.status_text, status=start
        )
        for i in range(count - Project.objects.count())
    )
    Allocation.objects.bulk_create(Allocation(project=p, year=2019, amount=500_000 + i) for i, p in enumerate(projects))
    user = get_user_model().objects.create_user("bench")
    committee, _ = Committee.objects.get_or_create(name="Børne- og Ungdomsudvalget")
    meeting = meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=user)
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=False,
        acting_user=user,
        parameters={"pool": pool.pk, "year": 2019, "threshold": 500_000},
    )

    def render():
        return render_pdf(render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag)))

    # The first bilag of a web worker starts the fork server (imports Django and WeasyPrint once);
    # timed on its own so that the per-bilag times below are those of every later bilag.
    began = time.perf_counter()
    render_pdf('<!doctype html><html lang="da"><head><title>Start</title></head><body><p>Start</p></body></html>')
    startup = time.perf_counter() - began

    timings, child_rss = [], []
    for _ in range(repeat):
        began = time.perf_counter()
        rendered = render()
        timings.append(time.perf_counter() - began)
        child_rss.append(rendered.max_rss_mib)
    pdf = rendered.content
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Python allocations of WeasyPrint itself: the child's code run in this process under tracemalloc,
    # last, as tracing slows Python down several times and its bookkeeping inflates this process's RSS.
    from core.pdf_worker import render as render_in_this_process

    html = render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))
    tracemalloc.start()
    render_in_this_process(html)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import io

    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    pack = measure_pack(meeting, bilag, user)
    rss = max(parent_rss, max(child_rss))
    print(f"overview sheet, {Project.objects.count()} projects, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(
        f"  time: best {min(timings):.2f} s, worst {max(timings):.2f} s over {repeat} runs"
        f" (first bilag of a process also starts the fork server: {startup:.2f} s)"
    )
    print(
        f"  peak Python allocations: {peak / 2**20:.0f} MiB; max RSS: parent {parent_rss:.0f} MiB,"
        f" PDF child {max(child_rss):.0f} MiB"
    )
    if as_json:
        import json

        print(
            json.dumps(
                {
                    "projects": Project.objects.count(),
                    "pages": pages,
                    "best_s": min(timings),
                    "worst_s": max(timings),
                    "startup_s": startup,
                    "peak_mib": peak / 2**20,
                    "rss_mib": rss,
                    "parent_rss_mib": parent_rss,
                    "child_rss_mib": max(child_rss),
                    **pack,
                }
            )
        )


def measure_pack(meeting, overview, user) -> dict:
    """The meeting pack of five bilag, one of each kind, this overview sheet among them: the time to issue
    the five (each renders its PDF) and the time to put the issued PDFs together as one PDF and as a zip."""
    import io

    import pypdf

    from demo.management.commands.seed_demo import demo_bilag_parameters
    from meetings.pack import meeting_pack_pdf, meeting_pack_zip
    from meetings.services import bilag_add, bilag_issue

    others = [
        bilag_add(meeting=meeting, kind=kind, parameters=parameters, include_changes=False, acting_user=user)
        for kind, parameters in demo_bilag_parameters()
        if kind != "overview_sheet"
    ]
    began = time.perf_counter()
    for bilag in [overview, *others]:
        bilag_issue(bilag=bilag, acting_user=user)
    issue_s = time.perf_counter() - began
    began = time.perf_counter()
    pdf = meeting_pack_pdf(meeting)
    pack_s = time.perf_counter() - began
    began = time.perf_counter()
    meeting_pack_zip(meeting)
    zip_s = time.perf_counter() - began
    pack_pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"  meeting pack of 5 bilag, {pack_pages} pages: {pack_s:.2f} s (zip {zip_s:.2f} s; issuing the five {issue_s:.2f} s)"
    )
    return {"pack_s": pack_s, "pack_zip_s": zip_s, "pack_pages": pack_pages, "pack_issue_s": issue_s}


if __name__ == "__main__":
    main()
