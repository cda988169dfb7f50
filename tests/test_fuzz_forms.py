"""Every form survives random and hostile input: no server error, every refusal in Danish, nothing lost.

The role walker in test_roles.py finds every write view. For each one the secretary opens the form,
and Hypothesis posts what the browser would send with a few fields replaced by hostile values: huge
and negative numbers, ambiguous amounts, Danish and odd Unicode, markup and script, SQL, NUL bytes,
empty and enormous text. A refused post must show its reasons in Danish and leave the database as it
was; an accepted one must lead to a page that shows what was saved.
"""

import os
import re
from html import escape
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import registry
from core.registry import bilag_kinds
from core.roles import ADMINISTRATOR
from core.views import ConfirmDeleteView, ItemDeleteView
from spreadsheets.views import ImportView
from tests.factories import overview_sheet, reporting_round, staged_import
from tests.queries import rows_digest_sql
from tests.test_roles import _cases, _url

# The apps whose rows a form may change: core's and every app the registry shows.
PORTAL_APPS = ("core", *sorted(registry.app_labels()))

# Django's own English messages (and the words they are built from): none may reach a user.
ENGLISH = (
    "This field",
    "is required",
    "Enter a",
    "Enter only",
    "Ensure this",
    "Ensure that",
    "Select a valid",
    "valid choice",
    "Null characters",
    "not allowed",
    "Please submit",
    "ManagementForm",
    "Make sure",
    "already exists",
    "Invalid",
    "invalid",
    "must be",
    "Please correct",
    "is not a valid",
    "Value '",
)

MEGA_TEXT = "x" * 100_000

HOSTILE = [
    # Numbers too large for any column, negative, or readable two ways.
    "1" + "0" * 30,
    "9" * 20,
    "9" * 5000,
    "-" + "9" * 25,
    str(2**63),
    str(2**31),
    "32768",
    "65536",
    "-1",
    "-1.000",
    "-0",
    "−5",
    "4.000",
    "1,5",
    "1.5",
    "1.50",
    "1.500.000 kr.",
    "1 500 000",
    "1,000,000",
    "0",
    "00",
    "1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "١٢٣",
    "²",
    "½",
    "٣" * 40,
    # Danish and odd Unicode.
    "æøå ÆØÅ",
    "Børne- og Ungdomsudvalget",
    "\u202eRTL-tekst\u202c",
    "a\u200bb\u200d",
    "e\u0301\u0301\u0301",
    "😀👨‍👩‍👧",
    "\ufeff",
    "\u00a0",
    "Ω≈ç√∫",
    # Control characters, markup, script and SQL.
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    '"; DROP TABLE projects_project; --',
    "{{ 7|add:7 }}",
    "{% debug %}",
    "%s %(x)s {0}",
    # Golden-thread item tokens that are not what they seem.
    "projects.project:²",
    "projects.project:" + "9" * 30,
    "projects.project:-1",
    "auth.user:1",
    # Empty and enormous.
    "",
    " ",
    "\t\r\n",
    "\r\n" * 5,
    MEGA_TEXT,
    # Dates and months that do not exist.
    "2019-02-30",
    "31.12.9999",
    "0001-01-01",
    "10000-01-01",
    "2019-13",
    "9999-99",
    "00.00.0000",
]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.from_regex(r"\A-?\d{1,16}([.,]\d{1,4}){0,3}( kr\.)?\Z"),
    st.text(max_size=40),
    st.none(),  # the field is left out of the post
)


# --- What the browser would post -------------------------------------------------------------------


class _PostForm(HTMLParser):
    """The fields of each POST form on a page, with the values a browser would send unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (action, [(name, value), ...])
        self._form = self._select = self._textarea = None
        self._select_options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = (attrs.get("action") or "", [])
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._select_options.append(attrs)
            return
        fields = self._form[1]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((attrs["name"], attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "reset", "file", "image"):
                fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select, self._select_options = attrs, []
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self._form[1].append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select_options
            chosen = [o for o in options if "selected" in o] or ([] if "multiple" in self._select else options[:1])
            self._form[1].extend((self._select["name"], o.get("value", "")) for o in chosen)
            self._select = None


def browser_post(html: str, path: str) -> dict:
    parser = _PostForm()
    parser.feed(html)
    own = [fields for action, fields in parser.forms if action.split("?")[0] in ("", path)]
    assert own, f"{path} has no form that posts to itself"
    data: dict[str, list[str]] = {}
    for name, value in own[0]:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    return data


# --- What the database holds -----------------------------------------------------------------------


def database_state():
    """Every row of the portal's own tables (and the number of history rows): on PostgreSQL a digest of each
    table's rows in one query (the fuzzer asks after every refused post), elsewhere the rows themselves."""
    tracked = [model for label in PORTAL_APPS for model in apps.get_app_config(label).get_models()]
    if connection.vendor == "postgresql":
        parts = []
        for model in tracked:
            table, pk = model._meta.db_table, model._meta.pk.column
            if model._meta.label.split(".")[1].startswith("Historical"):
                parts.append(f"(SELECT count(*)::text FROM {connection.ops.quote_name(table)})")
            else:
                parts.append(rows_digest_sql(table, pk))
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts))
            return dict(zip([model._meta.label for model in tracked], cursor.fetchone(), strict=True))
    state = {}
    for model in tracked:
        if model._meta.label.split(".")[1].startswith("Historical"):
            state[model._meta.label] = model.objects.count()
            continue
        names = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.BinaryField)]
        state[model._meta.label] = list(model.objects.order_by("pk").values_list(*names))
    return state


