"""Building blocks every app's views are declared with."""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import registry
from .exceptions import ConcurrentEditError
from .roles import can_edit, is_administrator
from .timetravel import TimeTravelListMixin, as_of, refuse_write_in_the_past
from .versions import data_version


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


def list_content_key(request) -> str | None:
    """The cache key of a list page's content: everything the content depends on. None for exports.

    The content (filter form, table, pagination) is the same for everyone with the same role who
    asks the same address on the same data, so it is cached per data version (ADR 0011): any saved
    change anywhere makes a new version, so a cached list is never stale. The page around it (user,
    messages, CSRF token) is rendered for each request."""
    if "_export" in request.GET:
        return None
    moment = as_of(request)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    partial = "htmx" if request.htmx and not request.htmx.boosted else "side"
    role = "redaktoer" if can_edit(request) else "laeser"
    return f"liste:{data_version()}:{moment.isoformat() if moment else 'nu'}:{role}:{partial}:{address}"


class ListPageView(ExportMixin, SingleTableMixin, FilterView):
    """List page: filterset + table + export; htmx requests get only the table partial.

    Every list is `core/list.html`, declared by the view: its `title`, an `intro`, the "new" button
    (`add_url_name`, `add_label`), other `links` and `breadcrumb_links`; what it counts is named by the
    model's registry entry. Its content is cached per data version: a repeated request reads no rows
    and renders no table (`{% cached_content %}`)."""

    template_name = "core/list.html"
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
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
        """"projekt,projekter": the live count of rows for screen readers says "1 projekt"."""
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
    def breadcrumbs(self):
        return [(reverse(name), label) for name, label in self.breadcrumb_links]

    def get(self, request, *args, **kwargs):
        self.content_cache_key = list_content_key(request)
        content = cache.get(self.content_cache_key) if self.content_cache_key else None
        if content is not None:
            # Only what the page around the content reads (base.html and the time-travel banner).
            self.object_list = []  # read by get_template_names(); nothing else is
            shell = {"view": self, "cached_content": content, "time_travel_supported": isinstance(self, TimeTravelListMixin)}
            return self.render_to_response(shell)
        return super().get(request, *args, **kwargs)

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
