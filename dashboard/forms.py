import functools

from django import forms

from core.forms import ChoicesWhenRendered, QuickSelect

from .selectors import FILTER_FIELDS, NO_FILTER, STALE_AFTER_DAYS, OverviewFilter
from .selectors.base import named_choices


class PeriodForm(forms.Form):
    dage = forms.IntegerField(
        label="Ikke opdateret i mindst (dage)",
        min_value=1,
        max_value=3650,
        initial=STALE_AFTER_DAYS,
        localize=False,
        error_messages={
            "invalid": "Skriv et helt antal dage, fx 90.",
            "min_value": "Mindst 1 dag.",
            "max_value": "Højst 3650 dage.",
        },
    )


def period(request) -> tuple[PeriodForm, int]:
    form = PeriodForm(request.GET if "dage" in request.GET else None)
    days = form.cleaned_data["dage"] if form.is_bound and form.is_valid() else STALE_AFTER_DAYS
    return form, days


def _choices(read, name, empty_label):
    # Given to the widget as a callable, so it is called only when the select is rendered: a cached overview
    # reads none of the choices.
    return [("", empty_label), *read()[name]]


class OverviewFilterForm(forms.Form):
    """Narrows the overview to one pool, programme or area; named as the list pages name them."""

    pool = forms.ModelChoiceField(label="Pulje", queryset=None, required=False, empty_label="Alle puljer")
    programme = forms.ModelChoiceField(label="Program", queryset=None, required=False, empty_label="Alle programmer")
    area = forms.ModelChoiceField(label="Område", queryset=None, required=False, empty_label="Alle områder")

    def __init__(self, *args, **kwargs):
        from initiatives.models import Area
        from programs.models import Programme
        from projects.models import Pool

        super().__init__(*args, **kwargs)
        models = {"pool": Pool, "programme": Programme, "area": Area}
        read = functools.cache(lambda: named_choices(models))  # the three lists from one query, when rendered
        for name, field in self.fields.items():
            field.queryset = models[name].objects.all()  # what a chosen pk is checked against
            field.widget = QuickSelect(
                attrs={"class": "form-select form-select-sm"},
                choices=ChoicesWhenRendered(functools.partial(_choices, read, name, field.empty_label)),
            )
            field.widget.is_required = False
            field.error_messages["invalid_choice"] = "Vælg en af mulighederne på listen."
        for name, field in self.fields.items():  # validated only now, with the Danish messages in place
            if self.is_bound and name in self.errors:
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_fejl"})

    def chosen_labels(self) -> list[tuple[str, str]]:
        """(filter, chosen name) for each filter in use: what the page says it is narrowed to."""
        if not self.is_bound or self.errors:
            return []
        return [
            (field.label, str(self.cleaned_data[name]))
            for name, field in self.fields.items()
            if self.cleaned_data[name]
        ]


def overview_filter(request) -> tuple[OverviewFilterForm, OverviewFilter]:
    """The filter the request asks for; a choice that does not exist is refused with a Danish message
    and the overview shown unfiltered."""
    if not any(request.GET.get(name) for name in FILTER_FIELDS):
        return OverviewFilterForm(), NO_FILTER
    form = OverviewFilterForm(request.GET)
    if not form.is_valid():
        return form, NO_FILTER
    return form, OverviewFilter(**{name: getattr(form.cleaned_data[name], "pk", None) for name in FILTER_FIELDS})


class CompareForm(forms.Form):
    """Two meetings held so far; the page compares the portal at the end of each meeting's day."""

    fra = forms.ModelChoiceField(label="Fra mødet", queryset=None, empty_label=None)
    til = forms.ModelChoiceField(label="Til mødet", queryset=None, empty_label=None)

    def __init__(self, *args, meetings=(), **kwargs):
        from django.utils import timezone

        from meetings.models import Meeting

        super().__init__(*args, **kwargs)
        queryset = Meeting.objects.select_related("committee").filter(date__lte=timezone.localdate()).order_by("-date")
        for field in self.fields.values():
            field.queryset = queryset
            field.label_from_instance = _meeting_label
            field.error_messages["invalid_choice"] = "Vælg et af møderne på listen."
            field.widget.attrs["class"] = "form-select"


def _meeting_label(meeting) -> str:
    from core.formats import long_date

    return f"{long_date(meeting.date)} · {meeting.committee}"


def compared_meetings(request, meetings: list) -> tuple[CompareForm, tuple | None]:
    """The two meetings the request names, or the two newest held (`meetings`, newest first)."""
    if "fra" in request.GET or "til" in request.GET:
        form = CompareForm(request.GET)
        if form.is_valid():
            return form, (form.cleaned_data["fra"], form.cleaned_data["til"])
        return form, None
    if len(meetings) < 2:
        return CompareForm(), None
    pair = (meetings[1], meetings[0])
    return CompareForm(initial={"fra": pair[0].pk, "til": pair[1].pk}), pair


def meeting_options(meetings, day) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each held meeting in the overview's "Vis som ved mødet …": written here
    rather than by three template filters per option (a committee holds a dozen meetings a year, and the
    list keeps them all)."""
    from core.formats import long_date

    return [
        (meeting.date.isoformat(), f"{long_date(meeting.date)} · {meeting.committee}", meeting.date == day)
        for meeting in meetings
    ]