def shown_errors(context) -> list[str]:
    """The error messages of every form and formset the page was rendered with."""
    messages = []
    contexts = context if isinstance(context, list) else [context]
    found = {id(v): v for c in contexts for v in c.flatten().values()}
    for value in found.values():
        if isinstance(value, BaseForm) and value.is_bound:
            messages += [str(m) for errors in value.errors.values() for m in errors]
        elif isinstance(value, BaseFormSet) and value.is_bound:
            messages += [str(m) for m in value.non_form_errors()]
            messages += [str(m) for form_errors in value.errors for errors in form_errors.values() for m in errors]
    return messages


# --- The cases -----------------------------------------------------------------------------------------

# FUZZ_EXAMPLES=300 digs deeper when a form has changed; issuing a bilag renders a PDF each time.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 25))
FEWER = {"meetings:bilag_issue": max(EXAMPLES // 4, 1)}

UNFUZZED = (ConfirmDeleteView, ItemDeleteView, ImportView)
# Who types into a form, where the secretary may not: an owner reports on her own items only.
TYPED_BY = {"reporting:report_submit": "owner"}


def _write_cases():
    cases = []
    for param in _cases("write"):
        name, view_class = param.values
        if issubclass(view_class, UNFUZZED):
            # A confirmation has no field to type into (deletes: tests/test_meeting_corrections.py,
            # tests/test_archive.py); an upload has only its file (hostile files:
            # tests/test_spreadsheet_import.py).
            continue
        if name == "meetings:bilag_add":
            cases += [
                pytest.param(name, view_class, f"?slags={kind.key}", id=f"{name}[{kind.key}]") for kind in bilag_kinds()
            ]
        else:
            cases.append(pytest.param(name, view_class, "", id=name))
    return cases


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker):
    """What test_roles' `walk_data` holds, made once for the module and rolled back after it.

    Plus a project linked to a goal (so the link and unlink forms open on a real pair) and an issued
    bilag (so its issue form asks for a correction note). Each test runs in a savepoint inside this.
    """
    from goals.models import Goal
    from goals.services import goal_link
    from projects.models import Project
    from tests.conftest import _persona

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", without_meeting=True, verbosity=0)
        administrator = _persona("fuzz-admin", "Frida", "Fuzz", ADMINISTRATOR, is_staff=True, is_superuser=True)
        overview_sheet(acting_user=administrator, issue=True)
        staged_import(acting_user=administrator)
        reporting_round(acting_user=administrator)  # a round's and a report's pages need one
        goal, project = Goal.objects.order_by("pk").first(), Project.objects.order_by("pk").first()
        goal_link(goal=goal, item=project, acting_user=administrator)
        yield {
            "goals:link_add": f"?goal={goal.pk}&item=projects.project:{project.pk}",
            "goals:link_delete": f"?goal={goal.pk}&item=projects.project:{project.pk}",
            "reporting:responsibility": f"?punkt=projects.project:{project.pk}",
        }
        transaction.set_rollback(True)


def test_every_write_view_is_fuzzed():
    fuzzed = {p.values[0] for p in _write_cases()}
    typed_into = {p.values[0] for p in _cases("write") if not issubclass(p.values[1], UNFUZZED)}
    assert fuzzed == typed_into and len(fuzzed) >= 20


@pytest.mark.parametrize("name, view_class, query", _write_cases())
def test_hostile_input_gets_a_danish_answer_and_loses_nothing(
    portal, request, client_for, secretary, name, view_class, query
):
    query = portal.get(name, query)
    url = _url(name, view_class)
    editor = client_for(_typist(request, name, secretary))
    form_page = editor.get(url + query)
    assert form_page.status_code == 200
    baseline = browser_post(form_page.content.decode(), url)
    fields = sorted(baseline)
    assert fields, f"{name}: no fields to fuzz"
    before = database_state()  # every example is rolled back, so each one starts from this

    @settings(
        max_examples=FEWER.get(name, EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.large_base_example,
        ],
    )
    @given(changes=st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=4))
    def post_hostile(changes):
        data = {k: v for k, v in baseline.items() if k not in changes}
        data.update({k: v for k, v in changes.items() if v is not None})
        with transaction.atomic():
            response = editor.post(url + query, data)  # an exception in the view fails the test here
            assert response.status_code < 500
            if response.status_code == 200:
                page = response.content.decode()
                errors = shown_errors(response.context)
                assert errors, f"{name} refused {changes!r} without saying why"
                for message in errors:
                    assert not any(word in message for word in ENGLISH), f"{name}: English message {message!r}"
                    assert escape(message) in page or message in page, f"{name}: message not shown: {message!r}"
                assert database_state() == before, f"{name} changed saved data although it refused {changes!r}"
            elif response.status_code == 302:
                if "version" in baseline:
                    assert _same_version(data.get("version"), baseline["version"]), (
                        f"{name} saved although the version it was opened at was {data.get('version')!r}"
                    )
                shown = editor.get(response["Location"])
                assert shown.status_code == 200, f"{name}: what was saved from {changes!r} cannot be shown"
            else:
                assert response.status_code in (400, 403, 404), response.status_code
            transaction.set_rollback(True)

    post_hostile()


