from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView
from django_htmx.http import reswap, retarget

from core.views import ServiceFormMixin, WriteAccessMixin, render_partial

from .forms import StatusChangeForm
from .models import StatusScale
from .services import status_change


class StatusChangeView(WriteAccessMixin, ServiceFormMixin, FormView):
    """Change one item's status with a reason.

    Declared per model in each app's urls. A normal request gets a full page; an htmx
    request from a list row gets the form in place and, once saved, the refreshed row.
    """

    permission_required = "statuses.add_statuschange"
    form_class = StatusChangeForm
    template_name = "statuses/status_change.html"
    partial_template_name = "statuses/_status_change_form.html"
    model = None
    queryset = None
    table_class = None
    success_message = "Status er ændret."

    def get_queryset(self):
        return self.queryset if self.queryset is not None else self.model.objects.all()

    @cached_property
    def item(self):
        return get_object_or_404(self.get_queryset().select_related("status__scale"), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if request.htmx and "row" in request.GET:
            return self.render_row()  # "Fortryd": put the row back as it was
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.item}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.item, action=self.request.get_full_path(), history=self.item.status_history()[:5], **kwargs
        )

    def get_template_names(self):
        return [self.partial_template_name if self.request.htmx else self.template_name]

    def perform(self, form):
        status_change(
            item=self.item,
            new_value=form.cleaned_data["new_value"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            acting_user=self.request.user,
        )
        return self.item

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if self.request.htmx and self.request.method == "POST":
            # The form was posted from a row: show its errors where the form is.
            response = retarget(reswap(response, "outerHTML"), "this")
        return response

    def render_row(self, **context):
        table = self.table_class(self.get_queryset().filter(pk=self.item.pk), request=self.request)
        return render_partial(self.request, "core/tables/_row.html", {"table": table, "row": table.rows[0], **context})

    def render_success(self):
        if self.request.htmx and self.table_class is not None:
            self.item.refresh_from_db(fields=["status"])
            return self.render_row(
                updated=True, announcement=f"Status for {self.item} er ændret til {self.item.status}."
            )
        return super().render_success()

    def get_success_url(self):
        return self.item.get_absolute_url()


class StatusScaleListView(ListView):
    """Every status scale with its values and their defined meanings."""

    template_name = "statuses/scale_list.html"
    queryset = StatusScale.objects.prefetch_related("values")
