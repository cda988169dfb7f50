"""Every page needs login, and roles are enforced on the server for every URL the portal has."""

import pytest
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.oidc import CallbackView, SignInView
from core.views import AccessibilityStatementView, AdminOnlyMixin, WriteAccessMixin
from tests.factories import overview_sheet, staged_import

SKIPPED_NAMESPACES = {"admin"}
# Open to everyone: signing in and out (with a password or the municipality's login), and the redirect to the law-required accessibility statement
# (tests/test_error_and_help_pages.py), which shows nothing of the portal.
PUBLIC_VIEWS = (auth_views.LoginView, auth_views.LogoutView, AccessibilityStatementView, SignInView, CallbackView)


def portal_urls():
    """(url name, view class, route) for every URL pattern outside the Django admin."""

    def walk(patterns, namespace=None, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                yield from walk(entry.url_patterns, entry.namespace or namespace, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, getattr(entry.callback, "view_class", None), prefix + str(entry.pattern)

    return list(walk(get_resolver().url_patterns))


def make_walk_data(*, administrator, secretary):
    """What the seed documents do not hold: a meeting with an issued bilag (a draft is refused to readers:
    tests/test_bilag_drafts.py), a reporting round whose one report the secretary owns (only an item's
    owner opens its report form), and a staged import (the pages of an import need one)."""
    import datetime

    from django.utils import timezone

    from projects.models import Project
    from reporting.services import responsibility_set, round_open

    overview_sheet(acting_user=administrator, issue=True)
    responsibility_set(
        item=Project.objects.order_by("pk").first(), owner=secretary, frequency="moede", acting_user=administrator
    )
    round_open(
        title="Runde",
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        kinds=["projects.project"],
        acting_user=administrator,
    )
    staged_import(acting_user=administrator)


@pytest.fixture(scope="module")
def _walked(django_db_setup, django_db_blocker):
    """The seed and `make_walk_data`, made once for the module (issuing the bilag renders a PDF) and rolled
    back after it; each test runs in a savepoint inside this."""
    from django.core.management import call_command
    from django.db import transaction

    from tests.conftest import make_administrator, make_secretary

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", without_meeting=True, verbosity=0)
        # The personas of tests/conftest.py: the tests' own fixtures find them here.
        make_walk_data(administrator=make_administrator(), secretary=make_secretary())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def walk_data(_walked, db):
    """The module's data, for a test in its own savepoint."""


def _url(name, view_class):
    """Reverse a URL, taking the pk of a seeded object of the view's model where it needs one."""
    try:
        return reverse(name)
    except Exception:
        model = (
            getattr(view_class, "url_model", None) or getattr(view_class, "model", None) or view_class.queryset.model
        )
        return reverse(name, kwargs={"pk": model.objects.order_by("pk").first().pk})


def _cases(kind):
    cases = []
    for name, view_class, _route in portal_urls():
        if view_class is None or issubclass(view_class, PUBLIC_VIEWS):
            continue
        if issubclass(view_class, AdminOnlyMixin):
            # Pages only administrators get: the audit trail, and the forms of configuration (status scales)
            view_kind = "admin"
        elif issubclass(view_class, WriteAccessMixin):
            view_kind = "write"
        else:
            view_kind = "read"
        if kind in ("all", view_kind):
            cases.append(pytest.param(name, view_class, id=name))
    return cases


def test_every_view_that_accepts_a_post_is_a_write_view():
    """A form view without WriteAccessMixin would let a Læser write: none may exist."""
    unguarded = [
        name
        for name, view_class, _ in portal_urls()
        if view_class is not None
        and hasattr(view_class, "post")
        and not issubclass(view_class, (WriteAccessMixin, *PUBLIC_VIEWS))
    ]
    assert unguarded == []


def test_the_portal_has_read_and_write_pages_to_check():
    assert len(_cases("write")) >= 3 and len(_cases("read")) >= 4 and len(_cases("admin")) >= 1


@pytest.mark.parametrize("name, view_class", _cases("all"))
def test_anonymous_user_is_sent_to_login(client, walk_data, name, view_class):
    url = _url(name, view_class)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(url, {}).status_code == 302


@pytest.mark.parametrize("name, view_class", _cases("read"))
def test_reader_can_read_every_page(client_for, politician, walk_data, name, view_class):
    assert client_for(politician).get(_url(name, view_class)).status_code == 200


@pytest.mark.parametrize("name, view_class", _cases("write"))
def test_reader_gets_403_on_every_write_form_and_post(client_for, politician, walk_data, name, view_class):
    url = _url(name, view_class)
    reader = client_for(politician)
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"name": "Forsøg", "reason": "forsøg", "new_value": 1}).status_code == 403


@pytest.mark.parametrize("name, view_class", _cases("admin"))
def test_reader_and_editor_get_403_on_every_administrator_page(
    client_for, politician, secretary, administrator, walk_data, name, view_class
):
    url = _url(name, view_class)
    assert client_for(politician).get(url).status_code == 403
    assert client_for(secretary).get(url).status_code == 403
    assert client_for(administrator).get(url).status_code == 200
    if issubclass(view_class, WriteAccessMixin):  # a form of configuration: nobody else may post to it either
        for user in (politician, secretary):
            assert client_for(user).post(url, {"name": "Forsøg", "label": "Forsøg"}).status_code == 403


@pytest.mark.parametrize("name, view_class", _cases("write"))
def test_editor_can_open_every_write_form(client_for, secretary, walk_data, name, view_class):
    assert client_for(secretary).get(_url(name, view_class)).status_code == 200


def test_reader_post_changes_nothing(client_for, politician, seed):
    from projects.models import Project
    from statuses.models import StatusChange

    project = Project.objects.get(name="Læsecenter")
    client_for(politician).post(
        reverse("projects:project_edit", kwargs={"pk": project.pk}), {"name": "Overtaget", "description": "x"}
    )
    project.refresh_from_db()
    assert project.name == "Læsecenter"
    assert not StatusChange.objects.exists()


def test_reader_cannot_open_the_django_admin(client_for, politician):
    response = client_for(politician).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_administrator_can_open_the_django_admin(client_for, administrator):
    assert client_for(administrator).get("/admin/projects/project/").status_code == 200
