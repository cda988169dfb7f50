"""A reporting round of 2 000 items at scale 100 (issue 21): its owners' "Mine opgaver" and its page."""

ROUND_ITEMS = 2000
OWNERS = 40  # 50 items each


def reporting_pages():
    """Give 2 000 current items 40 owners and open a round for them (once per bench database). Returns a
    logged-in test client of one owner and the (label, url) of the pages to measure."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client
    from django.utils import timezone

    from core import registry
    from core.roles import EDITOR, OWNER
    from reporting.models import ReportingRound, Responsibility
    from reporting.services import round_open

    User = get_user_model()
    owners = []
    for n in range(OWNERS):
        user, _ = User.objects.get_or_create(username=f"bench-ansvarlig-{n}", defaults={"first_name": f"Ejer {n}"})
        user.groups.add(Group.objects.get(name=OWNER))
        owners.append(user)
    secretary, _ = User.objects.get_or_create(username="bench-redaktoer")
    secretary.groups.add(Group.objects.get(name=EDITOR))
    round_ = ReportingRound.objects.filter(title="Bench-runde").first()
    if round_ is None:
        rows, kinds = [], []
        for entry in registry.trackable():
            content_type = ContentType.objects.get_for_model(entry.model)
            for pk in entry.model.objects.values_list("pk", flat=True)[: ROUND_ITEMS - len(rows)]:
                rows.append(Responsibility(content_type=content_type, object_id=pk, owner=owners[len(rows) % OWNERS]))
            kinds.append(entry.label)
            if len(rows) >= ROUND_ITEMS:
                break
        Responsibility.objects.bulk_create(rows, ignore_conflicts=True)
        round_, _ = round_open(
            title="Bench-runde",
            due_date=timezone.localdate() + datetime.timedelta(days=14),
            kinds=kinds,
            acting_user=secretary,
        )
    client = Client()
    client.force_login(owners[0])
    return client, [
        ("Rapportering: Mine opgaver, 50 punkter", "/rapportering/mine-opgaver/"),
        (f"Rapportering: runde med {round_.reports.count()} punkter", round_.get_absolute_url()),
    ]
