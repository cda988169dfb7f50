import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Bygger søgeindekset ud fra portalens data (søgningen i sidehovedet): nye og ændrede emner skrives, "
        "forsvundne fjernes. Med --forfra tømmes indekset først."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forfra", action="store_true", help="Tøm indekset og skriv alt på ny.")

    def handle(self, *args, **options):
        from search.index import rebuild

        began = time.perf_counter()
        count = rebuild(fresh=options["forfra"])
        self.stdout.write(f"Søgeindeks bygget: {count} emner på {time.perf_counter() - began:.1f} s")
