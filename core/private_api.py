"""Every use of a library's private API, in one place (ADR 0015). tests/test_private_api.py fails when one
of them changes; when a library offers a public way, use it here and nowhere else.

django-simple-history
- `instance._history_user`: the user a save records (the documented way to set it without a request).
- `instance.skip_history_when_saving`: a save that writes no history row.
- `HistoricalModel._history_m2m_fields`: the many-to-many relations a history keeps.
- `HistoricalQuerySet._as_instances = False`: as_of() rows as historical records, which keep annotations.
- `HistoricalModel.instance_type`: the model a history model records.
- `HistoricalRecords.create_historical_record`, `.m2m_changed`, `.m2m_models`, `.fields_included`,
  `.get_history_user`, `.get_change_reason_for_object`: a save's history row built now and inserted with
  others at the end of a batch (core.history).
- `HistoricalRecords.get_extra_fields`: every history model gets a `history_until` column (core.history_until).
- `HistoricalQuerySet._as_of`: the moment rows read as they stood carry, as `as_of()` sets it, so that their
  many-to-many relations are read as of that moment too (core.timetravel).
- `HistoryDescriptor.model`, `.manager_class`, `.queryset_class`: `Model.history` builds its manager class
  once instead of on every read (core.history). Measured: the overview's list of changes, 21 history
  tables, spent a third of its time building manager classes.

Django
- `obj._prefetched_objects_cache`: a page of the past reads the children as they were where
  `obj.<relation>.all()` reads them (core.timetravel.history_children).
- `connection.savepoint_ids` and `connection.run_on_commit`: one bump of the data version per
  transaction (core.versions).
- `connection.features.uses_savepoints`, set on the connection for a while: the rows of a confirmed import
  are written without a savepoint per service call (spreadsheets.staging.apply, ADR 0022).

- `SQLCompiler.as_sql`, `.select`, `.col_count`, `.get_converters`, `.apply_converters` and `Query.selected`,
  `.extra_select`, `.values_select`, `.annotation_select`: a `.values()` query compiled once and run again
  with Django's own converters (core.compiled, ADR 0024 item 25). Measured: the overview's goals took
  17–19 ms built and compiled on every read, 7–8 ms compiled once.

django-tables2
- `django_tables2.utils.signature` is replaced by one that remembers each function's signature:
  django-tables2 asks `inspect.signature()` for every cell. Measured in docs/benchmarks.md ("What the
  tricks buy"): a 100-row list takes 10–13 ms (about 12 %) less.

pypdf
- `PdfWriter._add_object(obj)`: an object as an indirect object of the writer. The meeting pack joins the
  bilags' structure trees (meetings/pack.py), whose elements point at their parents; pypdf has no public
  call for it.
"""

import inspect
from contextlib import contextmanager
from functools import lru_cache

import django_tables2.utils
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history import manager as simple_history_manager

# --- django-simple-history ---------------------------------------------------------------------------


def set_history_user(instance, user):
    instance._history_user = user


@contextmanager
def without_history(instance):
    """Saves of `instance` inside write no history row."""
    instance.skip_history_when_saving = True
    try:
        yield instance
    finally:
        del instance.skip_history_when_saving


def history_record(recorder, instance, history_type):
    """The history row `recorder` (a HistoricalRecords) would save for `instance` now, unsaved: what
    simple-history's create_historical_record builds before it saves (core.history writes it later)."""
    attrs = {field.attname: getattr(instance, field.attname) for field in recorder.fields_included(instance)}
    history_model = _history_model(type(instance), recorder.manager_name)
    if getattr(history_model, "history_relation", None) is not None:
        attrs["history_relation"] = instance
    return history_model(
        history_date=getattr(instance, "_history_date", timezone.now()),
        history_type=history_type,
        history_user=recorder.get_history_user(instance),
        history_change_reason=recorder.get_change_reason_for_object(instance, history_type, None),
        **attrs,
    )


@lru_cache
def _history_model(model, manager_name):
    return getattr(model, manager_name).model


