from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, FormView, ListView, UpdateView
from django_htmx.http import reswap, retarget

from core.views import AdminOnlyMixin, ObjectFormView, ServiceFormMixin, WriteAccessMixin, render_partial

from .forms import StatusChangeForm, StatusScaleForm, StatusValueForm
from .models import StatusScale, StatusValue
from .services import (
    SCALE_FIELDS,
    VALUE_FIELDS,
    scale_create,
    scale_update,
    status_change,
    status_value_create,
    status_value_update,
)


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


# --- Scales and their values: administrators only (configuration, registered admin_only) -------------


class ScaleAdminFormView(AdminOnlyMixin, ObjectFormView):
    """A form only administrators get, checked on the server: everybody else gets 403."""

    list_url_name, list_label = "statuses:scale_list", "Statusskalaer"
    form_width = "col-lg-8"

    def get_success_url(self):
        scale_id = self.object.pk if isinstance(self.object, StatusScale) else self.object.scale_id
        return f"{reverse('statuses:scale_list')}#skala-{scale_id}"


class ScaleCreateView(ScaleAdminFormView, CreateView):
    model, form_class = StatusScale, StatusScaleForm
    new_label = "Ny statusskala"
    intro = "Skalaens værdier tilføjes bagefter. Den første værdi bliver startværdi."
    success_message = "Statusskalaen er oprettet."

    def perform(self, form):
        return scale_create(
            slug=form.cleaned_data["slug"],
            data={f: form.cleaned_data[f] for f in SCALE_FIELDS},
            acting_user=self.request.user,
        )


class ScaleUpdateView(ScaleAdminFormView, UpdateView):
    model, form_class = StatusScale, StatusScaleForm
    edit_heading = "Redigér statusskala"
    success_message = "Statusskalaen er gemt."

    def perform(self, form):
        return scale_update(
            scale=self.object,
            data={f: form.cleaned_data[f] for f in SCALE_FIELDS},
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class StatusValueFormView(ScaleAdminFormView):
    model, form_class = StatusValue, StatusValueForm

    @cached_property
    def scale(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.scale
        return get_object_or_404(StatusScale, pk=self.kwargs["pk"])

    @property
    def breadcrumbs(self):
        return [(reverse("statuses:scale_list"), "Statusskalaer")]

    @property
    def heading(self):
        return f"{super().heading} på skalaen {self.scale}"

    def data(self, form):
        return {f: form.cleaned_data[f] for f in VALUE_FIELDS}


class StatusValueCreateView(StatusValueFormView, CreateView):
    url_model = StatusScale  # the pk in the address is the scale's
    new_label = "Ny statusværdi"
    success_message = "Statusværdien er oprettet."

    def perform(self, form):
        return status_value_create(
            scale=self.scale, slug=form.cleaned_data["slug"], data=self.data(form), acting_user=self.request.user
        )


class StatusValueUpdateView(StatusValueFormView, UpdateView):
    queryset = StatusValue.objects.select_related("scale")
    edit_heading = "Redigér statusværdi"
    success_message = "Statusværdien er gemt."

    def perform(self, form):
        return status_value_update(
            value=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )
