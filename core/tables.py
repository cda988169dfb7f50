import warnings

import django_tables2 as tables
from django_tables2.rows import BoundRows
from django.db.models import QuerySet

from .timetravel import history_records, is_history, prefetch_page, records_to_instances

MAX_PER_PAGE = 500


class BaseTable(tables.Table):
    """A table that declares the relations its columns read, so a page costs the same few queries
    whatever its row count."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
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
        super().paginate(*args, **kwargs)
        if self.from_history:
            rows = self.page.object_list
            instances = prefetch_page(records_to_instances(rows.data), *self.select_related, *self.prefetch_related)
            self.page.object_list = BoundRows(instances, table=self, pinned_data=rows.pinned_data)

    def as_values(self, exclude_columns=None):
        if self.from_history:  # an export of the past: every row, as instances
            instances = prefetch_page(records_to_instances(self.data.data), *self.select_related, *self.prefetch_related)
            self.rows = BoundRows(instances, table=self)
        return super().as_values(exclude_columns)

    class Meta:
        attrs = {"class": "table table-hover align-middle"}
        row_attrs = {"id": lambda record: f"row-{record.pk}"}
        empty_text = "Ingen rækker matcher filtrene."


class AmountColumn(tables.Column):
    """Whole kroner, right-aligned, Danish thousands separators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}, "tf": {"class": "text-end text-nowrap fw-bold"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        from .templatetags.danish import kr

        return kr(value)

    def value(self, value):
        return value