def _typist(request, name, secretary):
    """The secretary, or the persona the form is for: the round's reports then belong to that owner."""
    if name not in TYPED_BY:
        return secretary
    from reporting.models import Report

    user = request.getfixturevalue(TYPED_BY[name])
    Report.objects.update(owner=user)
    return user


def _same_version(sent, shown) -> bool:
    """Whether a post carried the version its form was opened at (a number written another way counts)."""
    sent = sent[-1] if isinstance(sent, list) else sent
    shown = shown[-1] if isinstance(shown, list) else shown
    try:
        return sent is not None and int(str(sent).strip()) == int(shown)
    except ValueError:
        return False


def _versioned(view_class) -> bool:
    model = getattr(view_class, "model", None)
    return model is not None and any(field.name == "version" for field in model._meta.concrete_fields)


def _edit_cases():
    """Every write view whose form carries the version it was opened at: the edits of the kinds with an edit
    version. The rows without one (a pool, a partner, a value of Sammenhængsmodellen, an area of a plan) have
    no `version` column yet; their edit saves what the form gave."""
    return [p for p in _write_cases() if p.values[0].endswith(("_edit", "_status")) and _versioned(p.values[1])]


@pytest.mark.parametrize("name, view_class, query", _edit_cases())
def test_an_edit_without_its_version_or_with_an_old_one_saves_nothing(
    portal, client_for, secretary, name, view_class, query
):
    """A secretary's post that lost its version, or that was opened before somebody else saved, is refused
    with the Danish message and changes nothing: no edit saves over another editor's work."""
    url = _url(name, view_class)
    editor = client_for(secretary)
    page = editor.get(url + query).content.decode()
    shown = browser_post(page, url)
    assert "version" in shown, f"{name}: the form does not carry the version it was opened at"
    if name.endswith("_status"):  # a real change: another status, with a reason
        select = page[page.index('name="new_value"') :]
        options = re.findall(r'<option value="(\d+)"', select[: select.index("</select>")])
        shown.update(new_value=[next(o for o in options if o not in shown["new_value"])], reason=["Ny vurdering"])
    before = database_state()
    with transaction.atomic():
        missing = editor.post(url + query, {k: v for k, v in shown.items() if k != "version"})
        assert missing.status_code == 200
        assert (
            "Siden mangler oplysninger, den skal bruge for at gemme. Genindlæs siden og prøv igen."
            in missing.content.decode()
        )
        assert database_state() == before
        transaction.set_rollback(True)
    with transaction.atomic():
        stale = editor.post(url + query, {**shown, "version": str(int(shown["version"][0]) - 1 or 999)})
        assert stale.status_code == 200
        assert "Dine ændringer er ikke gemt, men står stadig i formularen." in stale.content.decode()
        assert database_state() == before
        transaction.set_rollback(True)


# --- Query parameters: the GET forms (filters, "Vis som den …", the attention period) and the rest ---------

QUERY_VALUES = ["²", "9" * 30, "-1", "a\x00b", "<script>alert(1)</script>"]
QUERY_PARAMS = [
    "year",
    "version",
    "programme",
    "goal",
    "sub_goal",
    "item",
    "slags",
    "next",
    "kilde",
    "side",
    "dage",
    "dato",
    "page",
    "per_page",
    "sort",
    "_export",
]


