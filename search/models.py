"""The search index: one row per indexed item, and the words the index holds (ADR 0023).

On PostgreSQL `vector` holds the row's tsvector (`danish`, the title weighted above the body) under a GIN
index, and `SearchWord.word` a trigram GIN index (pg_trgm). On SQLite the FTS5 table `search_fts` holds
the row's stemmed title and body under the row's id; `vector` stays empty there. Both are written only
by search/index.py.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    model = models.CharField("model", max_length=100)  # "projects.project"
    object_id = models.BigIntegerField("id")
    kind = models.CharField("slags", max_length=30)  # search.documents.KINDS
    title = models.TextField("titel")
    body = models.TextField("tekst", blank=True)
    status = models.JSONField("status", default=dict)
    url = models.CharField("adresse", max_length=300)
    draft = models.BooleanField("kladde", default=False)  # only editors find it
    archived = models.BooleanField("arkiveret", default=False)
    # When the item came into being (its first history row): looking at an earlier day, it is left out.
    existed_from = models.DateTimeField("findes fra", null=True)
    vector = SearchVectorField(null=True)  # PostgreSQL only

    class Meta:
        verbose_name = "søgeindgang"
        verbose_name_plural = "søgeindeks"
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="search_entry_one_per_item")]
        indexes = [models.Index(fields=["kind"], name="search_entry_kind")]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """A word some indexed text holds, lower-cased: what a typo or a prefix is compared with."""

    word = models.CharField("ord", max_length=60, unique=True)

    class Meta:
        verbose_name = "søgeord"
        verbose_name_plural = "søgeord"

    def __str__(self):
        return self.word
