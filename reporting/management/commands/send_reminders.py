from django.core.management.base import BaseCommand

from reporting.models import ReportingRound
from reporting.services import reminders_send


class Command(BaseCommand):
    help = "Sender de påmindelser om rapporteringsrunder, der er forfaldne i dag (aldrig den samme to gange)."

    def handle(self, *args, **options):
        sent = sum(reminders_send(round_=round_) for round_ in ReportingRound.objects.open())
        self.stdout.write(f"{sent} påmindelser sendt.")