def _filter_params(view_class) -> list[str]:
    """The names a list page's filter form reads, multi-part fields included (year_min, year_max, …)."""
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return []
    names = []
    for name, field in filterset_class().form.fields.items():
        suffixes = getattr(field.widget, "widgets_names", None)
        names += [name + suffix for suffix in suffixes] if suffixes else [name]
    return names


@pytest.mark.parametrize("value", QUERY_VALUES, ids=repr)
def test_hostile_query_parameters_on_any_page_never_cause_a_server_error(portal, client_for, secretary, value):
    editor = client_for(secretary)
    for param in _cases("all"):
        name, view_class = param.values
        url = _url(name, view_class)
        params = dict.fromkeys(QUERY_PARAMS + _filter_params(view_class), value)
        response = editor.get(url, params)  # an exception in the view fails the test here
        assert response.status_code < 500, (name, response.status_code)


# --- What the fuzzing found, pinned ------------------------------------------------------------------------


def _open(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return browser_post(page.content.decode(), url.split("?")[0])


def test_a_tampered_hidden_version_is_refused_above_the_form_in_danish(portal, client_for, secretary):
    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    url, editor = reverse("projects:project_edit", kwargs={"pk": project.pk}), client_for(secretary)
    data = {**_open(editor, url), "version": "abc", "name": "Ændret"}
    page = editor.post(url, data).content.decode()
    assert "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen." in page
    project.refresh_from_db()
    assert project.name == "Læsecenter"


def test_a_post_claiming_a_million_rows_is_refused_without_building_them(portal, client_for, secretary):
    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    url, editor = reverse("projects:project_edit", kwargs={"pk": project.pk}), client_for(secretary)
    response = editor.post(url, {**_open(editor, url), "allocations-TOTAL_FORMS": "1000000"})
    assert "Der kan højst være 120 rækker." in response.content.decode()
    assert len(response.context["allocations"].forms) <= 120


def test_a_cut_off_post_does_not_delete_the_saved_allocations(portal, client_for, secretary):
    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    saved = list(project.allocations.values_list("year", "amount"))
    url, editor = reverse("projects:project_edit", kwargs={"pk": project.pk}), client_for(secretary)
    data = {**_open(editor, url), "allocations-TOTAL_FORMS": "0", "allocations-INITIAL_FORMS": "0"}
    page = editor.post(url, data).content.decode()
    assert "Rækkerne i formularen er ikke sendt, som de blev vist." in page
    assert list(project.allocations.values_list("year", "amount")) == saved and saved


def test_more_weekly_hours_than_the_database_holds_are_refused_in_danish(portal, client_for, secretary):
    from agreements.models import Activity

    activity = Activity.objects.order_by("pk").first()
    url, editor = reverse("agreements:activity_edit", kwargs={"pk": activity.pk}), client_for(secretary)
    page = editor.post(url, {**_open(editor, url), "hours_per_week": "2147483648"}).content.decode()
    assert "Tallet er urealistisk stort. Det største tilladte er 99.999,9." in page


def test_a_link_form_goes_back_only_to_a_path_on_the_portal(portal, client_for, secretary):
    url, editor = reverse("goals:link_delete"), client_for(secretary)
    data = {**_open(editor, url + portal["goals:link_delete"]), "next": "{{ 7|add:7 }}"}
    response = editor.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/maal/")


def test_an_item_that_is_not_a_plain_number_cannot_be_linked(portal, client_for, secretary):
    url, editor = reverse("goals:link_add"), client_for(secretary)
    data = {**_open(editor, url + portal["goals:link_add"]), "item": "projects.project:²"}
    response = editor.post(url, data)
    assert response.status_code == 200 and "Det valgte kan ikke forbindes med et mål." in response.content.decode()


def test_odd_numbers_in_the_address_bar_are_not_server_errors(portal, client_for, secretary):
    from meetings.models import Bilag
    from projects.models import Project

    editor = client_for(secretary)
    assert editor.get(reverse("projects:project_list"), {"per_page": "-1"}).status_code == 200
    project = Project.objects.order_by("pk").first()
    assert editor.get(reverse("projects:project_status", kwargs={"pk": project.pk}), {"year": "²"}).status_code == 200
    bilag = Bilag.objects.get()
    assert editor.get(bilag.get_absolute_url(), {"version": "²"}).status_code == 404


def test_an_amount_with_thousands_of_digits_is_refused_in_danish(portal, client_for, secretary):
    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    url, editor = reverse("projects:project_edit", kwargs={"pk": project.pk}), client_for(secretary)
    page = editor.post(url, {**_open(editor, url), "allocations-0-amount": "9" * 5000}).content.decode()
    assert "Beløbet er urealistisk stort." in page
