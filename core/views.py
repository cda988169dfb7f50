"""Building blocks every app's views are declared with."""

import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django.views.generic import FormView, RedirectView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import exports, registry
from .exceptions import ConcurrentEditError
from .roles import can_edit, is_administrator
from .selectors import archivable_entries, archived_items, deletion_blockers, deletion_consequences, named
from .services import item_archive, item_delete, item_restore
from .timetravel import TimeTravelListMixin, as_of, is_archivable, refuse_write_in_the_past
from .versions import CACHE_SECONDS, reading_apps, still_current, versions


class WriteAccessMixin(PermissionRequiredMixin):
    """A view that changes data. Anonymous users go to login; others without the permission get 403.

    The URL-walking test finds every write view by this mixin, so a new write view is
    covered by the role test without being listed anywhere.
    """

    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        if as_of(request) is not None and request.user.is_authenticated:
            return refuse_write_in_the_past(request)
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()


class AdminOnlyMixin(UserPassesTestMixin):
    """A page only administrators may read (superusers and the Administrator group), such as the
    audit trail. Anonymous users go to login; everybody else gets 403.

    The URL-walking test finds these views by this mixin and checks that Læser and Redaktør are refused.
    """

    raise_exception = True

    def test_func(self):
        return is_administrator(self.request.user)

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()


class ServiceFormMixin:
    """Runs a form's cleaned data through a service and turns domain errors into form errors.

    Subclasses implement `perform(form)` calling one service. A concurrent edit keeps what
    the user typed and says what the other person changed.
    """

    conflict_template = "core/_conflict.html"

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ConcurrentEditError as conflict:
            form.add_error(None, render_to_string(self.conflict_template, {"conflict": conflict}))
            if "version" in form.fields:
                # A second save after reading the message is a deliberate overwrite.
                data = form.data.copy()
                data[form.add_prefix("version")] = conflict.current_version
                form.data = data
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if getattr(self, "success_message", None) and not self.request.htmx:
            messages.success(self.request, self.success_message)
        return self.render_success()

    def render_success(self):
        from django.shortcuts import redirect

        return redirect(self.get_success_url())


@dataclass(frozen=True)
class Formset:
    """Rows edited with the form (a project's allocations per year): `make(data=…, instance=…)` builds
    the formset; the page shows it under `legend` with `help`, and the view's `perform` reads it as
    `self.formsets[name]`."""

    name: str
    legend: str
    help: str
    make: object


class ObjectFormView(WriteAccessMixin, ServiceFormMixin):
    """Create or edit one row through its app's service, on `core/form.html` (NetBox's ObjectEditView).

    A view declares its model, form, the label of a new one (`new_label`: "Nyt program"), its `formsets`,
    the list it belongs to (`list_url_name`, `list_label`) or the `parent` it is part of, and `perform(form)`
    calling one service. The permission follows the model: `<app>.add_<model>` or `<app>.change_<model>`.
    Every formset must be valid before the service is called; a refused post keeps everything typed."""

    template_name = "core/form.html"
    new_label = ""
    edit_heading = ""  # where "Redigér <item>" is not what the heading should say
    intro = ""  # above the form of a new one
    formsets: tuple[Formset, ...] = ()
    list_url_name = ""
    list_label = ""
    parent = ""  # the attribute holding the item this one is part of (an activity's delaftale)
    submit_label = "Gem"
    form_width = "col-lg-10"

    @property
    def editing(self) -> bool:
        return getattr(self, "object", None) is not None and self.object.pk is not None

    def get_permission_required(self):
        if self.permission_required is not None:
            return super().get_permission_required()
        opts = self.model._meta
        return (f"{opts.app_label}.{'change' if self.editing else 'add'}_{opts.model_name}",)

    @cached_property
    def parent_object(self):
        if self.parent and self.editing:
            return getattr(self.object, self.parent)
        return None

    @cached_property
    def formsets_bound(self) -> dict:
        data = self.request.POST if self.request.method == "POST" else None
        instance = self.object if self.editing else None
        return {spec.name: spec.make(data=data, instance=instance) for spec in self.formsets}

    @property
    def heading(self) -> str:
        if not self.editing:
            return self.new_label
        return self.edit_heading or f"Redigér {self.object}"

    @property
    def crumb(self) -> str:
        return "Redigér" if self.editing else self.new_label

    @property
    def breadcrumbs(self) -> list[tuple[str, str]]:
        crumbs = [(reverse(self.list_url_name), self.list_label)] if self.list_url_name else []
        if self.parent_object is not None:
            crumbs.append((self.parent_object.get_absolute_url(), str(self.parent_object)))
        if self.editing and hasattr(self.object, "get_absolute_url"):
            crumbs.append((self.object.get_absolute_url(), str(self.object)))
        return crumbs

    def item_url(self) -> str:
        """Where the item is shown: its own page, or, for a row without one (a pool, a value of
        Sammenhængsmodellen), the page of the item it is part of, or its list."""
        if self.editing and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        if self.parent_object is not None:
            return self.parent_object.get_absolute_url()
        return reverse(self.list_url_name) if self.list_url_name else "/"

    @property
    def cancel_url(self) -> str:
        return self.item_url()

    def get_success_url(self):
        return self.item_url()

    @property
    def formsets_shown(self):
        return [(spec, self.formsets_bound[spec.name]) for spec in self.formsets]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.formsets_bound, **kwargs)

    def form_valid(self, form):
        if not all(formset.is_valid() for formset in self.formsets_bound.values()):
            return self.form_invalid(form)
        return super().form_valid(form)


