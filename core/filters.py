import django_filters

from .forms import AmountField, DayField, QuickSelect, YearField


class AmountFilter(django_filters.Filter):
    """A filter on an amount typed the Danish way ("500.000" is five hundred thousand)."""

    field_class = AmountField


class YearFilter(django_filters.Filter):
    """A filter on a year, e.g. `field_name="date", lookup_expr="year"`. A NumberFilter would pass
    -1 or 10**20 on to the database's year lookup, which fails on them."""

    field_class = YearField


class DayFilter(django_filters.DateFilter):
    """A filter on a date the portal's data can lie on; others cannot become a moment in Danish time."""

    field_class = DayField


class PortalFilterSet(django_filters.FilterSet):
    """Every list's filter set: choice filters render with QuickSelect, so long lists stay cheap.

    A filter set only narrows the rows. django-filter runs `filter_queryset` only when the form is
    bound, so a figure added there would be missing on the page opened from the menu; the figures a
    page shows come from its app's selector (ADR 0013). A subclass may therefore not override it.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "filter_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__}.filter_queryset: put what the page always shows in the view's selector, "
                "not in a step that runs only for a bound filter form."
            )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                filter_.extra.setdefault("widget", QuickSelect)
