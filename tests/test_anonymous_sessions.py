"""Finding 6 of issue 17: an anonymous visitor's requests make no session rows (ADR 0017)."""

from django.contrib.sessions.models import Session
from django.urls import reverse


def test_an_anonymous_visitor_asking_for_the_past_300_times_makes_no_session(client, seed):
    for day in range(300):
        response = client.get(reverse("projects:project_list"), {"dato": f"2019-03-{day % 28 + 1:02d}"})
        assert response.status_code == 302  # to the login page
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_a_politician_asking_for_the_past_still_keeps_the_day_in_the_session(client_for, politician, seed):
    reader = client_for(politician)
    reader.get(reverse("projects:project_list"), {"dato": "2019-03-26"})
    assert "26. marts 2019" in reader.get(reverse("projects:project_list")).content.decode()
