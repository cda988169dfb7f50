import django_tables2 as tables
from django.db.models import QuerySet


class BaseTable(tables.Table):
    """A table that declares the relations its columns read, so a page costs the same few queries
    whatever its row count."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        if isinstance(data, QuerySet):
            if self.select_related:
                data = data.select_related(*self.select_related)
            if self.prefetch_related:
                data = data.prefetch_related(*self.prefetch_related)
        super().__init__(data, *args, **kwargs)

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
