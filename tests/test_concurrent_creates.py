"""Finding 3 of issue 17: a secretary's double click (32 identical creates at once, on PostgreSQL) makes
exactly one row; every other request gets the form's Danish message, none an error."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from goals.models import Value
from meetings.models import Meeting
from projects.models import Pool, Project, SubProject

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 32


def _post_in_thread(user, url, data, results, index, barrier):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(user)
    try:
        barrier.wait()  # all at once
        response = client.post(url, data)
        results[index] = (response.status_code, response.content.decode())
    except Exception as error:  # noqa: BLE001 - a crash in a thread is an outcome to count
        results[index] = (599, repr(error))
    finally:
        connections.close_all()


def _post_all_at_once(user, url, data):
    results = [None] * CLIENTS
    barrier = threading.Barrier(CLIENTS)
    threads = [
        threading.Thread(target=_post_in_thread, args=(user, url, data, results, i, barrier)) for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighed prøves på PostgreSQL som i drift")


def _project_form(pool):
    return {
        "pool": pool.pk,
        "name": "Sprogstart",
        "description": "Sprogindsats i dagtilbud.",
        "status_text": "",
        "start_month": "2019-08",
        "end_month": "2020-06",
        "partners": [],
        "allocations-TOTAL_FORMS": "1",
        "allocations-INITIAL_FORMS": "0",
        "allocations-MIN_NUM_FORMS": "0",
        "allocations-MAX_NUM_FORMS": "1000",
        "allocations-0-year": "2019",
        "allocations-0-amount": "1.500.000 kr.",
    }


def _outcomes(results, message):
    created = [status for status, _ in results if status == 302]
    told = [status for status, body in results if status == 200 and message in body]
    errors = [(status, body[:300]) for status, body in results if status >= 500 or status not in (200, 302)]
    return created, told, errors


def test_a_secretary_double_clicking_create_project_32_times_makes_one_project(on_postgresql, seed, secretary):
    results = _post_all_at_once(secretary, reverse("projects:project_add"), _project_form(Pool.objects.get()))
    created, told, errors = _outcomes(results, "Der findes allerede et projekt med navnet “Sprogstart” i puljen.")
    assert errors == []
    assert len(created) == 1 and len(told) == CLIENTS - 1
    assert Project.objects.filter(name="Sprogstart").count() == 1


def test_a_secretary_double_clicking_create_meeting_32_times_makes_one_meeting(on_postgresql, committee, secretary):
    data = {"committee": committee.pk, "date": "2019-03-26", "title": ""}
    results = _post_all_at_once(secretary, reverse("meetings:meeting_add"), data)
    created, told, errors = _outcomes(results, "Børne- og Ungdomsudvalget har allerede et møde den 26. marts 2019.")
    assert errors == []
    assert len(created) == 1 and len(told) == CLIENTS - 1
    assert Meeting.objects.filter(committee=committee, date="2019-03-26").count() == 1


def test_a_secretary_double_clicking_create_pool_32_times_makes_one_pool(on_postgresql, seed, secretary):
    data = {"name": "Udviklingspuljen", "description": "", "status_scale": Pool.objects.get().status_scale_id}
    results = _post_all_at_once(secretary, reverse("projects:pool_add"), data)
    created, told, errors = _outcomes(results, "Navn er allerede brugt. Vælg et andet.")
    assert errors == []
    assert len(created) == 1 and len(told) == CLIENTS - 1
    assert Pool.objects.filter(name="Udviklingspuljen").count() == 1


def test_double_clicking_create_for_a_part_without_a_unique_rule_also_makes_one(on_postgresql, seed, secretary):
    """A value of Sammenhængsmodellen and a sub-project have no unique column: the service locks what they are
    part of while it adds one, so that the second click finds the first."""
    value = {"name": "Nysgerrighed", "statement": "Vi er nysgerrige.", "therefore": "Derfor spørger vi."}
    results = _post_all_at_once(secretary, reverse("goals:value_add"), value)
    created, told, errors = _outcomes(results, "“Nysgerrighed” står allerede under værdier (rødder)")
    assert errors == [] and len(created) == 1 and len(told) == CLIENTS - 1
    assert Value.objects.filter(name="Nysgerrighed").count() == 1

    project = Project.objects.get(name="Læsecenter")
    sub = {"name": "Læsevejledning", "description": "", "status_text": "", "start_month": "", "end_month": ""}
    results = _post_all_at_once(secretary, reverse("projects:subproject_add", kwargs={"pk": project.pk}), sub)
    created, told, errors = _outcomes(results, "Projektet har allerede et delprojekt med navnet “Læsevejledning”.")
    assert errors == [] and len(created) == 1 and len(told) == CLIENTS - 1
    assert SubProject.objects.filter(name="Læsevejledning").count() == 1
