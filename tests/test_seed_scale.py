"""`seed_demo --scale N`: synthetic data about N times the seed, the same for the same seed, with a
status history that agrees with every item's status and with the items' history on any past day."""

import datetime
import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from agreements.models import Activity, Agreement
from demo.scale import PROJECTS_PER_COPY
from goals.models import Goal, Indicator, Measurement
from initiatives.models import Initiative
from meetings.models import Meeting
from programs.models import BudgetProposal, Programme
from projects.models import Allocation, Pool, Project
from statuses.models import StatusChange

STATUS_TRACKED = [Project, BudgetProposal, Activity, Initiative]
MAIN_KINDS = [Project, Initiative, Goal, Programme, BudgetProposal, Agreement, Activity]


def seed_demo(*args, **options):
    # Without the seeded meeting (its bilag costs a PDF render): the synthetic meetings are counted here.
    call_command("seed_demo", *args, without_meeting=True, verbosity=0, stdout=StringIO(), **options)


def counts():
    return {model.__name__: model.objects.count() for model in MAIN_KINDS}


@pytest.fixture
def scaled(db):
    seed_demo(scale=2)


def synthetic_projects():
    return Project.objects.filter(pool__name__startswith="Syntetisk pulje")


def fingerprint() -> str:
    """A checksum of the synthetic rows' values (not their ids)."""
    rows = []
    rows += Project.objects.values_list(
        "name", "pool__name", "description", "status__slug", "status_changed_at", "version", "start_month", "end_month"
    )
    rows += Allocation.objects.values_list("project__name", "year", "amount")
    rows += Initiative.objects.values_list(
        "area__plan__slug", "area__name", "theme__name", "text", "status__slug", "status_changed_at"
    )
    rows += Activity.objects.values_list(
        "agreement__name", "name", "hours_per_week", "status__slug", "status_changed_at"
    )
    rows += BudgetProposal.objects.values_list(
        "title", "date", "status__slug", "economy_lines__year", "economy_lines__amount"
    )
    rows += Goal.objects.values_list("number", "text")
    rows += Indicator.objects.values_list("name", "baseline_value", "baseline_year", "data_source")
    rows += Measurement.objects.values_list("indicator__name", "measured_on", "value", "entered_at")
    rows += StatusChange.objects.values_list(
        "content_type__model", "old_value__slug", "new_value__slug", "reason", "changed_at"
    )
    rows += Meeting.objects.values_list("date", "title")
    rows += Project.history.values_list("name", "history_type", "history_date", "status__slug")
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()


class RolledBack(Exception):
    pass


def fingerprint_of_a_fresh_run(**options) -> str:
    """Seed an empty database, take the checksum, and roll everything back again."""
    try:
        with transaction.atomic():
            assert not Project.objects.exists()
            seed_demo(**options)
            result = fingerprint()
            raise RolledBack
    except RolledBack:
        return result


def test_scale_2_holds_twice_the_seeds_initiatives_goals_and_agreements_and_a_second_pool(db):
    seed_demo()
    seed = counts()
    seed_demo(scale=2)  # on top of a loaded seed, as on a second `make run`
    expected = {name: 2 * n for name, n in seed.items()}
    expected["Project"] = seed["Project"] + PROJECTS_PER_COPY  # a synthetic pool has more than the sheet's six
    assert counts() == expected
    assert Pool.objects.count() == 2
    assert Indicator.objects.filter(goal__isnull=False).exists() and Measurement.objects.exists()
    years = Meeting.objects.dates("date", "year")
    assert len(years) >= 8 and Meeting.objects.count() == 10 * len(years)


def test_without_scale_and_at_scale_1_there_is_only_the_seed(db):
    seed_demo()
    seed = counts()
    seed_demo(scale=1)
    assert counts() == seed
    assert not StatusChange.objects.exists()
    assert not get_user_model().objects.filter(username="syntetisk").exists()


def test_running_it_again_changes_nothing(scaled):
    before = fingerprint()
    seed_demo(scale=2)
    seed_demo(scale=3)
    assert fingerprint() == before


def test_the_same_random_seed_gives_the_same_data_and_another_seed_other_data(db):
    first = fingerprint_of_a_fresh_run(scale=2)
    assert fingerprint_of_a_fresh_run(scale=2, random_seed=1) == first
    assert fingerprint_of_a_fresh_run(scale=2, random_seed=2) != first


def test_synthetic_rows_say_they_are_synthetic_and_their_author_cannot_log_in(scaled):
    assert all(name.startswith("Projekt ") for name in synthetic_projects().values_list("name", flat=True))
    assert all(d.startswith("Syntetiske testdata") for d in synthetic_projects().values_list("description", flat=True))
    author = get_user_model().objects.get(username="syntetisk")
    assert not author.has_usable_password() and not author.is_active
    assert set(StatusChange.objects.values_list("changed_by__username", flat=True)) == {"syntetisk"}


def test_every_item_stands_where_its_last_status_change_left_it(scaled):
    for model in STATUS_TRACKED:
        assert_items_agree_with_their_changes(model)


def assert_items_agree_with_their_changes(model):
    content_type = ContentType.objects.get_for_model(model)
    changes = {}
    for change in StatusChange.objects.filter(content_type=content_type).order_by("changed_at", "id"):
        changes.setdefault(change.object_id, []).append(change)
    assert changes, f"no status changes for {model.__name__}"
    for item in model.objects.filter(pk__in=changes):
        chain = changes[item.pk]
        assert item.status_id == chain[-1].new_value_id
        assert item.status_changed_at == chain[-1].changed_at
        assert item.version == 1 + len(chain)
        # one unbroken chain on the item's own scale, from its scale's starting value
        assert chain[0].old_value == item.status.scale.default_value
        assert all(a.new_value_id == b.old_value_id for a, b in zip(chain, chain[1:]))
        assert {c.new_value.scale_id for c in chain} == {item.status.scale_id}
        assert item.history.order_by("-history_date").first().status_id == item.status_id
    assert all(c.changed_at < timezone.now() for chain in changes.values() for c in chain)


def test_the_history_on_a_past_day_shows_the_status_of_that_day(scaled):
    past = timezone.now() - datetime.timedelta(days=3 * 365)
    then = {p.pk: p.status_id for p in Project.history.as_of(past) if p.pool.name.startswith("Syntetisk")}
    now = dict(synthetic_projects().values_list("pk", "status_id"))
    assert then, "some synthetic projects existed three years ago"
    assert Counter(then.values()) != Counter(now.values())
    assert any(then[pk] != now[pk] for pk in then)
    # and it is the status the change log gives for that day
    project_type = ContentType.objects.get_for_model(Project)
    for pk, status_id in then.items():
        last = StatusChange.objects.filter(content_type=project_type, object_id=pk, changed_at__lte=past).first()
        expected = last.new_value_id if last else Project.objects.get(pk=pk).status.scale.default_value.pk
        assert status_id == expected


def test_status_changes_come_before_the_committees_meetings(scaled):
    meetings = sorted(Meeting.objects.values_list("date", flat=True))
    days = [timezone.localtime(at).date() for at in StatusChange.objects.values_list("changed_at", flat=True)]
    assert all(day.weekday() < 5 for day in days)
    within_ten_days = sum(any(0 < (m - day).days <= 10 for m in meetings) for day in days)
    assert within_ten_days / len(days) > 0.9


@pytest.mark.parametrize("value", ["0", "-2", "to"])
def test_scale_must_be_a_whole_number_from_1(db, value):
    with pytest.raises(CommandError, match="--scale"):
        seed_demo("--scale", value)
