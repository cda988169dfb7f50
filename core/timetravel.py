"""Time travel: "Vis som den …" shows the overview, the status lists and their item pages as they
were at the end of a chosen day, read from the stored history (django-simple-history).

The chosen day lives in the session, so it follows the user from page to page until they return
to today; `?dato=ÅÅÅÅ-MM-DD` sets it (and `?dato=` clears it), so a link can open the past too.
Pages that cannot show the past say so; nothing can be changed while looking at the past.
"""

import datetime

from django import forms
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.manager import HistoricalQuerySet

from . import private_api
from .history_until import standing_at

SESSION_KEY = "time_travel_day"
PARAM = "dato"
EARLIEST = datetime.date(2000, 1, 1)


class TimeTravelForm(forms.Form):
    dato = forms.DateField(
        label="Vis som den",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Skriv en dato som 26-03-2019 eller vælg den i kalenderen."},
    )

    def clean_dato(self):
        day = self.cleaned_data["dato"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Vælg en dag, der er gået: fremtiden findes ikke i historikken endnu.")
        if day and day < EARLIEST:
            raise forms.ValidationError(f"Historikken går tilbage til {EARLIEST.year}.")
        return day


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in Danish time: what the portal looked like when the day was over."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class TimeTravelMiddleware:
    """Sets `request.time_travel_day` (a date, or None for today) and `request.as_of` (its end)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.time_travel_form = None
        # Only a logged-in user's session keeps the day: an anonymous visitor is sent to the login page
        # anyway, and storing it would make a session row for every such request (ADR 0017).
        logged_in = hasattr(request, "user") and request.user.is_authenticated
        if PARAM in request.GET and hasattr(request, "session") and logged_in:
            form = TimeTravelForm(request.GET)
            if form.is_valid():
                day = form.cleaned_data["dato"]
                if day and day < timezone.localdate():
                    request.session[SESSION_KEY] = day.isoformat()
                else:
                    request.session.pop(SESSION_KEY, None)
            else:
                request.time_travel_form = form  # shown with its Danish error; the current day stays
        stored = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        request.time_travel_day = datetime.date.fromisoformat(stored) if stored else None
        request.as_of = end_of_day(request.time_travel_day) if stored else None
        if request.time_travel_form is None:
            request.time_travel_form = TimeTravelForm(initial={"dato": request.time_travel_day})
        return self.get_response(request)


def as_of(request) -> datetime.datetime | None:
    return getattr(request, "as_of", None)


def refuse_write_in_the_past(request):
    """Nobody changes today's data from a page that shows the past."""
    return TemplateResponse(request, "core/time_travel_write_refused.html", status=409)


def history_as_of(model, moment):
    """What `model.history.as_of(moment)` gives, the rows as they stood at `moment` (a deleted item's last
    row left out), read with each row's history_until instead of simple-history's anti-join
    (core.history_until)."""
    rows = standing_at(model.history.all(), moment).as_instances()
    return private_api.mark_as_of(rows, moment)


def rows_as_of(model, moment):
    """The model's rows as they stood at `moment` (history records), without those archived then: the
    past's lists and totals leave out what was archived, as today's do (core.models.Archivable)."""
    rows = history_as_of(model, moment)
    return rows.filter(archived_at__isnull=True) if is_archivable(model) else rows


def is_archivable(model) -> bool:
    return any(field.name == "archived_at" for field in model._meta.concrete_fields)


def history_children(obj, moment, *relations):
    """Put `obj`'s child rows as they were at `moment` where `obj.<relation>.all()` reads them."""
    for relation in relations:
        field = obj._meta.get_field(relation)
        rows = rows_as_of(field.related_model, moment).filter(**{field.field.attname: obj.pk})
        private_api.set_prefetched(obj, relation, rows)


def is_history(queryset) -> bool:
    return isinstance(queryset, HistoricalQuerySet)


class TimeTravelListMixin:
    """A list page that shows its rows as they were on the chosen day, filters and sorting included.

    `rows(moment)` gives the page's rows: today's queryset, or `Model.history.as_of(moment)`, which
    has the model's own fields; a view whose rows carry figures (an amount, a total) overrides it
    with its app's selector, so that the figures are there today and in the past, filtered or not.
    The table's `select_related` relations are joined into the page's query, and the instances
    the rows become keep them (`records_to_instances`); BaseTable.paginate loads the rest once
    per page.
    """

    def rows(self, moment):
        queryset = super().get_queryset()
        return queryset if moment is None else rows_as_of(queryset.model, moment)

    def get_queryset(self):
        moment = as_of(self.request)
        queryset = self.rows(moment)
        if moment is None:
            return queryset
        related = getattr(self.get_table_class(), "select_related", ())
        return queryset.select_related(*related) if related else queryset

    def get_table_kwargs(self):
        # get_table() sorts and paginates the table; given the request, the table's constructor
        # would do it first as well, and a page of the past would be read from the history twice.
        kwargs = super().get_table_kwargs()
        kwargs.pop("request", None)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(time_travel_supported=True, **kwargs)


class NotThereYet(Exception):
    """The item did not exist (or no longer existed) at the chosen moment."""

    def __init__(self, item):
        super().__init__(str(item))
        self.item = item


class TimeTravelDetailMixin:
    """An item page as it was on the chosen day: the item's fields, its `history_relations`
    children and its status history up to then. An item created later is a clear 404."""

    history_relations: tuple[str, ...] = ()
    history_prefetch: tuple[str, ...] = ()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        moment = as_of(self.request)
        if moment is None:
            return obj
        past = history_as_of(type(obj), moment).filter(pk=obj.pk).first()
        if past is None:
            raise NotThereYet(obj)
        if self.history_prefetch:
            prefetch_related_objects([past], *self.history_prefetch)
        history_children(past, moment, *self.history_relations)
        return past

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except NotThereYet as missing:
            context = {"item": missing.item, "time_travel_supported": True}
            return TemplateResponse(request, "core/time_travel_not_there.html", context, status=404)

    def status_history(self):
        changes = self.object.status_history()
        moment = as_of(self.request)
        return changes.filter(changed_at__lte=moment) if moment else changes

    def get_context_data(self, **kwargs):
        return super().get_context_data(time_travel_supported=True, **kwargs)


def child_sum_as_of(child_model, parent_attname: str, field: str, moment, **filters):
    """A subquery: the sum of `field` over a row's children as they were at `moment`."""
    from django.db.models import OuterRef, Subquery, Sum

    rows = rows_as_of(child_model, moment).filter(**{parent_attname: OuterRef("id")}, **filters)
    return Subquery(rows.order_by().values(parent_attname).annotate(total=Sum(field)).values("total")[:1])


history_records = private_api.as_records


def records_to_instances(records):
    """Model instances from historical records, with the records' annotations and the related
    objects the query joined (select_related) copied over."""
    records = list(records)
    if not records or not hasattr(records[0], "instance"):
        return records
    tracked = {field.name: field for field in records[0]._meta.concrete_fields}
    joined = [
        (field, tracked[field.name])
        for field in records[0].instance_type._meta.concrete_fields
        if field.many_to_one and field.name in tracked
    ]
    instances = []
    for record in records:
        instance = record.instance
        for name, value in vars(record).items():
            if name not in vars(instance) and not name.startswith("_") and not name.startswith("history_"):
                setattr(instance, name, value)
        for field, record_field in joined:
            if record_field.is_cached(record):
                field.set_cached_value(instance, record_field.get_cached_value(record))
        instances.append(instance)
    return instances


def past_rows(queryset, *lookups):
    """A history queryset as a list of instances with their annotations and related objects."""
    return prefetch_page(records_to_instances(history_records(queryset)), *lookups)


def prefetch_page(rows, *lookups):
    """Load related objects for rows that came from the history, one query per relation."""
    rows = list(rows)
    if lookups:
        prefetch_related_objects(rows, *lookups)
    return rows