class ConfirmDeleteView(WriteAccessMixin, ServiceFormMixin, FormView):
    """ "Slet …?" with what will go, then one service call (NetBox's ObjectDeleteView). The view declares its
    `model`, `consequences()` (the lines the page lists), `perform(form)` and `get_success_url()`; the
    permission is `<app>.delete_<model>`. A service that refuses says why, on the same page."""

    template_name = "core/confirm_delete.html"
    form_class = forms.Form  # nothing to fill in: the button is the confirmation
    success_message = ""

    def get_permission_required(self):
        opts = self.model._meta
        return (f"{opts.app_label}.delete_{opts.model_name}",)

    @cached_property
    def object(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def consequences(self) -> list[str]:
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, consequences=self.consequences(), **kwargs)

    def form_valid(self, form):
        self.success = self.get_success_url()  # the object is gone afterwards: its page's address first
        return super().form_valid(form)

    def render_success(self):
        from django.shortcuts import redirect

        return redirect(self.success)


class HelpView(TemplateView):
    template_name = "core/help.html"


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(RedirectView):
    """/was: the municipality's tilgængelighedserklæring (required of public bodies), which lives on
    the Agency for Digital Government's site; its address is set per deployment. Open to everyone."""

    def get_redirect_url(self, *args, **kwargs):
        return settings.ACCESSIBILITY_STATEMENT_URL


@require_POST
def session_keepalive(request):
    """ "Bliv logget ind": the session's idle time starts again (core.middleware saves it on a change)."""
    from .middleware import ACTIVE_AT

    request.session[ACTIVE_AT] = time.time()
    return HttpResponse(status=204)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Danish page that says what happened and what to do, instead of Django's."""
    return render(request, "403_csrf.html", status=403)


def list_content_key(request) -> str | None:
    """The cache key of a list page's content: everything the content depends on but the data. None for
    exports.

    The content (filter form, table, pagination) is the same for everyone with the same role who
    asks the same address of the same data, so it is cached with the versions of the apps whose tables
    it read (ADR 0011, 0019): a saved change to any of them makes it stale, so a cached list is never
    stale, and a change to anything else leaves it be. The page around it (user, messages, CSRF token)
    is rendered for each request."""
    if "_export" in request.GET:
        return None
    moment = as_of(request)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    partial = "htmx" if request.htmx and not request.htmx.boosted else "side"
    role = "redaktoer" if can_edit(request) else "laeser"
    return f"liste:{moment.isoformat() if moment else 'nu'}:{role}:{partial}:{address}"


