import django_filters

from .forms import AmountField


class AmountFilter(django_filters.Filter):
    """A filter on an amount typed the Danish way ("500.000" is five hundred thousand)."""

    field_class = AmountField
