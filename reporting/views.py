"""Pages of the reporting rounds. Views are declarations: reads from selectors, writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView, TemplateView

from core import registry
from core.roles import can_edit
from core.views import ServiceFormMixin, WriteAccessMixin
from meetings.models import Meeting

from .choices import ReportState
from .forms import ConfirmForm, ReportForm, ResponsibilityForm, ReturnForm, RoundForm
from .models import Report, ReportingRound
from .selectors import my_tasks, owner_name, responsibility_of, round_progress, round_reports
from .services import (
    item_of,
    report_approve,
    report_return,
    report_submit,
    responsibility_set,
    round_close,
    round_open,
)
from .tables import RoundTable


class RoundListView(TemplateView):
    template_name = "reporting/round_list.html"

    def get_context_data(self, **kwargs):
        rounds = ReportingRound.objects.select_related("meeting__committee").order_by("-due_date", "-id")
        user = self.request.user
        return super().get_context_data(
            table=RoundTable(rounds, request=self.request),
            can_open=can_edit(self.request) and user.has_perm("reporting.add_reportinground"),
            my_count=Report.objects.filter(owner=user, round__closed_at__isnull=True).missing().count(),
            **kwargs,
        )


class RoundCreateView(WriteAccessMixin, ServiceFormMixin, FormView):
    permission_required = "reporting.add_reportinground"
    template_name = "reporting/round_form.html"
    form_class = RoundForm

    def get_form_kwargs(self):
        from django.utils import timezone

        meetings = Meeting.objects.select_related("committee").filter(date__gte=timezone.localdate()).order_by("date")
        return {**super().get_form_kwargs(), "meetings": meetings}

    def perform(self, form):
        data = form.cleaned_data
        round_, self.without_owner = round_open(
            title=data["title"],
            due_date=data["due_date"],
            kinds=data["kinds"],
            meeting=data["meeting"],
            message=data["message"],
            acting_user=self.request.user,
        )
        return round_

    def render_success(self):
        text = f"Runden „{self.object}“ er åbnet med {self.object.reports.count()} punkter."
        if self.without_owner:
            text += f" {self.without_owner} af de valgte punkter har ingen ansvarlig og er ikke med."
        messages.success(self.request, text)
        return redirect(self.object.get_absolute_url())


REPORTS_PER_PAGE = 50


class RoundDetailView(DetailView):
    """A round's progress, per owner and per kind, and every report. Readers see it all and change nothing."""

    model = ReportingRound
    template_name = "reporting/round_detail.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("tilstand", "")
        reports = round_reports(self.object)
        if state in ReportState.values:
            reports = reports.filter(state=state)
        # A round of 2 000 items shows them REPORTS_PER_PAGE at a time; the counts above cover them all.
        page = Paginator(reports, REPORTS_PER_PAGE).get_page(self.request.GET.get("side"))
        editor = can_edit(self.request) and self.request.user.has_perm("reporting.change_report")
        return super().get_context_data(
            progress=round_progress(self.object),
            reports=page.object_list,
            page=page,
            states=ReportState.choices,
            chosen_state=state,
            can_review=editor and self.object.is_open,
            can_close=editor and self.object.is_open,
            **kwargs,
        )


class RoundCloseView(WriteAccessMixin, ServiceFormMixin, FormView):
    permission_required = "reporting.change_reportinground"
    template_name = "reporting/round_close.html"
    form_class = ConfirmForm
    url_model = ReportingRound

    @cached_property
    def round(self):
        return get_object_or_404(ReportingRound, pk=self.kwargs["pk"])

    def get_initial(self):
        return {"version": self.round.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, progress=round_progress(self.round), **kwargs)

    def perform(self, form):
        return round_close(
            round_=self.round, expected_version=form.cleaned_data["version"], acting_user=self.request.user
        )

    def render_success(self):
        messages.success(self.request, f"Runden „{self.object}“ er lukket og tager ikke imod flere indberetninger.")
        return redirect(self.object.get_absolute_url())


class MyTasksView(TemplateView):
    """ "Mine opgaver": what the signed-in owner must report on in open rounds."""

    template_name = "reporting/my_tasks.html"

    def get_context_data(self, **kwargs):
        tasks = my_tasks(self.request.user)
        return super().get_context_data(
            tasks=tasks,
            missing=sum(1 for report in tasks if report.is_missing),
            can_report=self.request.user.has_perm("reporting.submit_report"),
            **kwargs,
        )


