import django_filters

from .fields import FIRST_YEAR, LAST_YEAR
from .forms import AmountField, QuickSelect


def year_param(raw) -> int | None:
    """A year from the address (?year=2019), or None for anything that is not one: a page's figures
    follow the year its filter shows, and a bad value is the filter form's to explain."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


class AmountFilter(django_filters.Filter):
    """A filter on an amount typed the Danish way ("500.000" is five hundred thousand)."""

    field_class = AmountField


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
