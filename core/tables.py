import warnings
from datetime import datetime

import django_tables2 as tables
import django_tables2.utils
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django_tables2.columns import library
from django_tables2.rows import BoundRows

from . import fields, formats, private_api
from .roles import can_edit
from .timetravel import history_records, is_history, prefetch_page, records_to_instances

MAX_PER_PAGE = 500

# django-tables2 asks inspect.signature() about a column's render method for every cell: it is read
# once per function instead (ADR 0011; what it buys is in docs/benchmarks.md).
private_api.remember_signatures()


class CountedPaginator(Paginator):
    """A paginator told how many rows there are: no COUNT query of its own."""

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property


class BaseTable(tables.Table):
    """A table that declares the relations its columns read, so a page costs the same few queries
    whatever its row count."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def __init__(self, data=None, *args, row_count=None, **kwargs):
        # The number of rows, where the page's query for its figures counted them already.
        self.row_count = row_count
        # Rows read from the history become instances after loading, which drops what
        # select_related fetched; paginate() loads those relations for the page instead.
        self.from_history = is_history(data)
        if self.from_history:
            data = history_records(data)
        elif isinstance(data, QuerySet):
            if self.select_related:
                data = data.select_related(*self.select_related)
            if self.prefetch_related:
                data = data.prefetch_related(*self.prefetch_related)
        with warnings.catch_warnings():
            # Rows read from the history are historical records of the table's model: expected.
            warnings.filterwarnings("ignore", message=r"Table data is of type .*Historical", category=UserWarning)
            super().__init__(data, *args, **kwargs)

    def paginate(self, *args, **kwargs):
        if kwargs.get("per_page") is not None:
            # ?per_page= comes from the address bar: at least one row, at most MAX_PER_PAGE.
            kwargs["per_page"] = min(max(kwargs["per_page"], 1), MAX_PER_PAGE)
        if self.row_count is not None and not args and kwargs.get("paginator_class", Paginator) is Paginator:
            kwargs.update(paginator_class=CountedPaginator, count=self.row_count)
        super().paginate(*args, **kwargs)
        if self.from_history:
            rows = self.page.object_list
            instances = prefetch_page(records_to_instances(rows.data), *self.select_related, *self.prefetch_related)
            self.page.object_list = BoundRows(instances, table=self, pinned_data=rows.pinned_data)

    def row_cells(self, row):
        """The row's <td> cells as one string. Cell attributes that do not depend on the record are
        computed once per column instead of once per cell, as django-tables2 would (ADR 0011)."""
        static = self.__dict__.setdefault("_static_td_attrs", {})
        cells = []
        for column in self.columns:
            value = row.get_cell(column.name)
            column.current_value, column.current_record = value, row.record
            attrs = static.get(column.name)
            if attrs is None:
                attrs = column.attrs["td"].as_html()
                if not _has_callable(column.column.attrs, self.attrs):
                    static[column.name] = attrs
            cells.append(f"<td {attrs}>{conditional_escape(value)}</td>")
        return mark_safe("".join(cells))  # nosec B308 B703 - every value is escaped above

    def as_values(self, exclude_columns=None):
        if self.from_history:  # an export of the past: every row, as instances
            instances = prefetch_page(
                records_to_instances(self.data.data), *self.select_related, *self.prefetch_related
            )
            self.rows = BoundRows(instances, table=self)
        return super().as_values(exclude_columns)

    class Meta:
        attrs = {"class": "table table-hover align-middle"}
        row_attrs = {"id": lambda record: f"row-{record.pk}"}
        empty_text = "Ingen rækker matcher filtrene."


class EditColumn(tables.Column):
    """ "Redigér" beside a row, to the row's edit page (`url_name`). A table shows it to editors only
    (`hide_edit_for_readers`); a list's cached content is kept per role, so readers never get it."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        kwargs.setdefault("verbose_name", "Ret")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(accessor="pk", **kwargs)

    def render(self, record):
        url = reverse(self.url_name, kwargs={"pk": record.pk})
        return format_html('<a href="{}">Redigér<span class="visually-hidden"> {}</span></a>', url, record)


def hide_edit_for_readers(table, name: str = "edit"):
    """Hide the table's EditColumn `name` unless the request may edit."""
    request = getattr(table, "request", None)
    if request is None or not can_edit(request):
        table.columns.hide(name)


class ListColumn(tables.Column):
    """Related rows prefetched into a list (`Prefetch(…, to_attr=…)`), comma-separated as django-tables2's
    ManyToManyColumn writes them; that column asks each row's related manager, and Django builds a
    queryset per row to fill it."""

    def __init__(self, *args, separator=", ", **kwargs):
        self.separator = separator
        kwargs.setdefault("empty_values", (None, "", []))
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_html_join(self.separator, "{}", ((item,) for item in value))

    def value(self, value):
        return self.separator.join(str(item) for item in value)


NUMBER_ATTRS = {
    "td": {"class": "text-end text-nowrap"},
    "th": {"class": "text-end"},
    "tf": {"class": "text-end text-nowrap fw-bold"},
}


class NumberColumn(tables.Column):
    """A right-aligned figure, shown with `formats.<show>`; exports keep the number itself."""

    show = staticmethod(formats.integer)
    export_kind = "integer"  # the number format of the XLSX export (core/exports.py)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return self.show(value)

    def value(self, value):
        return value


@library.register
class AmountColumn(NumberColumn):
    """Whole kroner: "1.500.000 kr."."""

    show = staticmethod(formats.kr)
    export_kind = "amount"

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, fields.AmountField) and not field.in_thousands:
            return cls(**kwargs)


@library.register
class ThousandsColumn(NumberColumn):
    """An amount in 1.000 kr. in a table whose heading says so: "4.000"."""

    show = staticmethod(formats.thousands)
    export_kind = "thousands"

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, fields.AmountField) and field.in_thousands:
            return cls(**kwargs)


@library.register
class HoursColumn(NumberColumn):
    """Hours per week: "38 timer pr. uge"; the export keeps the number (7,5 in Danish Excel)."""

    show = staticmethod(formats.hours)
    export_kind = "hours"

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, fields.HoursField):
            return cls(**kwargs)


@library.register
class YearColumn(tables.Column):
    """A year: 2026."""

    export_kind = "year"

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, fields.YearField):
            return cls(**kwargs)

    def render(self, value):
        return formats.year(value)


def _has_callable(*attrs):
    return any(callable(value) for group in attrs for part in ("cell", "td") for value in group.get(part, {}).values())


@library.register
class DateColumn(tables.Column):
    """A date in Danish ("26. marts 2019"), formatted in Python: django-tables2's own DateColumn
    compiles a template for every cell. Registered, so model date fields get it too. Exports get the date
    itself (a real date in XLSX, 26-03-2019 in CSV)."""

    export_kind = "date"

    def __init__(self, format="j. F Y", short=None, *args, **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def render(self, value):
        return format_date(value, self.format)

    def value(self, value):
        return value


@library.register
class DateTimeColumn(DateColumn):
    """A moment in Danish local time ("26. marts 2019 14:05")."""

    export_kind = "datetime"

    def __init__(self, format="j. F Y H:i", *args, **kwargs):
        super().__init__(format, *args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def render(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return format_date(value, self.format)
