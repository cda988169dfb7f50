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

from core.roles import ADMINISTRATOR, EDITOR, READER, sync_roles



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

def date_first_history(model, day: str):
    """Date the rows populate_history just wrote (one per item, none before) to the document's day."""
    moment = timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(12)))
    model.history.filter(history_type="+", history_user__isnull=True).update(history_date=moment)


def snapshot_m2m_history(model):
    """populate_history writes no many-to-many snapshot: give each item's newest history row its
    relations as they are (e.g. a project's partners), so that the first edit compares with them."""
    history_model = model.history.model
    for field in getattr(history_model, "_history_m2m_fields", ()):
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
    ("admin", "Anne", "Administrator", ADMINISTRATOR, True, True),
]
DEMO_PASSWORD = "demo"


class Command(BaseCommand):
    help = "Indlæser seed-dokumenterne som demodata og opretter demobrugere (kun med DEBUG). Kan køres igen uden at ændre data."

    def add_arguments(self, parser):
        from core.scale import scale_argument

        parser.add_argument(
            "--scale", type=scale_argument, default=None, metavar="N",
            help="Tilføj syntetiske data, så der er omtrent N gange så meget som i seed-dokumenterne (se core/scale.py).",
        )
        parser.add_argument("--random-seed", type=int, default=1, help="Startværdi for de syntetiske data (standard 1).")

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
        self.create_demo_users()
        if options.get("scale"):
            from core.scale import seed_scale

            seed_scale(scale=options["scale"], random_seed=options["random_seed"], log=self.stdout.write)
            from core.versions import bump_data_version

            bump_data_version()  # bulk inserts send no signals; pages cached before must not be served

    def create_demo_users(self):
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG er slået fra: demobrugere oprettes ikke."))
            return
        User = get_user_model()
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
