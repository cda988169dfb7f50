import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Bygger søgeindekset forfra ud fra portalens data (søgningen i sidehovedet)."

    def handle(self, *args, **options):
        from search.index import rebuild

        began = time.perf_counter()
        count = rebuild()
        self.stdout.write(f"Søgeindeks bygget: {count} emner på {time.perf_counter() - began:.1f} s")
