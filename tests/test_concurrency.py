"""Many people change the same item's status at once, on PostgreSQL: every accepted change is in
the history, every refused one got the conflict message, none vanished."""

import threading

import pytest
from django.db import connection, connections

from projects.models import Project
from statuses.models import StatusChange, StatusValue

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
CONFLICT = "har gemt ændringer"


def _post_in_thread(user, url, data, results, index, barrier):
    from django.test import Client

    client = Client()
    client.force_login(user)
    try:
        barrier.wait()  # all at once
        response = client.post(url, data)
        results[index] = (response.status_code, response.content.decode())
    finally:
        connections.close_all()


def _run(users, url, payloads):
    results = [None] * len(payloads)
    barrier = threading.Barrier(len(payloads))
    threads = [
        threading.Thread(target=_post_in_thread, args=(users[i % len(users)], url, data, results, i, barrier))
        for i, data in enumerate(payloads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def project(seed):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighed prøves på PostgreSQL som i drift")
    return Project.objects.get(name="Læsecenter")


def test_simultaneous_status_changes_from_the_same_version_let_one_through_and_tell_the_others(
    project, secretary, other_secretary
):
    values = list(StatusValue.objects.filter(scale=project.status.scale).exclude(pk=project.status_id))
    url = f"/projekter/{project.pk}/status/"
    payloads = [
        {"new_value": values[i % len(values)].pk, "reason": f"Ændring {i}", "version": project.version}
        for i in range(CLIENTS)
    ]
    results = _run([secretary, other_secretary], url, payloads)

    accepted = [i for i, (status, _) in enumerate(results) if status == 302]
    refused = [i for i, (status, body) in enumerate(results) if status == 200 and CONFLICT in body]
    assert len(accepted) == 1 and len(refused) == CLIENTS - 1
    reasons = list(StatusChange.objects.filter(object_id=project.pk).values_list("reason", flat=True))
    assert reasons == [f"Ændring {accepted[0]}"]
    project.refresh_from_db()
    assert project.version == payloads[0]["version"] + 1


def test_simultaneous_changes_that_retry_after_the_conflict_all_land_exactly_once(project, secretary, other_secretary):
    values = list(StatusValue.objects.filter(scale=project.status.scale))
    url = f"/projekter/{project.pk}/status/"
    pending = {i: f"Runde-ændring {i}" for i in range(CLIENTS)}
    for _ in range(CLIENTS * 3):
        if not pending:
            break
        project.refresh_from_db()
        current = project.status_id
        others = [v for v in values if v.pk != current]
        order = sorted(pending)
        payloads = [
            {"new_value": others[n % len(others)].pk, "reason": pending[i], "version": project.version}
            for n, i in enumerate(order)
        ]
        results = _run([secretary, other_secretary], url, payloads)
        for i, (status, body) in zip(order, results):
            if status == 302:
                del pending[i]
            else:
                assert CONFLICT in body or "allerede" in body, body[:500]
    assert pending == {}
    reasons = sorted(StatusChange.objects.filter(object_id=project.pk).values_list("reason", flat=True))
    assert reasons == sorted(f"Runde-ændring {i}" for i in range(CLIENTS))
    project.refresh_from_db()
    assert project.version == 1 + CLIENTS
    # The item's own history has one row per accepted change besides the seed's first row.
    assert Project.history.filter(id=project.pk).count() == 1 + CLIENTS
