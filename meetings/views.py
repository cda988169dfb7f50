from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from core import formats
from core.forms import VersionField
from core.jobs import DONE, FAILED, LOST, job_state, state_of
from core.pdf import render_pdf
from core.registry import bilag_kind, bilag_kinds
from core.roles import is_editor
from core.versions import CACHE_SECONDS, data_version
from core.views import ConfirmDeleteView, ListPageView, ObjectFormView, ServiceFormMixin, WriteAccessMixin

from .filters import MeetingFilterSet
from .forms import IncludeChangesForm, IssueForm, MeetingForm
from .models import Bilag, BilagVersion, Meeting
from .pack import NoIssuedBilag, meeting_pack_pdf, meeting_pack_zip, pack_file_name
from .selectors import bilag_context, bilag_file_name, shown_bilag
from .services import (
    bilag_add,
    bilag_delete,
    bilag_issue_start,
    bilag_snapshot,
    bilag_update,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from .tables import MeetingTable
from .tasks import bilag_issue_job

VERSIONS_WITHOUT_CONTENT = BilagVersion.objects.defer("pdf", "snapshot").select_related("issued_by")


class MeetingListView(ListPageView):
    queryset = Meeting.objects.annotate(bilag_count=Count("bilag")).order_by("-date")
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    export_name = "moeder"
    export_formats = ()
    title = "Møder og bilag"
    add_url_name, add_label = "meetings:meeting_add", "Nyt møde"


class MeetingDetailView(DetailView):
    queryset = Meeting.objects.select_related("committee").prefetch_related(
        Prefetch(
            "bilag", queryset=Bilag.objects.prefetch_related(Prefetch("versions", queryset=VERSIONS_WITHOUT_CONTENT))
        )
    )
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        shown = shown_bilag(self.object, editor=is_editor(self.request.user))
        any_issued = any(bilag.versions.all() for bilag in self.object.bilag.all())
        return super().get_context_data(
            kinds=[(k.key, k.label) for k in bilag_kinds()],
            shown_bilag=shown,
            any_issued=any_issued,
            meeting_has_passed=self.object.date <= timezone.localdate(),  # the history holds no future
            **kwargs,
        )


class MeetingCreateView(ObjectFormView, CreateView):
    model = Meeting
    form_class = MeetingForm
    new_label = "Nyt møde"
    list_url_name, list_label = "meetings:meeting_list", "Møder og bilag"
    submit_label = "Opret møde"
    form_width = "col-lg-6"
    success_message = "Mødet er oprettet."

    def perform(self, form):
        return meeting_create(acting_user=self.request.user, **form.cleaned_data)


class MeetingUpdateView(ObjectFormView, UpdateView):
    model = Meeting
    form_class = MeetingForm
    list_url_name, list_label = "meetings:meeting_list", "Møder og bilag"
    form_width = "col-lg-6"
    success_message = "Mødet er rettet."

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in ("committee", "date", "title")}
        return meeting_update(
            meeting=self.object, expected_version=form.expected_version, acting_user=self.request.user, **data
        )


class MeetingDeleteView(ConfirmDeleteView):
    model = Meeting
    success_message = "Mødet er slettet."

    @property
    def cancel_url(self):
        return self.object.get_absolute_url()

    @property
    def cancel_label(self):
        return formats.long_date(self.object.date)

    def consequences(self):
        drafts = [f"{b}: {b.display_title} (kladde)" for b in self.object.bilag.all()]
        return [f"mødet den {formats.long_date(self.object.date)}", *drafts]

    def perform(self, form):
        meeting_delete(meeting=self.object, acting_user=self.request.user)

    def get_success_url(self):
        return reverse("meetings:meeting_list")


class BilagCreateView(WriteAccessMixin, ServiceFormMixin, FormView):
    """Add a bilag to a meeting: choose its kind (?slags=…), then the kind's settings."""

    permission_required = "meetings.add_bilag"
    model = Meeting
    template_name = "meetings/bilag_form.html"
    success_message = "Bilaget er tilføjet. Se det igennem, før du udsteder det."

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting.objects.select_related("committee"), pk=self.kwargs["pk"])

    @cached_property
    def kind(self):
        key = self.request.GET.get("slags") or self.request.POST.get("slags")
        return bilag_kind(key) if key else None

    def get_form_class(self):
        return self.kind.form_class if self.kind else IncludeChangesForm  # no kind yet: only the chooser shows

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            kind=self.kind,
            kind_label=self.kind.label if self.kind else "",
            changes_form=IncludeChangesForm(self.request.POST or None),
            kinds=[(k.key, k.label) for k in bilag_kinds()],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.kind is None:
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        changes = IncludeChangesForm(self.request.POST)
        changes.is_valid()
        self.object = bilag_add(
            meeting=self.meeting,
            kind=self.kind.key,
            parameters=form.parameters(),
            include_changes=changes.cleaned_data.get("include_changes", False),
            acting_user=self.request.user,
        )
        return self.object

    def get_success_url(self):
        return self.object.get_absolute_url()


