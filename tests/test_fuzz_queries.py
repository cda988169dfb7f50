"""No address makes a server error: every page answers hostile query parameters in Danish.

The role walker in test_roles.py finds every page a reader or an administrator opens: the overview
and its pages under /overblik/, the lists, the detail pages and the audit trail. For each one
Hypothesis sends the administrator there with a few query parameters: the page's own (its filters,
django-tables2's sort/page/per_page/_export, time travel's dato, the overview's kilde/dage/side, a
bilag's version, …) and unknown ones, set to hostile values (huge, negative and non-numeric numbers,
Unicode digits, impossible and extreme dates, unknown choices, NUL bytes, long text), sometimes the
same key twice, mixed with values the page knows so that a hostile value gets past the others.

The answer may be the page with a Danish message, the page with the value ignored, a redirect, a
400 or a 404: never a server error, and never one of Django's English messages.

The examples are derandomized (the same ones on every run); FUZZ_EXAMPLES=200 digs deeper.
"""

import datetime
import os
from contextlib import contextmanager
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.context_processors import _menu_entries
from core.roles import ADMINISTRATOR
from tests.factories import overview_sheet, reporting_round, staged_import
from tests.test_fuzz_forms import ENGLISH, shown_errors
from tests.test_roles import _cases, _url

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 10))

# Every page that shows data, and every form page as it opens (test_fuzz_forms fuzzes what they post).
PAGES = _cases("read") + _cases("admin") + _cases("write")

# Names some page reads from the address, wherever they are sent.
COMMON_PARAMS = [
    "dato",
    "page",
    "per_page",
    "sort",
    "_export",
    "side",
    "kilde",
    "dage",
    "version",
    "year",
    "q",
    "row",
    "slags",
    "next",
    "goal",
    "item",
    "sub_goal",
    "programme",
]
UNKNOWN_PARAMS = ["foo", "o", "ordering", "sort_by", "ÆØÅ", "", "page_size", "format"]

HOSTILE = [
    # Numbers: huge, negative, non-numeric, written in other scripts.
    "-1",
    "0",
    "-0",
    "00",
    "1e30",
    "1E5",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "9" * 20,
    "1" + "0" * 30,
    "9" * 5000,
    str(2**63),
    str(2**31),
    "32768",
    "2019.5",
    "2.019",
    "4.000",
    "1,5",
    "0x10",
    " 2019 ",
    "2019\n",
    "+2019",
    "١٢٣",
    "٢٠١٩",
    "²",
    "½",
    "𝟐𝟎𝟏𝟗",
    # Dates: impossible, extreme, just outside and on the edges of what the portal keeps.
    "0001-01-01",
    "9999-12-31",
    "2019-02-30",
    "10000-01-01",
    "31-12-9999",
    "01.01.0001",
    "31.12.9999",
    "1999-12-31",
    "2000-01-01",
    "2100-12-31",
    "2101-01-01",
    "2019-13-01",
    "0000-00-00",
    "-2019-01-01",
    "2019-03-26T25:00",
    "29.02.2019",
    # Choices and orders that do not exist.
    "-",
    "--",
    ",",
    "-name",
    "name,,",
    "pk",
    "-pk",
    "__str__",
    "id,-id",
    "?",
    "&",
    "=",
    "%",
    "%00",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "csv",
    "pdf",
    "json",
    "xlsx",
    "latex",
    "last",
    "first",
    # Text: empty, control characters, markup, SQL, odd Unicode, very long.
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "æøå ÆØÅ",
    "\u202eRTL\u202c",
    "😀",
    "x" * 20_000,
]
# Each of a page's own names (but the time travel every page shares) gets each of these alone, before
# the random examples: they are the values that broke pages, and few random examples would pick them.
SWEEP = ["-1", "9" * 5000, "1e30", "0001-01-01", "9999-12-31"]

GOOD_DATES = ["2019-03-26", "26-03-2019", "26.03.2019", "2024-01-15", ""]
GOOD = {
    "dato": GOOD_DATES,
    "fra": GOOD_DATES,
    "til": GOOD_DATES,
    "dage": ["1", "90", "3650"],
    "page": ["1", "2", "last"],
    "side": ["1", "2", "last"],
    "per_page": ["1", "500"],
    "_export": ["csv", "xlsx"],
    "version": ["1", "2"],
    "year": ["2019", "2020"],
}

# Page status codes that answer a bad address without a server error; 409 is a form opened in the past.
ANSWERS = {200, 301, 302, 400, 404, 409}


def generated():
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(HOSTILE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.dates().map(datetime.date.isoformat),
        st.from_regex(r"\A-?\d{1,8}([.,-]\d{1,4}){0,2}\Z"),
        st.text(max_size=20),
    )


# --- The pages and their parameters ------------------------------------------------------------------