class ReportMixin:
    url_model = Report

    @cached_property
    def report(self) -> Report:
        return get_object_or_404(
            Report.objects.select_related("round", "owner", "proposed_status", "reviewed_by"), pk=self.kwargs["pk"]
        )

    @cached_property
    def item(self):
        return item_of(self.report)

    def get_initial(self):
        return {"version": self.report.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, item=self.item, round=self.report.round, **kwargs)


class ReportSubmitView(ReportMixin, WriteAccessMixin, ServiceFormMixin, FormView):
    """The owner's report on one item. Only the item's owner may send it (the service checks it too)."""

    permission_required = "reporting.submit_report"
    template_name = "reporting/report_form.html"
    form_class = ReportForm

    def has_permission(self):
        return super().has_permission() and self.report.owner_id == self.request.user.pk

    def get_form_kwargs(self):
        item = self.item
        status = getattr(item, "status", None)
        indicator = item is not None and item._meta.label_lower == "goals.indicator"
        kwargs = {
            **super().get_form_kwargs(),
            "scale": status.scale if status is not None else None,
            "indicator": indicator,
            "unit": getattr(item, "unit", "") if indicator else "",
        }
        return kwargs

    def get_initial(self):
        report = self.report
        status = report.proposed_status or getattr(self.item, "status", None)
        return {
            "version": report.version,
            "status": status.pk if status is not None else None,
            "text": report.text,
            "measured_value": report.measured_value,
            "measured_on": report.measured_on,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            open=self.report.round.is_open and self.report.state != ReportState.APPROVED, **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        try:
            return report_submit(
                report=self.report,
                status=data.get("status"),
                text=data["text"],
                measured_value=data.get("measured_value"),
                measured_on=data.get("measured_on"),
                expected_version=data["version"],
                acting_user=self.request.user,
            )
        except PermissionDenied as refused:
            raise ValidationError(str(refused)) from refused

    def render_success(self):
        messages.success(self.request, f"Din indberetning om „{self.report.item_title}“ er sendt til sekretariatet.")
        return redirect("reporting:my_tasks")


class ReportReviewMixin(ReportMixin, WriteAccessMixin, ServiceFormMixin, FormView):
    permission_required = "reporting.change_report"

    def render_success(self):
        messages.success(self.request, self.done_message())
        return redirect(self.report.round.get_absolute_url())


class ReportApproveView(ReportReviewMixin):
    template_name = "reporting/report_approve.html"
    form_class = ConfirmForm

    def perform(self, form):
        return report_approve(
            report=self.report, expected_version=form.cleaned_data["version"], acting_user=self.request.user
        )

    def done_message(self):
        return f"Indberetningen om „{self.report.item_title}“ er godkendt."


class ReportReturnView(ReportReviewMixin):
    template_name = "reporting/report_return.html"
    form_class = ReturnForm

    def perform(self, form):
        data = form.cleaned_data
        return report_return(
            report=self.report, reason=data["reason"], expected_version=data["version"], acting_user=self.request.user
        )

    def done_message(self):
        return f"Indberetningen om „{self.report.item_title}“ er sendt retur til {owner_name(self.report.owner)}."


class ResponsibilityView(WriteAccessMixin, ServiceFormMixin, FormView):
    """Who owns an item and how often it is reported on: `?punkt=projects.project:5`."""

    permission_required = "reporting.change_responsibility"
    template_name = "reporting/responsibility_form.html"
    form_class = ResponsibilityForm

    @cached_property
    def item(self):
        label, _, pk = self.request.GET.get("punkt", "").partition(":")
        entry = next((entry for entry in registry.trackable() if entry.label == label), None)
        if entry is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
            return None
        return entry.model._default_manager.filter(pk=int(pk)).first()

    def get_initial(self):
        found = responsibility_of(self.item) if self.item is not None else None
        return {"owner": found.owner_id if found else None, "frequency": found.frequency if found else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.item is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return responsibility_set(
            item=self.item,
            owner=data["owner"],
            frequency=data["frequency"],
            reason=data["reason"],
            acting_user=self.request.user,
        )

    def render_success(self):
        owner = self.object.owner
        who = owner_name(owner) if owner else "ingen"
        messages.success(self.request, f"Ansvarlig for „{self.item}“ er nu {who}.")
        return redirect(self.item.get_absolute_url())