class _HistoryDescriptor(simple_history_manager.HistoryDescriptor):
    """simple-history's descriptor calls `Manager.from_queryset()` on every read of `Model.history`: a new
    class each time, built by inspecting every queryset method (about 0.6 ms here). The class is the same
    each time, so it is built once; each read still gets its own manager, bound to the instance if any."""

    @cached_property
    def _manager(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager(self.model, instance)


def build_history_managers_once(model, manager_name: str) -> None:
    """Replace simple-history's descriptors on `model` (and on its history model's many-to-many
    snapshots) with ones that build their manager class once."""
    holders = [(model, manager_name)]
    descriptor = model.__dict__.get(manager_name)
    if isinstance(descriptor, simple_history_manager.HistoryDescriptor):
        holders += [(descriptor.model, field.name) for field in history_m2m_fields(descriptor.model)]
    for holder, name in holders:
        found = holder.__dict__.get(name)
        if type(found) is simple_history_manager.HistoryDescriptor:
            setattr(holder, name, _HistoryDescriptor(found.model, found.manager_class, found.queryset_class))


def history_m2m_fields(history_model) -> list:
    return list(getattr(history_model, "_history_m2m_fields", ()))


def recorded_model(model):
    """The model itself, or the model a history model records."""
    return getattr(model, "instance_type", model)


def mark_as_of(history_queryset, moment):
    """`history_queryset` as simple-history's `as_of(moment)` marks its rows."""
    history_queryset._as_of = moment
    return history_queryset


def as_records(history_queryset):
    """The same rows as historical records, which keep their annotations (instances do not)."""
    records = history_queryset._clone()
    records._as_instances = False
    return records


# --- Django ------------------------------------------------------------------------------------------------


def has_prefetched(obj, relation: str) -> bool:
    """Whether `obj.<relation>.all()` returns rows read before, without a query."""
    return relation in obj.__dict__.get("_prefetched_objects_cache", {})


def set_prefetched(obj, relation: str, rows) -> None:
    """Rows `obj.<relation>.all()` returns without a query, as prefetch_related() would leave them."""
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = list(rows)


def compile_values(queryset) -> tuple[str, tuple, tuple, object, tuple]:
    """A `.values()` queryset's SQL, parameters and column names, with its query and selected expressions,
    which `convert_values` needs to turn the rows as Django would."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
    selected = tuple(column[0] for column in compiler.select[: compiler.col_count])  # DISTINCT adds order columns
    return sql, tuple(params), names, query, selected


def convert_values(query, selected: tuple, rows, connection) -> list:
    """`rows` as the database gave them for `compile_values`' SQL, through Django's converters (SQLite's
    decimals and dates); unchanged where there are none (PostgreSQL's)."""
    compiler = query.get_compiler(connection=connection)
    converters = compiler.get_converters(selected)
    return list(compiler.apply_converters(rows, converters)) if converters else rows


@contextmanager
def without_savepoints(connection):
    """Inside, `transaction.atomic()` blocks make no savepoints: an error in one marks the whole enclosing
    transaction for rollback instead of rolling back to its savepoint. For work that is all or nothing
    anyway: an import's 5 000 rows would otherwise open 15 000 savepoints, each a subtransaction, and
    PostgreSQL slows down with every one past 64 in a transaction (its subtransaction cache overflows)."""
    features = connection.features
    had_own = "uses_savepoints" in vars(features)
    before = features.uses_savepoints
    features.uses_savepoints = False
    try:
        yield
    finally:
        if had_own:
            features.uses_savepoints = before
        else:
            del features.uses_savepoints


def waiting_on_commit(connection, kind):
    """The callback of class `kind` already waiting for the commit of the current transaction (or
    savepoint), or None. Looked for from the end, where the current savepoint's callbacks are."""
    current = set(connection.savepoint_ids)
    return next(
        (
            callback
            for savepoints, callback, _robust in reversed(connection.run_on_commit)
            if isinstance(callback, kind) and savepoints == current
        ),
        None,
    )


# --- django-tables2 -----------------------------------------------------------------------------------------

_uncached_signature = django_tables2.utils.signature


@lru_cache(maxsize=2048)
def _signature_of(function, bound):
    return _uncached_signature(function.__get__(object()) if bound else function)


def _cached_signature(fn):
    function = getattr(fn, "__func__", None)
    if function is not None and inspect.isfunction(function):
        return _signature_of(function, True)
    if inspect.isfunction(fn):
        return _signature_of(fn, False)
    return _uncached_signature(fn)  # partials, callable objects: rare, not worth a key


def remember_signatures():
    """django-tables2 reads each cell's render signature once per function instead of once per cell."""
    django_tables2.utils.signature = _cached_signature


# --- pypdf ------------------------------------------------------------------------------------------------


def pdf_indirect(writer, value):
    """`value` as an indirect object of the pypdf `writer` (an IndirectObject pointing at it)."""
    return writer._add_object(value)
