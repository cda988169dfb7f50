import django_filters

from .forms import AmountField, QuickSelect


class AmountFilter(django_filters.Filter):
    """A filter on an amount typed the Danish way ("500.000" is five hundred thousand)."""

    field_class = AmountField


class PortalFilterSet(django_filters.FilterSet):
    """Every list's filter set: choice filters render with QuickSelect, so long lists stay cheap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                filter_.extra.setdefault("widget", QuickSelect)
