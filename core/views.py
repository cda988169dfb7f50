"""Building blocks every app's views are declared with."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from .exceptions import ConcurrentEditError
from .roles import is_administrator
from .timetravel import as_of, refuse_write_in_the_past


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


class ListPageView(ExportMixin, SingleTableMixin, FilterView):
    """List page: filterset + table + export; htmx requests get only the table partial."""

    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    partial_template_name = "core/tables/_table_partial.html"

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_table_kwargs(self):
        return {"request": self.request}


def render_partial(request, template_name, context) -> HttpResponse:
    return HttpResponse(render_to_string(template_name, context, request=request))
