import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django_filters.fields import ModelChoiceField

from core.filters import DayFilter, PortalFilterSet
from statuses.models import StatusChange

from .forms import DATE_ERROR, AuditFilterForm
from .selectors import audit_log, kind_choices, user_label


class UserChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{user_label(obj)} ({obj.get_username()})"


class UserChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


def _date_filter(label):
    return DayFilter(
        label=label,
        method="keep",
        error_messages={"invalid": DATE_ERROR},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AuditFilterSet(PortalFilterSet):
    """Who, what kind of item, which item and when.

    The filters only read and check the form; the audit trail is a UNION ALL over many tables,
    so `qs` is an AuditLog built by the service rather than a filtered queryset.
    """

    bruger = UserChoiceFilter(
        label="Bruger",
        method="keep",
        empty_label="Alle brugere",
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
    )
    slags = django_filters.ChoiceFilter(
        label="Slags emne", method="keep", choices=kind_choices, empty_label="Alle slags"
    )
    q = django_filters.CharFilter(label="Emnets navn", method="keep", widget=forms.TextInput(attrs={"type": "search"}))
    fra = _date_filter("Fra dato (dd-mm-åååå)")
    til = _date_filter("Til dato (dd-mm-åååå)")

    class Meta:
        form = AuditFilterForm
        fields = ["bruger", "slags", "q", "fra", "til"]

    def __init__(self, data=None, queryset=None, **kwargs):
        # FilterSet wants a queryset for its model; the trail has none of its own.
        super().__init__(data, queryset if queryset is not None else StatusChange.objects.none(), **kwargs)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_log"):
            data = self.form.cleaned_data if self.is_valid() else {}
            self._log = audit_log(
                user=data.get("bruger"),
                kind=data.get("slags") or "",
                q=data.get("q") or "",
                date_from=data.get("fra"),
                date_to=data.get("til"),
            )
        return self._log