class BilagUpdateView(BilagCreateView):
    """A draft's settings, on the same form it was added with; an issued bilag never changes."""

    permission_required = "meetings.change_bilag"
    model = Bilag
    success_message = "Bilagets indstillinger er gemt. Se det igennem, før du udsteder det."

    @cached_property
    def bilag(self):
        return get_object_or_404(Bilag.objects.select_related("meeting__committee"), pk=self.kwargs["pk"])

    @cached_property
    def meeting(self):
        return self.bilag.meeting

    @cached_property
    def kind(self):
        return bilag_kind(self.bilag.kind)

    def get_initial(self):
        return dict(self.bilag.parameters)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["version"] = VersionField(initial=self.bilag.version)  # no saving over another's edit
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(editing=self.bilag, **kwargs)
        if self.request.method == "GET":
            context["changes_form"] = IncludeChangesForm(initial={"include_changes": self.bilag.include_changes})
        return context

    def perform(self, form):
        changes = IncludeChangesForm(self.request.POST)
        changes.is_valid()
        self.object = bilag_update(
            bilag=self.bilag,
            expected_version=form.cleaned_data["version"],
            parameters=form.parameters(),
            include_changes=changes.cleaned_data.get("include_changes", False),
            acting_user=self.request.user,
        )
        return self.object


class BilagDeleteView(ConfirmDeleteView):
    model = Bilag
    success_message = "Kladden er slettet."

    @property
    def cancel_url(self):
        return self.object.meeting.get_absolute_url()

    @property
    def cancel_label(self):
        return formats.long_date(self.object.meeting.date)

    def consequences(self):
        later = self.object.meeting.bilag.filter(number__gt=self.object.number, versions__isnull=True)
        lines = [f"kladden {self.object}: {self.object.display_title}"]
        if later.exists():
            lines.append("De følgende kladder rykker et nummer op, så bilagene stadig er nummereret i rækkefølge.")
        return lines

    def perform(self, form):
        bilag_delete(bilag=self.object, acting_user=self.request.user)

    def get_success_url(self):
        return self.object.meeting.get_absolute_url()


DRAFT_REFUSED = "Bilaget er en kladde. Kun redaktører kan se det, indtil det er udstedt."


class BilagPreviewView(DetailView):
    """The bilag as a document: live data while a draft, frozen data once issued (?version=N).
    A draft is for editors only: a politician reads what was issued, never a document in the making."""

    queryset = Bilag.objects.select_related("meeting__committee", "created_by")
    for_pdf = False

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.version is None and not is_editor(request.user):
            raise PermissionDenied(DRAFT_REFUSED)
        return self.render_to_response(self.get_context_data(object=self.object))

    @cached_property
    def version(self):
        number = self.request.GET.get("version")
        versions = self.object.versions.select_related("issued_by")
        if number:
            if not (number.isascii() and number.isdigit()) or len(number) > 5:
                raise Http404("Ukendt version")
            return get_object_or_404(versions, number=int(number))
        return versions.order_by("-number").first()

    def get_template_names(self):
        return [bilag_kind(self.object.kind).template]

    def get_context_data(self, **kwargs):
        snapshot = self.version.snapshot if self.version else bilag_snapshot(bilag=self.object)
        versions = self.object.versions.defer("pdf", "snapshot").select_related("issued_by").order_by("-number")
        return {
            **super().get_context_data(**kwargs),
            **bilag_context(self.object, snapshot, version=self.version, for_pdf=self.for_pdf),
            "versions": versions,
        }


class BilagPdfView(BilagPreviewView):
    """The same document as a PDF: an issued version's stored bytes, or a draft rendered now.

    A draft is rendered once per data version (core.versions) and then served from the cache: a render
    takes seconds, and nothing it shows can change without a new data version."""

    for_pdf = True

    def render_to_response(self, context, **response_kwargs):
        name = bilag_file_name(self.object, version=self.version)
        if self.version is not None:
            response = HttpResponse(bytes(self.version.pdf), content_type="application/pdf")
            response["ETag"] = f'"{self.version.sha256}"'
            response["Cache-Control"] = "private"
        else:
            key = f"bilag-draft-pdf:{self.object.pk}:{data_version()}"
            content = cache.get(key)
            if content is None:
                content = render_pdf(super().render_to_response(context).rendered_content).content
                cache.set(key, content, CACHE_SECONDS)
            response = HttpResponse(content, content_type="application/pdf")
            response["Cache-Control"] = "private, no-store"
        response["Content-Disposition"] = content_disposition_header(False, name)
        return response


class BilagVersionsView(DetailView):
    """Who issued which version when, with what note, and each PDF's SHA-256 for whoever checks integrity."""

    queryset = Bilag.objects.select_related("meeting__committee")
    template_name = "meetings/bilag_versions.html"

    def get_context_data(self, **kwargs):
        versions = self.object.versions.defer("pdf", "snapshot").select_related("issued_by").order_by("-number")
        if not versions and not is_editor(self.request.user):
            raise PermissionDenied(DRAFT_REFUSED)
        return super().get_context_data(versions=versions, **kwargs)


