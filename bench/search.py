"""The search (issue 20, ADR 0023) at scale on PostgreSQL: server time and queries per search, measured in
process as bench.run measures pages. Target: p95 ≤ 50 ms for each search at scale 100.

    rows = measure_search(requests)  # [(label, url, p50 ms, p95 ms, queries, KiB), …]
"""

from urllib.parse import urlencode

# (label, what is typed): a word, an inflected word, a typo, a prefix, a phrase, a common word, several
# words, or and minus, a word nothing holds, and input that is not a search at all.
SEARCHES = [
    ("Søg: ét ord", "overvægt"),
    ("Søg: bøjet ord", "helhedsplaner"),
    ("Søg: stavefejl", "overvæft"),
    ("Søg: begyndelsen af et ord", "helheds"),
    ("Søg: frase", '"boligsocial helhedsplan"'),
    ("Søg: almindeligt ord", "børn"),
    ("Søg: flere ord", "læsning i indskolingen"),
    ("Søg: or og minus", "sundhed or trivsel -overvægt"),
    ("Søg: intet fundet", "xylofonundervisning"),
    ("Søg: én slags", "børn&slags=indsatser"),
    ("Søg: 10.000 tegn", "helhedsplan " * 833),
]
TARGET_MS = 50


def measure_search(requests):
    """(label, url, p50 ms, p95 ms, queries, KiB) per search, as a reader (Læser) makes it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from bench.run import time_page
    from core.roles import READER

    reader, _ = get_user_model().objects.get_or_create(username="bench-laeser")
    reader.groups.add(Group.objects.get(name=READER))
    client = Client()
    client.force_login(reader)
    rows = []
    for label, text in SEARCHES:
        query, _, kind = text.partition("&slags=")
        url = "/soeg/?" + urlencode({"q": query, **({"slags": kind} if kind else {})})
        shown = url if len(url) <= 80 else url[:77] + "…"
        rows.append((label, shown, *time_page(client, url, requests)))
    return rows


def target(rows):
    """The issue's target as a row of bench.run's targets table: (what, measured, met)."""
    worst = max(rows, key=lambda row: row[3])
    return (f"Search: p95 ≤ {TARGET_MS} ms", f"slowest {worst[3]:.0f} ms ({worst[0]})", worst[3] <= TARGET_MS)


if __name__ == "__main__":  # python -m bench.search, against the database of DATABASE_URL (built by bench.run)
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    for row in measure_search(30):
        print(f"{row[0]:<32} p50 {row[2]:6.1f} ms  p95 {row[3]:6.1f} ms  {row[4]:3d} queries  {row[5]:6.1f} KiB")
    print(target(measure_search(30)))
