"""A secretary corrects a meeting and its draft bilag in the portal; what was issued never changes."""

import datetime

from django.urls import reverse

from meetings.models import Bilag, Meeting
from meetings.services import bilag_issue
from projects.models import Pool
from tests.test_meetings import add_overview


def test_a_secretary_moves_a_meeting_entered_on_the_wrong_day(client_for, secretary, meeting):
    editor = client_for(secretary)
    page = editor.get(meeting.get_absolute_url()).content.decode()
    edit_url = reverse("meetings:meeting_edit", kwargs={"pk": meeting.pk})
    assert edit_url in page
    response = editor.post(
        edit_url, {"committee": meeting.committee_id, "date": "2019-03-27", "title": "Ekstra", "version": 1}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2019, 3, 27) and meeting.title == "Ekstra"
    assert meeting.history.first().history_user == secretary


def test_a_meeting_with_an_issued_bilag_keeps_its_date_but_its_title_can_be_corrected(client_for, secretary, meeting):
    bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    editor = client_for(secretary)
    url = reverse("meetings:meeting_edit", kwargs={"pk": meeting.pk})
    refused = editor.post(url, {"committee": meeting.committee_id, "date": "2019-03-27", "title": "", "version": 1})
    assert refused.status_code == 200
    assert "har udstedte bilag, som nævner datoen, og kan ikke flyttes" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).date == datetime.date(2019, 3, 26)
    assert (
        editor.post(
            url, {"committee": meeting.committee_id, "date": "2019-03-26", "title": "Budget", "version": 1}
        ).status_code
        == 302
    )
    assert Meeting.objects.get(pk=meeting.pk).title == "Budget"
    # Nor can it be deleted: the page offers no button, and a post is refused with the reason.
    assert (
        reverse("meetings:meeting_delete", kwargs={"pk": meeting.pk})
        not in editor.get(meeting.get_absolute_url()).content.decode()
    )
    refused = editor.post(reverse("meetings:meeting_delete", kwargs={"pk": meeting.pk}))
    assert "kan ikke flyttes eller slettes" in refused.content.decode() and Meeting.objects.filter(pk=meeting.pk)


def test_a_secretary_deletes_a_meeting_made_by_mistake_with_its_drafts_after_confirming(client_for, secretary, meeting):
    add_overview(meeting, secretary)
    editor = client_for(secretary)
    url = reverse("meetings:meeting_delete", kwargs={"pk": meeting.pk})
    confirm = editor.get(url).content.decode()
    assert "mødet den 26. marts 2019" in confirm and "Bilag 1: Overbliksark 0,35% puljen (kladde)" in confirm
    assert editor.post(url)["Location"] == reverse("meetings:meeting_list")
    assert not Meeting.objects.exists() and not Bilag.objects.exists()
    assert Meeting.history.filter(history_type="-").get().history_user == secretary


def test_a_secretary_changes_a_drafts_settings_on_the_form_it_was_added_with(client_for, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    editor = client_for(secretary)
    url = reverse("meetings:bilag_edit", kwargs={"pk": bilag.pk})
    form = editor.get(url).content.decode()
    assert 'value="500.000"' in form and 'value="2019"' in form  # the settings it has now
    pool = Pool.objects.get()
    response = editor.post(
        url, {"slags": "overview_sheet", "pool": pool.pk, "year": "2019", "threshold": "700.000", "version": 1}
    )
    assert response.status_code == 302
    bilag.refresh_from_db()
    assert bilag.parameters["threshold"] == 700_000 and bilag.number == 1
    assert "1.500.000" in editor.get(bilag.get_absolute_url()).content.decode()
    assert "Læsecenter" not in editor.get(bilag.get_absolute_url()).content.decode()  # 600.000 is below


def test_an_issued_bilags_settings_are_refused_with_the_reason(client_for, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    bilag_issue(bilag=bilag, acting_user=secretary)
    response = client_for(secretary).post(
        reverse("meetings:bilag_edit", kwargs={"pk": bilag.pk}),
        {
            "slags": "overview_sheet",
            "pool": Pool.objects.get().pk,
            "year": "2019",
            "threshold": "700.000",
            "version": 1,
        },
    )
    assert "Bilag 1 er udstedt og ændres aldrig. Udsted i stedet en rettet version." in response.content.decode()
    assert Bilag.objects.get(pk=bilag.pk).parameters["threshold"] == 500_000


def test_deleting_a_draft_moves_the_later_drafts_up_and_leaves_issued_numbers_alone(client_for, secretary, meeting):
    one, two, three, four, five = (add_overview(meeting, secretary) for _ in range(5))
    bilag_issue(bilag=three, acting_user=secretary)  # "Bilag 3" is printed on its pages
    editor = client_for(secretary)
    url = reverse("meetings:bilag_delete", kwargs={"pk": two.pk})
    assert "De følgende kladder rykker et nummer op" in editor.get(url).content.decode()
    assert editor.post(url).status_code == 302
    numbers = dict(meeting.bilag.values_list("pk", "number"))
    assert numbers == {one.pk: 1, three.pk: 3, four.pk: 2, five.pk: 4}

    refused = editor.post(reverse("meetings:bilag_delete", kwargs={"pk": three.pk}))
    assert "Bilag 3 er udstedt og ændres aldrig." in refused.content.decode()
    assert Bilag.objects.filter(pk=three.pk).exists()


def test_a_politician_may_neither_correct_nor_delete(client_for, politician, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    reader = client_for(politician)
    for name, pk in (
        ("meetings:meeting_edit", meeting.pk),
        ("meetings:meeting_delete", meeting.pk),
        ("meetings:bilag_edit", bilag.pk),
        ("meetings:bilag_delete", bilag.pk),
    ):
        assert reader.post(reverse(name, kwargs={"pk": pk})).status_code == 403
    assert Bilag.objects.filter(pk=bilag.pk).exists()


def test_a_politician_sees_the_overview_as_it_stood_at_a_meeting_from_the_meetings_page(
    client_for, politician, secretary, meeting
):
    from tests.test_setup import follow

    reader = client_for(politician)
    page = reader.get(meeting.get_absolute_url())
    overview = follow(reader, page, "Vis overblikket, som det så ud ved mødet")
    assert overview.request["QUERY_STRING"] == "dato=2019-03-26"
    assert "Du ser fortiden:" in overview.content.decode() and "26. marts 2019" in overview.content.decode()


def test_a_meeting_still_ahead_offers_no_view_of_the_past(client_for, politician, secretary, committee):
    import datetime

    from django.utils import timezone

    from meetings.services import meeting_create

    ahead = meeting_create(
        committee=committee, date=timezone.localdate() + datetime.timedelta(days=7), acting_user=secretary
    )
    assert (
        "Vis overblikket, som det så ud ved mødet"
        not in client_for(politician).get(ahead.get_absolute_url()).content.decode()
    )