def page_params(view_class, read: set[str]) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """The names a page reads from the address, other names, and values the page knows for some names.

    Its own names: what a request to it read (`reads`), its filter form's fields (multi-part ones
    with their suffixes) and its table's sort/page/per_page names. Others: each filter's
    django-filter-style _min/_max, names other pages read and names no page reads. Known values:
    every choice its filters offer, its table's columns as sort orders, valid dates, sources, ….
    """
    own = dict.fromkeys(sorted(read))
    other = dict.fromkeys(COMMON_PARAMS + UNKNOWN_PARAMS)
    known = {key: list(values) for key, values in GOOD.items()}
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is not None:
        for name, field in filterset_class().form.fields.items():
            suffixes = getattr(field.widget, "widgets_names", None)
            own.update(dict.fromkeys([name + s for s in suffixes] if suffixes else [name]))
            other.update(dict.fromkeys([f"{name}_min", f"{name}_max"]))
            choices = [str(value) for value, _ in getattr(field, "choices", ()) if str(value)]
            if choices:
                known[name] = choices[:10]
    table_class = getattr(view_class, "table_class", None)
    if isinstance(table_class, type):
        options = table_class._meta
        own.update(dict.fromkeys([options.order_by_field, options.page_field, options.per_page_field]))
        columns = list(table_class.base_columns)
        orders = columns + [f"-{c}" for c in columns] + [",".join(columns[:2]), ",".join(f"-{c}" for c in columns[:2])]
        known[options.order_by_field] = orders
        known[options.page_field] = known["page"]
        known[options.per_page_field] = known["per_page"]
    if "kilde" in own:
        from dashboard.selectors import sources

        known["kilde"] = [source.key for source in sources()]
    return list(own), [name for name in other if name not in own], known


@contextmanager
def reads():
    """The names that requests made inside read from their query string (request.GET)."""
    names = set()

    def recording(method):
        def read(self, key, *args, **kwargs):
            names.add(key)
            return method(self, key, *args, **kwargs)

        return read

    methods = {name: recording(getattr(QueryDict, name)) for name in ("__getitem__", "__contains__", "get", "getlist")}
    with mock.patch.multiple(QueryDict, **methods):
        yield names


def queries(own, other, known):
    """A list of (key, value) pairs: one to five, mostly of names the page reads, sometimes a key twice."""

    def value_for(key):
        return st.one_of(st.sampled_from(known[key]), generated()) if known.get(key) else generated()

    names = st.one_of(st.sampled_from(own), st.sampled_from(own), st.sampled_from(own), st.sampled_from(other))
    pair = names.flatmap(lambda key: st.tuples(st.just(key), value_for(key)))
    twice = names.flatmap(
        lambda key: st.tuples(value_for(key), value_for(key)).map(lambda vs: [(key, vs[0]), (key, vs[1])])
    )
    return st.tuples(st.lists(pair, min_size=1, max_size=4), st.lists(twice, max_size=1)).map(
        lambda parts: parts[0] + [p for pairs in parts[1] for p in pairs]
    )


# --- What a page may answer ------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a person reads on a page (not attributes, scripts or styles)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def check_answer(response, pairs, where):
    """No server error, and no English from Django where the page shows text (unless the address said it)."""
    assert response.status_code != 500, where
    assert response.status_code in ANSWERS, (where, response.status_code)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return
    typed = " ".join(f"{key} {value}" for key, value in pairs)
    text = visible_text(response.content.decode())
    english = [word for word in ENGLISH if word in text and word not in typed]
    assert not english, (where, english)
    if response.context is not None:
        for message in shown_errors(response.context):
            assert not any(word in message for word in ENGLISH), (where, message)


# --- The data ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_data(django_db_setup, django_db_blocker):
    """The seed plus an issued bilag (so its PDF page serves stored bytes rather than rendering one),
    made once for the module and rolled back after it. Each example runs in a savepoint inside this."""
    from tests.conftest import _persona

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", without_meeting=True, verbosity=0)
        administrator = _persona("fuzz-admin", "Frida", "Fuzz", ADMINISTRATOR, is_staff=True, is_superuser=True)
        overview_sheet(acting_user=administrator, issue=True)
        staged_import(acting_user=administrator)  # the page of an import (spreadsheets) needs one
        reporting_round(acting_user=administrator)  # a round's and a report's pages need one
        yield administrator
        transaction.set_rollback(True)


def admin_client(administrator):
    """A new session each time: a valid ?dato= is kept in the session and would follow the next request."""
    client = Client()  # raises what a view raises, so a server error fails the test with its traceback
    client.force_login(administrator)
    return client


# --- The cases -----------------------------------------------------------------------------------------


