"""The history every model keeps (django-simple-history), written in bulk inside a `batched()` block.

Outside a batch a save writes its history row at once, as simple-history does. Inside one (a confirmed
import, spreadsheets.staging.apply) the row is built at the save, with the values, user, reason and time
of that moment, and all of a model's rows are inserted together when the block ends, still inside the
transaction: one INSERT per 500 rows, and one query for all their many-to-many snapshots instead of one
per row. Measured in make bench: simple-history's per-row work was about 40 % of applying 5 000 rows
(issue 19, ADR 0022).

A many-to-many snapshot is taken when the rows are inserted; if a relation is about to change while a
row of the same item still waits, that row's snapshot is taken first, so every row shows the relation
as it was at its own save.
"""

from collections import defaultdict

from django.db import models
from simple_history import models as simple_history_models

from core import batching, history_until, private_api

CHUNK = 500


class HistoricalRecords(simple_history_models.HistoricalRecords):
    def get_extra_fields(self, model, fields):
        # Until when each row stood: the time of the item's next row, kept by the database (core.history_until).
        return {
            **super().get_extra_fields(model, fields),
            history_until.FIELD: models.DateTimeField(null=True, blank=True, editable=False),
        }

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) == self.manager_name:
            private_api.build_history_managers_once(sender, self.manager_name)

    def create_historical_record(self, instance, history_type, using=None):
        waiting = batching.queued(_write, self)
        if waiting is None:
            return super().create_historical_record(instance, history_type, using=using)
        record = private_api.history_record(self, instance, history_type)
        record._instance_pk = instance.pk
        record._m2m_snapshot = None  # taken when written, or earlier if the relation changes first
        waiting.append(record)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if action in ("pre_add", "pre_remove", "pre_clear"):
            waiting = batching.queued(_write, self)
            if waiting:
                # From the other side (partner.projects.add) any waiting row may be touched.
                mine = waiting if reverse else [record for record in waiting if record._instance_pk == instance.pk]
                if mine:
                    _snapshot(self, mine)
        return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def _m2m_fields(records) -> list:
    # simple-history's m2m_models is one dict for every model; a record's own relations are on its class.
    return private_api.history_m2m_fields(type(records[0]))


def _snapshot(recorder, records) -> None:
    """Each record's many-to-many rows as they are now, read in one query per relation."""
    for field in _m2m_fields(records):
        through = field.remote_field.through
        owner = field.m2m_field_name() + "_id"
        pending = [record for record in records if (record._m2m_snapshot or {}).get(field.name) is None]
        if not pending:
            continue
        columns = [f.attname for f in through._meta.fields]
        rows = defaultdict(list)
        keys = sorted({record._instance_pk for record in pending})  # an item saved twice is read once
        for start in range(0, len(keys), CHUNK):
            for values in through.objects.filter(**{f"{owner}__in": keys[start : start + CHUNK]}).values(*columns):
                rows[values[owner]].append(values)
        for record in pending:
            record._m2m_snapshot = {**(record._m2m_snapshot or {}), field.name: rows.get(record._instance_pk, [])}


def _write(recorder, records) -> None:
    """The waiting history rows of one model, inserted in the order they were saved."""
    fields = _m2m_fields(records)
    if fields:
        _snapshot(recorder, records)
    model = type(records[0])
    model.objects.bulk_create(records, batch_size=CHUNK)
    for field in fields:
        m2m_history_model = recorder.m2m_models[field]
        m2m_history_model.objects.bulk_create(
            (
                m2m_history_model(history=record, **values)
                for record in records
                for values in record._m2m_snapshot[field.name]
            ),
            batch_size=CHUNK,
        )
