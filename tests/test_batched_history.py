"""A confirmed import writes its history rows together at its end (core.history, issue 19). What an
auditor or a page of the past reads must not tell the difference: the same rows, users, order and
partners as when each save writes its own row at once."""

import pytest
from django.db import transaction

from core.batching import batched
from projects.models import Allocation, Partner, Pool, Project
from projects.services import project_create, project_update


@pytest.fixture
def partners(db):
    return [Partner.objects.create(name=name) for name in ("Læsekonsulenterne", "VIA University College")]


def a_project_s_life(name, partners, acting_user):
    """Created with one partner, given a second and a new year, left with the second alone, then evaluated."""
    first, second = partners
    data = {"name": name, "description": "Sprogindsats i dagtilbud.", "status_text": ""}
    project = project_create(
        pool=Pool.objects.get(), data=data, partners=[first], allocations={2019: 100_000}, acting_user=acting_user
    )
    project = project_update(
        project=project,
        data={**data, "status_text": "I gang."},
        partners=[first, second],
        allocations={2019: 150_000, 2020: 200_000},
        expected_version=project.version,
        acting_user=acting_user,
    )
    project = project_update(
        project=project,
        data={**data, "status_text": "Afsluttet."},
        partners=[second],
        allocations={2020: 200_000},
        expected_version=project.version,
        acting_user=acting_user,
    )
    # Saved once more, its partners untouched: two of its rows wait for their snapshot together.
    return project_update(
        project=project,
        data={**data, "status_text": "Evalueret."},
        partners=None,
        allocations=None,
        expected_version=project.version,
        acting_user=acting_user,
    )


def what_the_history_tells(project):
    rows = [
        (
            record.history_type,
            record.history_user_id,
            record.version,
            record.status_text,
            sorted(partner.partner.name for partner in record.partners.all()),
        )
        for record in project.history.order_by("history_date", "history_id")
    ]
    money = list(
        Allocation.history.filter(project_id=project.pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", "history_user_id", "year", "amount")
    )
    return rows, money


@pytest.mark.parametrize("chunk", [500, 1], ids=["one read", "a read per row"])
def test_a_secretary_s_import_leaves_the_same_history_as_her_saves_one_by_one(
    seed, secretary, partners, chunk, monkeypatch
):
    # A large import reads and writes in chunks of 500; a chunk of one shows that an item saved more than
    # once is snapshotted once, wherever the chunks fall.
    monkeypatch.setattr("core.history.CHUNK", chunk)
    one_by_one = a_project_s_life("Sprogstart", partners, secretary)
    with transaction.atomic(), batched():
        together = a_project_s_life("Sprogstart 2", partners, secretary)
        assert together.history.count() == 0  # still waiting: written when the batch ends

    assert what_the_history_tells(together) == what_the_history_tells(one_by_one)
    rows, money = what_the_history_tells(together)
    assert [partners for *_, partners in rows][-1] == ["VIA University College"]
    assert ("-", secretary.pk, 2019, 150_000) in money  # the year taken away is in the history as deleted


def test_a_batch_that_fails_leaves_no_history_behind(seed, secretary, partners):
    before = Project.history.count(), Allocation.history.count()
    with pytest.raises(RuntimeError), transaction.atomic(), batched():
        a_project_s_life("Sprogstart", partners, secretary)
        raise RuntimeError("the import was refused")
    assert (Project.history.count(), Allocation.history.count()) == before