class BilagIssueView(WriteAccessMixin, ServiceFormMixin, FormView):
    """Issue a bilag (freeze it); issuing again makes a corrected version with a note.

    The render runs on the background worker (ADR 0020): the post starts a job and the browser follows
    it on BilagIssueProgressView. A job that is already done when enqueue returns (the tests' immediate
    backend) goes straight to the meeting, as before."""

    permission_required = "meetings.add_bilagversion"
    model = Bilag
    form_class = IssueForm
    template_name = "meetings/bilag_issue.html"
    job = None

    @cached_property
    def bilag(self):
        return get_object_or_404(Bilag.objects.select_related("meeting__committee"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        last = self.bilag.versions.defer("pdf", "snapshot").order_by("-number").first()
        return super().get_context_data(bilag=self.bilag, last_version=last, **kwargs)

    def perform(self, form):
        self.job = state_of(
            bilag_issue_start(bilag=self.bilag, note=form.cleaned_data["note"], acting_user=self.request.user)
        )
        if self.job.finished and issue_error(self.job):
            raise ValidationError(issue_error(self.job))
        return self.bilag

    @property
    def success_message(self):
        if self.job is not None and self.job.state == DONE:
            return f"{self.bilag} er udstedt som version {self.job.value['version']}. Det ændrer sig ikke herefter."
        return None

    def get_success_url(self):
        if self.job is not None and self.job.state == DONE:
            return self.bilag.meeting.get_absolute_url()
        return issue_progress_url(self.bilag, self.job.id)


def issue_progress_url(bilag, job_id) -> str:
    return reverse("meetings:bilag_issue_progress", kwargs={"pk": bilag.pk}) + "?" + urlencode({"job": job_id})


JOB_FAILED = (
    "Bilaget kunne ikke udstedes på grund af en fejl. Intet er udstedt. Prøv igen; sker det igen, så kontakt "
    "sekretariatet."
)
JOB_LOST = (
    "Baggrundsprocessen stoppede, før bilaget var udstedt, så intet er udstedt. Prøv igen; bilaget udstedes da forfra."
)


def issue_error(job) -> str:
    """The Danish reason an issue job ended without a version, or "" if it issued one (or is not done)."""
    if job.state == FAILED:
        return JOB_FAILED
    if job.state == LOST:
        return JOB_LOST
    if job.state == DONE and "error" in job.value:
        return job.value["error"]
    return ""


class BilagIssueProgressView(DetailView):
    """ "Bilaget udstedes …": the state of an issue job (?job=…), polled every two seconds by htmx (or
    refreshed by the page itself without JavaScript) until it shows the issued version or a reason and
    "Prøv igen". The job is read from the task store, so any app server can answer the poll.
    Like the versions page, it is for editors while the bilag is a draft."""

    queryset = Bilag.objects.select_related("meeting__committee")
    template_name = "meetings/bilag_issue_progress.html"
    poll_seconds = 2

    def get_context_data(self, **kwargs):
        if not is_editor(self.request.user) and not self.object.versions.exists():
            raise PermissionDenied(DRAFT_REFUSED)
        job = None
        if job_id := self.request.GET.get("job"):
            job = job_state(bilag_issue_job, job_id)
            if job is None or job.kwargs.get("bilag_id") != self.object.pk:
                raise Http404("Ukendt udstedelse")
        error = issue_error(job) if job is not None else ""
        return super().get_context_data(
            bilag=self.object,
            job=job,
            error=error,
            version_number=job.value["version"] if job and job.state == DONE and not error else None,
            can_retry=self.request.user.has_perm("meetings.add_bilagversion"),
            poll_seconds=self.poll_seconds,
            **kwargs,
        )

    def get_template_names(self):
        if self.request.htmx:
            return ["meetings/_bilag_issue_progress.html"]
        return [self.template_name]


class MeetingPackView(DetailView):
    """Every issued bilag of a meeting in one download (meetings.pack); readers and editors alike."""

    queryset = Meeting.objects.select_related("committee")
    extension, content_type = "pdf", "application/pdf"

    def build(self, meeting) -> bytes:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        try:
            content = self.build(self.object)
        except NoIssuedBilag:  # a 404 that says why, in Danish (the generic page only says "not found")
            return render(
                self.request,
                "404.html",
                {
                    "heading": "Ingen bilag at hente",
                    "detail": "Mødet har ingen udstedte bilag endnu.",
                    "back_url": self.object.get_absolute_url(),
                    "back_label": "Tilbage til mødet",
                },
                status=404,
            )
        response = HttpResponse(content, content_type=self.content_type)
        # An attachment: the links say "Hent" (download); the name may hold "ø" (RFC 6266 filename*).
        response["Content-Disposition"] = content_disposition_header(True, pack_file_name(self.object, self.extension))
        return response


class MeetingPackPdfView(MeetingPackView):
    def build(self, meeting):
        return meeting_pack_pdf(meeting)


class MeetingPackZipView(MeetingPackView):
    extension, content_type = "zip", "application/zip"

    def build(self, meeting):
        return meeting_pack_zip(meeting)