class ListPageView(ExportMixin, SingleTableMixin, FilterView):
    """List page: filterset + table + export; htmx requests get only the table partial.

    Every list is `core/list.html`, declared by the view: its `title`, an `intro`, the "new" button
    (`add_url_name`, `add_label`), other `links` and `breadcrumb_links`; what it counts is named by the
    model's registry entry. Its content is cached per data version: a repeated request reads no rows
    and renders no table (`{% cached_content %}`)."""

    template_name = "core/list.html"
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    # The columns of an importable list's export are its import's (core.sheets, ADR 0022); None: the table's.
    sheet_class = None
    import_slug = ""
    import_label = "Importér"
    partial_template_name = "core/tables/_table_partial.html"
    title = ""
    heading = ""  # where the page's heading says more than its title
    intro = ""
    add_url_name = ""
    add_label = ""
    links: tuple[tuple[str, str], ...] = ()  # (URL name, label): buttons beside the heading
    breadcrumb_links: tuple[tuple[str, str], ...] = ()  # (URL name, label) above the heading
    crumb = ""

    @cached_property
    def entry(self):
        model = self.model or (self.queryset.model if self.queryset is not None else self.filterset_class._meta.model)
        return registry.entry_for(model)

    @property
    def count_words(self) -> str:
        """ "projekt,projekter": the live count of rows for screen readers says "1 projekt"."""
        return f"{self.entry.singular},{self.entry.plural}"

    @property
    def words_plural(self) -> str:
        return self.entry.plural

    @property
    def add_url(self) -> str:
        return reverse(self.add_url_name) if self.add_url_name else ""

    @property
    def links_shown(self):
        return [(reverse(name), label) for name, label in self.links]

    @property
    def archived_url(self) -> str:
        """ "Vis arkiverede": where the kind's archived items are, which this list leaves out."""
        if self.entry is None or not is_archivable(self.entry.model):
            return ""
        return f"{reverse('archive:list')}?{urlencode({'type': self.entry.label})}"

    @property
    def breadcrumbs(self):
        return [(reverse(name), label) for name, label in self.breadcrumb_links]

    @property
    def import_url(self) -> str:
        """ "Importér": where an editor imports this list's spreadsheet (the spreadsheets app), if it has one;
        `import_slug` names another sheet to import from this list (the indicators' measurements)."""
        slug = self.import_slug or (self.sheet_class.slug if self.sheet_class is not None else "")
        if not slug:
            return ""
        try:
            return reverse(f"spreadsheets:{slug}")
        except NoReverseMatch:
            return ""

    # --- Exports for Danish Excel (core/exports.py, ADR 0022) -------------------------------------

    @property
    def export_day(self):
        """The day the rows are shown as of, for an export of the past; None for today's data."""
        if isinstance(self, TimeTravelListMixin):
            return getattr(self.request, "time_travel_day", None)
        return None

    def export_filters(self) -> list[str]:
        """The list's filter in words, for the file's name and the sheet: ["år 2019", "pulje 0,35 %-puljen"]."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or not filterset.is_bound or not filterset.form.is_valid():
            return []
        described = []
        for name, field in filterset.form.fields.items():
            value = filterset.form.cleaned_data.get(name)
            if value in (None, "", [], ()):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, dict(field.choices).get(str(value), value))
            described.append(f"{str(field.label).lower()} {value}")
        return described

    def export_about(self, filters) -> list[tuple[str, str]]:
        from django.utils import timezone

        from .formats import date_time, long_date

        about = [("Liste", self.title), ("Filter", "; ".join(filters) or "Ingen: alle rækker")]
        about.append(("Hentet", date_time(timezone.now())))
        if self.export_day is not None:
            about.append(
                (
                    "Viser",
                    f"Data {exports.PAST_PREFIX}{exports.danish_date(self.export_day)} "
                    f"({long_date(self.export_day)}), fra historikken – ikke dagens data.",
                )
            )
        return about

    def export_columns_and_rows(self):
        """(columns, rows) of the export: the sheet's for an importable list, else the table's columns."""
        if self.sheet_class is not None:
            return self.sheet_class().export_table(self.object_list, moment=as_of(self.request))
        table = self.get_table(**self.get_table_kwargs())
        shown = [column for column in table.columns.iterall() if not (column.column.exclude_from_export)]
        values = table.as_values()
        next(values)  # the header row: the columns say it with their kinds
        columns = [
            exports.Column(str(column.header), getattr(column.column, "export_kind", "text")) for column in shown
        ]
        return columns, values

    def create_export(self, export_format):
        columns, rows = self.export_columns_and_rows()
        filters = self.export_filters()
        day = self.export_day
        title = self.title
        if day is not None:  # "Projekter som den 26-03-2019", or as much of it as a sheet's name holds
            title = f"{self.title} {exports.PAST_PREFIX}{exports.danish_date(day)}"
            if len(title) > 31:
                title = f"{self.title[: 31 - 11]} {exports.danish_date(day)}"
        name = exports.file_name(self.export_name, export_format, filters=filters, as_of=day)
        if export_format == "xlsx":
            content = exports.xlsx_bytes(columns, rows, title=title, about=self.export_about(filters))
            response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(exports.csv_bytes(columns, rows), content_type=exports.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def get(self, request, *args, **kwargs):
        self.content_cache_key = list_content_key(request)
        if self.content_cache_key is None:
            return super().get(request, *args, **kwargs)
        now = versions()  # before any row is read: a change while rendering makes the next request render
        stored = cache.get(self.content_cache_key)
        if stored is not None and still_current(stored["versions"], now):
            # Only what the page around the content reads (base.html and the time-travel banner).
            self.object_list = []  # read by get_template_names(); nothing else is
            shell = {
                "view": self,
                "cached_content": stored["html"],
                "time_travel_supported": isinstance(self, TimeTravelListMixin),
            }
            return self.render_to_response(shell)
        with reading_apps() as read:
            response = super().get(request, *args, **kwargs)
            response.render()
        if getattr(self, "rendered_content_html", None) is not None:
            entry = {"versions": {name: now.get(name, 0) for name in read}, "html": self.rendered_content_html}
            cache.set(self.content_cache_key, entry, CACHE_SECONDS)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(content_cache_key=self.content_cache_key, **kwargs)

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_table_kwargs(self):
        return {"request": self.request}


def render_partial(request, template_name, context) -> HttpResponse:
    return HttpResponse(render_to_string(template_name, context, request=request))


# --- Retiring and deleting any registered item (issue 22, ADR 0018) -------------------------------


def item_url(item) -> str:
    """Where to find an item: its own page, else the page of what it is part of, else its list."""
    if hasattr(item, "get_absolute_url"):
        return item.get_absolute_url()
    entry = registry.entry_for(type(item))
    if entry and entry.parent:
        return item_url(getattr(item, entry.parent))
    if entry and entry.list_url:
        return reverse(entry.list_url)
    return reverse("archive:list")


def lifecycle_url(item, action: str) -> str:
    """The address of "arkivér", "gendan" or "slet" for an item (names from core/urls.py)."""
    opts = item._meta
    return reverse(f"archive:{opts.app_label}_{opts.model_name}_{action}", kwargs={"pk": item.pk})


class ArchiveReasonForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse",
        help_text="Fx „Oprettet to gange ved en fejl“ eller „Aktiviteten er afsluttet“. Begrundelsen står i historikken.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Skriv en begrundelse for arkiveringen."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ItemActionView(WriteAccessMixin, ServiceFormMixin, FormView):
    """One action on one item of a registered kind; core/urls.py makes a subclass per kind with `model`."""

    model = None
    action = ""  # "change" or "delete": the permission it takes
    template_name = "core/item_action.html"

    def get_permission_required(self):
        opts = self.model._meta
        return (f"{opts.app_label}.{self.action}_{opts.model_name}",)

    @cached_property
    def object(self):
        return get_object_or_404(self.model._base_manager, pk=self.kwargs["pk"])

    @property
    def cancel_url(self) -> str:
        return item_url(self.object)

    def get_initial(self):
        return {"version": getattr(self.object, "version", None)}

    def get_context_data(self, **kwargs):
        this = named(self.object)
        # "Slet projekt „…“?": the kind in lower case inside a sentence.
        return super().get_context_data(
            object=self.object, named=this, in_sentence=this[:1].lower() + this[1:], **kwargs
        )

    def get_success_url(self):
        return item_url(self.object)


class ArchiveView(ItemActionView):
    action = "change"
    form_class = ArchiveReasonForm
    verb = "Arkivér"

    def perform(self, form):
        item = item_archive(
            item=self.object,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            acting_user=self.request.user,
        )
        self.success_message = f"{named(item)} er arkiveret. Det kan gendannes fra siden."
        return item


class RestoreView(ItemActionView):
    action = "change"
    form_class = VersionForm
    verb = "Gendan"

    def perform(self, form):
        item = item_restore(
            item=self.object, expected_version=form.cleaned_data["version"], acting_user=self.request.user
        )
        self.success_message = f"{named(item)} er gendannet og tæller med igen."
        return item


class ItemDeleteView(ItemActionView):
    action = "delete"
    form_class = forms.Form
    verb = "Slet"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            blockers=deletion_blockers(self.object),
            consequences=deletion_consequences(self.object),
            archive_url=lifecycle_url(self.object, "archive"),
            **kwargs,
        )

    def perform(self, form):
        entry = registry.entry_for(self.model)
        self.success = (
            item_url(getattr(self.object, entry.parent))
            if entry.parent
            else (reverse(entry.list_url) if entry.list_url else reverse("home"))
        )
        item_delete(item=self.object, acting_user=self.request.user)
        self.success_message = f"{named(self.object)} er slettet."
        return self.object

    def get_success_url(self):
        return self.success


class ArchivedListView(TemplateView):
    """ "Vis arkiverede": what was archived, per kind, with why and when; `?type=<label>` shows one kind."""

    template_name = "core/archived_list.html"

    def get_context_data(self, **kwargs):
        label = self.request.GET.get("type", "")
        known = {entry.label for entry in archivable_entries()}
        label = label if label in known else ""
        return super().get_context_data(
            kinds=archived_items(label=label), chosen=label, entries=archivable_entries(), **kwargs
        )
