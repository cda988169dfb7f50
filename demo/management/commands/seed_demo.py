import datetime
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from core import formats, private_api
from core.roles import ADMINISTRATOR, EDITOR, OWNER, READER, sync_roles


def seed_fixtures():
    """Each app's AppConfig.seed_fixtures, in INSTALLED_APPS order.

    An entry is (fixture file in fixtures/, "app.Model" that is empty until it is loaded,
    ("app.Model", …) whose history gets a first row[, "ÅÅÅÅ-MM-DD" the document's date]). Each
    fixture loads once. The first history rows are dated to the document, so that "Vis som den …"
    shows the seed's state from that day on and nothing before it.
    """
    from django.apps import apps

    for config in apps.get_app_configs():
        yield from getattr(config, "seed_fixtures", ())


def document_moment(day: str) -> datetime.datetime:
    """Noon on a seed document's day: the moment its rows are dated to in the history."""
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(12)))


def date_first_history(model, day: str):
    """Date the rows populate_history just wrote (one per item, none before) to the document's day."""
    model.history.filter(history_type="+", history_user__isnull=True).update(history_date=document_moment(day))


# Seed 001 is the overview sheet handed to the committee as the appendix to this meeting: the demo
# holds the meeting with the sheet issued as its Bilag 1, so a new user finds a meeting and a bilag.
SEED_MEETING = {
    "committee": "Børne- og Ungdomsudvalget",
    "day": "2019-03-26",
    "bilag": {"kind": "overview_sheet", "pool": "0,35% puljen", "year": 2019, "threshold": 500_000},
}
# A meeting where a new user, and the reader role, find one issued bilag of every kind at once, each
# printing its seed document. Its date is after the newest seed (the budget proposal of 1 August 2025).
DEMO_MEETING = {
    "committee": "Børne- og Ungdomsudvalget",
    "day": "2025-08-26",
    "title": "Demomøde: ét bilag af hver slags",
}