def test_every_page_of_the_menu_the_overview_and_the_audit_trail_is_fuzzed(pages_data, db):
    fuzzed = {_url(*param.values) for param in PAGES}
    assert {url for _, url in _menu_entries()} | {reverse("home"), reverse("audit:entry_list")} <= fuzzed
    assert len([url for url in fuzzed if url.startswith("/overblik/")]) >= 3
    assert len(fuzzed) >= 25


@pytest.mark.filterwarnings("ignore:Use '__' to separate path components:DeprecationWarning")  # from ?sort=a.b
@pytest.mark.parametrize("name, view_class", PAGES)
def test_hostile_query_parameters_never_cause_a_server_error(pages_data, db, name, view_class):
    url = _url(name, view_class)
    with transaction.atomic(), reads() as read:
        client = admin_client(pages_data)
        for headers in ({}, {"HX-Request": "true"}):
            assert client.get(url, headers=headers).status_code == 200
        transaction.set_rollback(True)
    own, other, known = page_params(view_class, read)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(pairs=queries(own, other, known), htmx=st.booleans())
    def get_hostile(pairs, htmx):
        with transaction.atomic():
            client = admin_client(pages_data)
            address = f"{url}?{urlencode(pairs)}"
            response = client.get(address, headers={"HX-Request": "true"} if htmx else {})
            check_answer(response, pairs, address)
            transaction.set_rollback(True)

    for key in own:
        for value in SWEEP if key != "dato" else ():
            get_hostile = example(pairs=[(key, value)], htmx=False)(get_hostile)
    get_hostile()


# --- What the fuzzing found, pinned ------------------------------------------------------------------

YEAR_RANGE = "Året skal ligge mellem 2000 og 2100."
YEAR_DIGITS = "Skriv året med fire cifre, fx 2019."
DATE_RANGE = "Vælg en dato mellem 1. januar 2000 og 31. december 2100."
VIEWS = {param.values[0]: param.values[1] for param in PAGES}

# (page, query, what the answer says)
FOUND = [
    ("meetings:meeting_list", "year=-1", YEAR_RANGE),  # the year lookup made date(-1, 1, 1)
    ("meetings:meeting_list", "year=0", YEAR_RANGE),
    ("meetings:meeting_list", "year=99999999999999999999", YEAR_RANGE),
    ("meetings:meeting_list", "year=1e30", YEAR_DIGITS),  # a decimal of 31 digits, then the same
    ("meetings:meeting_list", "year=2019&year=-5", YEAR_RANGE),  # the last of repeated keys counts
    ("audit:entry_list", "sort=anything", "Hvad skete der"),  # the trail's data could not be sorted at all
    ("audit:entry_list", "sort=-when", "Hvad skete der"),
    ("audit:entry_list", "til=9999-12-31", DATE_RANGE),  # the day after it does not exist
    ("audit:entry_list", "til=31-12-9999", DATE_RANGE),
    ("audit:entry_list", "fra=0001-01-01", DATE_RANGE),  # its midnight in Danish time is in year 0 in UTC
    ("projects:project_status", "year=" + "9" * 5000, "Gem status"),  # int() reads at most 4300 digits
]


@pytest.mark.parametrize("name, query, message", FOUND, ids=[f"{n}?{q[:30]}" for n, q, _ in FOUND])
def test_addresses_that_once_gave_a_server_error(pages_data, db, name, query, message):
    client = Client(raise_request_exception=False)  # a server error is a 500 here, not an exception
    client.force_login(pages_data)
    response = client.get(f"{_url(name, VIEWS[name])}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_sort_on_the_audit_trail_is_ignored(pages_data, db):
    client = admin_client(pages_data)
    newest_first = client.get(reverse("audit:entry_list")).context["table"].page.object_list.data
    for sort in ("when", "-user_label", "anything"):
        page = client.get(reverse("audit:entry_list"), {"sort": sort}).context["table"].page.object_list.data
        assert [entry.key for entry in page] == [entry.key for entry in newest_first] and page


def test_a_year_in_the_meeting_filter_is_shown_without_a_thousands_separator(pages_data, db):
    page = admin_client(pages_data).get(reverse("meetings:meeting_list"), {"year": "2019"}).content.decode()
    assert 'name="year" value="2019"' in page and "2.019" not in page


def test_a_meeting_year_in_range_still_filters(pages_data, db):
    client = admin_client(pages_data)
    assert "26. marts 2019" in client.get(reverse("meetings:meeting_list"), {"year": "2019"}).content.decode()
    assert "26. marts 2019" not in client.get(reverse("meetings:meeting_list"), {"year": "2100"}).content.decode()


def test_the_audit_trail_keeps_its_first_and_last_day(pages_data, db):
    client = admin_client(pages_data)
    edges = client.get(reverse("audit:entry_list"), {"fra": "01-01-2000", "til": "31-12-2100"})
    assert edges.context["filter"].is_valid() and edges.context["table"].paginator.count > 0
