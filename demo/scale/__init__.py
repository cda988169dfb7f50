"""Synthetic data at scale: `manage.py seed_demo --scale N [--random-seed S]`.

The seed documents are Viborg at scale 1. Scale N adds N − 1 synthetic copies of their shape, so
that the portal holds about N times the seed's projects (with allocations and sub-projects),
programmes and budget proposals (with funding and economy lines), goals, delaftaler (with delmål,
activities and municipal targets) and Lys i øjnene initiatives. The seed's own rows are not changed.

On top comes what the seed has too little of to test with: the committee's meetings (about ten a
year), years of status changes (most of them in the days before a meeting), indicators with
baseline, targets and yearly measurements, links to goals, and for every synthetic row the
simple-history rows that make `Model.history.as_of(date)` give the row as it stood that day (a
status-tracked item's status included). Every status-tracked item's `status`, `status_changed_at`
and `version` agree with its last `StatusChange` and its newest history row.

Names say that the data are synthetic: numbered ("Projekt 0123 – Læsning i indskolingen"), under
"Syntetisk pulje 03", with descriptions that start with "Syntetiske testdata". The changes are
written by the user "syntetisk", who cannot log in.

The same scale, random seed and day give the same rows: each area draws from a random generator of
its own, and dates count back from `today`. Rows go in with bulk_create in batches, on SQLite and
PostgreSQL alike. Running the command again changes nothing (the user "syntetisk" marks that the
data are there).
"""

import time
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .agreements import create_agreements
from .base import PROJECTS_PER_COPY, USERNAME, Context, scale_argument
from .goals import create_goal_links, create_goals, create_indicators
from .initiatives import create_initiatives
from .meetings import create_meetings
from .programmes import create_programmes
from .projects import create_projects

__all__ = ["PROJECTS_PER_COPY", "scale_argument", "seed_scale"]

# --- Entry point -----------------------------------------------------------------------------------


def create_synthetic_user():
    user = get_user_model()(username=USERNAME, first_name="Syntetiske", last_name="data", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


LABELS = {
    "meetings": "møder",
    "goals": "mål",
    "programmes": "programmer",
    "budget_proposals": "budgetforslag",
    "projects": "projekter",
    "allocations": "disponeringer",
    "agreements": "delaftaler",
    "activities": "aktiviteter",
    "indicators": "indikatorer",
    "measurements": "målinger",
    "initiatives": "indsatser",
    "status_changes": "statusændringer",
    "goal_links": "forbindelser til mål",
}


def seed_scale(*, scale: int, random_seed: int = 1, today: date | None = None, log=print) -> dict:
    """Add N − 1 synthetic copies of the seed's shape; see the module docstring. Returns row counts."""
    if scale <= 1:
        return {}
    if get_user_model().objects.filter(username=USERNAME).exists():
        log(f"  syntetiske data: findes allerede (bruger “{USERNAME}”), springes over")
        return {}
    began = time.perf_counter()
    with transaction.atomic():
        ctx = Context(
            scale=scale, random_seed=random_seed, today=today or timezone.localdate(), user=create_synthetic_user()
        )
        counts = {"meetings": create_meetings(ctx=ctx)}
        goals = create_goals(ctx=ctx)["goals"]
        programmes = create_programmes(ctx=ctx, goals=goals)
        projects = create_projects(ctx=ctx, programmes=programmes["programmes"], goals=goals)
        agreements = create_agreements(ctx=ctx, goals=goals)
        indicators = create_indicators(ctx=ctx, goals=goals, sub_goals=agreements["sub_goals"])
        initiatives = create_initiatives(ctx=ctx, goals=goals)
        links = programmes["goal_links"] + projects["goal_links"] + agreements["goal_links"] + initiatives["goal_links"]
        counts.update(
            goals=sum(len(g) for g in goals.values()),
            programmes=len(programmes["programmes"]),
            budget_proposals=len(programmes["proposals"]),
            projects=len(projects["projects"]),
            allocations=projects["allocations"],
            agreements=len(agreements["agreements"]),
            activities=len(agreements["activities"]),
            **indicators,
            initiatives=len(initiatives["initiatives"]),
            status_changes=sum(area["status_changes"] for area in (programmes, projects, agreements, initiatives)),
            goal_links=create_goal_links(ctx=ctx, links=links),
        )
    log(
        f"  syntetiske data (--scale {scale}, --random-seed {random_seed}): "
        + ", ".join(f"{n} {LABELS[name]}" for name, n in counts.items())
        + f" – {time.perf_counter() - began:.1f} s"
    )
    return counts