def pdfs_possible() -> bool:
    """Whether a bilag's PDF can be made: with DEBUG off, not before collectstatic (the rest of the seed is
    useful without it)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url("css/bilag.css")
    except ValueError:
        return False
    return True


def demo_bilag_parameters():
    """(kind, parameters) of each bilag of the demo meeting, in the order of the seed documents."""
    from agreements.models import Agreement
    from goals.models import CoherenceModel
    from initiatives.models import Plan
    from programs.models import BudgetProposal
    from projects.models import Pool

    pool = Pool.objects.filter(name=SEED_MEETING["bilag"]["pool"]).first()
    wanted = [
        ("budget_proposal", "proposal", BudgetProposal.objects.order_by("pk").first()),
        ("overview_sheet", "pool", pool),
        ("coherence_model", "model", CoherenceModel.objects.order_by("pk").first()),
        ("agreement", "agreement", Agreement.objects.order_by("pk").first()),
        ("initiative_status", "plan", Plan.objects.order_by("pk").first()),
    ]
    extra = {"overview_sheet": {"year": SEED_MEETING["bilag"]["year"], "threshold": SEED_MEETING["bilag"]["threshold"]}}
    return [(kind, {name: row.pk, **extra.get(kind, {})}) for kind, name, row in wanted if row is not None]


# The seed's bilag is issued by a user of its own that nobody can log in as (no password, inactive,
# no role) rather than by the first superuser or a demo user: an issued version records who issued
# it, and that must be the seed, not a person who did not; and it is the same with DEBUG off, where
# there are no demo users and perhaps no superuser yet.
SEED_USERNAME = "demodata"


def snapshot_m2m_history(model):
    """populate_history writes no many-to-many snapshot: give each item's newest history row its
    relations as they are (e.g. a project's partners), so that the first edit compares with them."""
    history_model = model.history.model
    for field in private_api.history_m2m_fields(history_model):
        m2m_history = getattr(history_model, field.name).model
        owner = field.m2m_field_name()  # e.g. "project"
        target = field.m2m_reverse_field_name()  # e.g. "partner"
        newest = {}
        for record in model.history.order_by("history_date", "history_id"):
            newest[record.id] = record
        done = set(m2m_history.objects.filter(history__in=newest.values()).values_list("history_id", flat=True))
        links = field.remote_field.through.objects.values_list("id", f"{owner}_id", f"{target}_id")
        m2m_history.objects.bulk_create(
            m2m_history(id=link, history=newest[item], **{f"{owner}_id": item, f"{target}_id": other})
            for link, item, other in links
            if item in newest and newest[item].history_id not in done
        )


DEMO_USERS = [
    # username, first name, last name, group, is_staff, is_superuser
    ("redaktoer", "Rikke", "Redaktør", EDITOR, False, False),
    ("laeser", "Lars", "Læser", READER, False, False),
    ("ansvarlig", "Asta", "Ansvarlig", OWNER, False, False),
    ("admin", "Anne", "Administrator", ADMINISTRATOR, True, True),
]
DEMO_PASSWORD = "demo"


class Command(BaseCommand):
    help = (
        "Indlæser seed-dokumenterne som demodata, opretter mødet den 26. marts 2019 med seed 001 udstedt som "
        "bilag 1 og demobrugere (kun med DEBUG). Kan køres igen uden at ændre data."
    )

    def add_arguments(self, parser):
        from demo.scale import scale_argument

        parser.add_argument(
            "--scale",
            type=scale_argument,
            default=None,
            metavar="N",
            help="Tilføj syntetiske data, så der er omtrent N gange så meget som i seed-dokumenterne (se demo/scale).",
        )
        parser.add_argument(
            "--random-seed", type=int, default=1, help="Startværdi for de syntetiske data (standard 1)."
        )
        parser.add_argument(
            "--uden-moede",
            "--without-meeting",
            dest="without_meeting",
            action="store_true",
            help="Opret ikke mødet den 26. marts 2019 med seed 001 udstedt som bilag "
            "(sparer at lave en PDF; bruges i testene).",
        )

    def handle(self, *args, **options):
        from django.apps import apps

        sync_roles()
        with transaction.atomic():
            for fixture, model_label, history_models, *documented in seed_fixtures():
                model = apps.get_model(model_label)
                if model.objects.exists():
                    self.stdout.write(f"  {fixture}: findes allerede, springes over")
                    continue
                # No history while loading: a fixture's many-to-many rows (a project's partners) would
                # otherwise write history rows of their own, and populate_history then skips the model.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", fixture, verbosity=0)
                self.stdout.write(f"  {fixture}: indlæst")
                # Seeded rows need a first history entry so later edits can be compared with them.
                for history_model in history_models:
                    call_command("populate_history", history_model, verbosity=0, stdout=StringIO(), stderr=StringIO())
                    if documented:
                        date_first_history(apps.get_model(history_model), documented[0])
                    snapshot_m2m_history(apps.get_model(history_model))
        if not options.get("without_meeting"):
            self.create_seed_meeting()
            self.create_demo_meeting()
        self.create_demo_users()
        if options.get("scale"):
            from demo.scale import seed_scale

            seed_scale(scale=options["scale"], random_seed=options["random_seed"], log=self.stdout.write)
            from core.versions import bump_data_version

            bump_data_version()  # bulk inserts send no signals; pages cached before must not be served
        # The fixtures and the bulk inserts send no signals the search index hears: it is built afresh.
        from search.index import rebuild

        rebuild()
        if options.get("scale"):
            from django.db import connection

            if connection.vendor == "postgresql":
                # Fresh statistics, as autovacuum would gather them later: without them PostgreSQL plans the
                # history's as-of queries for empty tables (seconds instead of milliseconds, make bench).
                # And vacuumed, as autovacuum would leave it: filling in each history row's end (history_until)
                # leaves a dead version of every row, whose entries the as-of index then returns and the
                # database checks one by one (the initiatives' index read 31 811 entries for 5 000 rows, 5.6
                # against 2 ms). VACUUM cannot run inside a transaction (a test's), so there only ANALYZE.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    def create_demo_users(self):
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG er slået fra: demobrugere oprettes ikke."))
            return
        User = get_user_model()
        # A database with real users (production, a copy of it) never gets `admin` with password `demo`:
        # demo users are made only where every user there is is a demo user or the seed's issuer (ADR 0017).
        others = User.objects.exclude(username__in=[row[0] for row in DEMO_USERS] + [SEED_USERNAME])
        if others.exists():
            self.stdout.write(
                self.style.WARNING(
                    "Databasen har andre brugere end demobrugerne: demobrugere oprettes ikke. "
                    "De oprettes kun i en database uden andre brugere."
                )
            )
            return
        for username, first, last, group, is_staff, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": is_staff, "is_superuser": is_superuser},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=group))
                self.stdout.write(f"  demobruger {username} oprettet")
        self.create_demo_round()

    def create_demo_round(self):
        """The demo owner reports on the seed's projects and delaftale activities, in an open round the
        demo secretary opened for the next fortnight (reporting rounds, issue 21)."""
        from reporting.models import ReportingRound, Responsibility
        from reporting.services import responsibility_set, round_open

        if Responsibility.objects.exists() or ReportingRound.objects.exists():
            return
        User = get_user_model()
        owner, secretary = User.objects.get(username="ansvarlig"), User.objects.get(username="redaktoer")
        from agreements.models import Activity
        from projects.models import Project

        for item in [*Project.objects.all()[:8], *Activity.objects.all()[:8]]:
            responsibility_set(item=item, owner=owner, frequency="moede", reason="Demodata", acting_user=secretary)
        round_open(
            title="Status til næste udvalgsmøde",
            due_date=timezone.localdate() + datetime.timedelta(days=14),
            kinds=["projects.project", "agreements.activity"],
            acting_user=secretary,
        )
        self.stdout.write("  demo: rapporteringsrunde åbnet for ansvarlig")

    def create_seed_meeting(self):
        from meetings.models import Meeting
        from programs.models import Committee
        from projects.models import Pool

        day = datetime.date.fromisoformat(SEED_MEETING["day"])
        committee = Committee.objects.filter(name=SEED_MEETING["committee"]).first()
        pool = Pool.objects.filter(name=SEED_MEETING["bilag"]["pool"]).first()
        if committee is None or pool is None:
            self.stdout.write(self.style.WARNING("  møde 26. marts 2019: udvalget eller puljen mangler, springes over"))
            return
        if Meeting.objects.filter(committee=committee, date=day).exists():
            self.stdout.write("  møde 26. marts 2019: findes allerede, springes over")
            return
        if not pdfs_possible():
            self.stdout.write(
                self.style.WARNING(
                    "  møde 26. marts 2019: bilagets PDF kræver de statiske filer; kør collectstatic og seed_demo igen"
                )
            )
            return
        from meetings.services import bilag_issue

        # PDFs render outside the transaction that adds the meeting (meetings.services.bilag_issue).
        bilag = self.add_seed_meeting(committee, day, pool)
        bilag_issue(bilag=bilag, acting_user=self.seed_user())
        self.stdout.write("  møde 26. marts 2019 med seed 001 udstedt som bilag 1: oprettet")

    @transaction.atomic
    def add_seed_meeting(self, committee, day, pool):
        from meetings.models import Bilag, Meeting
        from meetings.services import bilag_add, meeting_create

        user = self.seed_user()
        wanted = SEED_MEETING["bilag"]
        meeting = meeting_create(committee=committee, date=day, acting_user=user)
        bilag = bilag_add(
            meeting=meeting,
            kind=wanted["kind"],
            include_changes=False,
            acting_user=user,
            parameters={"pool": pool.pk, "year": wanted["year"], "threshold": wanted["threshold"]},
        )
        # Meeting and bilag date from the document, like the seeded projects. The issued version keeps
        # the moment it was really made: its PDF and frozen data are made now.
        moment = document_moment(SEED_MEETING["day"])
        Meeting.history.filter(id=meeting.pk).update(history_date=moment, history_user=user)
        Bilag.objects.filter(pk=bilag.pk).update(created_at=moment)
        Bilag.history.filter(id=bilag.pk).update(history_date=moment, history_user=user, created_at=moment)
        return bilag

    def create_demo_meeting(self):
        from meetings.models import Meeting
        from meetings.services import bilag_add, bilag_issue, meeting_create
        from programs.models import Committee

        day = datetime.date.fromisoformat(DEMO_MEETING["day"])
        committee = Committee.objects.filter(name=DEMO_MEETING["committee"]).first()
        if committee is None or Meeting.objects.filter(committee=committee, date=day).exists():
            return
        if not pdfs_possible():  # create_seed_meeting has said what to do
            return
        user = self.seed_user()
        with transaction.atomic():
            meeting = meeting_create(committee=committee, date=day, title=DEMO_MEETING["title"], acting_user=user)
            added = [
                bilag_add(meeting=meeting, kind=kind, parameters=parameters, include_changes=False, acting_user=user)
                for kind, parameters in demo_bilag_parameters()
            ]
        for bilag in added:
            bilag_issue(bilag=bilag, acting_user=user)
        self.stdout.write(
            f"  demomøde {formats.long_date(day)} med {len(added)} udstedte bilag, ét af hver slags: oprettet"
        )

    def seed_user(self):
        user, created = get_user_model().objects.get_or_create(
            username=SEED_USERNAME,
            defaults={"first_name": "Demodata", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save()
        return user
