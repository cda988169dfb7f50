
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# PostgreSQL: a GIN index on the tsvector, and a trigram GIN index on the words (pg_trgm) for typos and
# prefixes. SQLite: the FTS5 table of stemmed texts, keeping æ, ø and å (ADR 0023). Each only on its own
# database; the extensions' operations do nothing on SQLite themselves.
POSTGRESQL = [
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    "CREATE INDEX search_word_trigram ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS search_entry_vector", "DROP INDEX IF EXISTS search_word_trigram"]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


forwards = _run({"postgresql": POSTGRESQL, "sqlite": SQLITE})
backwards = _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=60, unique=True, verbose_name='ord')),
            ],
            options={
                'verbose_name': 'søgeord',
                'verbose_name_plural': 'søgeord',
            },
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model', models.CharField(max_length=100, verbose_name='model')),
                ('object_id', models.BigIntegerField(verbose_name='id')),
                ('kind', models.CharField(max_length=30, verbose_name='slags')),
                ('title', models.TextField(verbose_name='titel')),
                ('body', models.TextField(blank=True, verbose_name='tekst')),
                ('status', models.JSONField(default=dict, verbose_name='status')),
                ('url', models.CharField(max_length=300, verbose_name='adresse')),
                ('draft', models.BooleanField(default=False, verbose_name='kladde')),
                ('archived', models.BooleanField(default=False, verbose_name='arkiveret')),
                ('existed_from', models.DateTimeField(null=True, verbose_name='findes fra')),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                'verbose_name': 'søgeindgang',
                'verbose_name_plural': 'søgeindeks',
                'indexes': [models.Index(fields=['kind'], name='search_entry_kind')],
                'constraints': [models.UniqueConstraint(fields=('model', 'object_id'), name='search_entry_one_per_item')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
