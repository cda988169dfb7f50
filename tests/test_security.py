"""Hardened settings and the Content-Security-Policy: what an operator and a security review rely on.

Production settings are read in a fresh process, since the test settings switch HTTPS off.
"""

import os
import re
import subprocess
import sys
from collections import deque

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from core.middleware import ContentSecurityPolicyMiddleware
from tests.factories import overview_sheet

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Variables the production settings read, removed so that the machine's own cannot leak in, and
# DJANGO_ALLOW_ASYNC_UNSAFE, which tests/conftest.py sets for Playwright and production never has.
SETTINGS_ENV = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_SETTINGS_MODULE",
}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(directives)


def _production(args, **env):
    """Run python `args` with the production settings: DEBUG unset, a strong key, a host name."""
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    production = {
        "DJANGO_SETTINGS_MODULE": "viborg_bu.settings",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "bu.viborg.dk",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, **production, **{k: v for k, v in env.items() if v is not None}},
    )


def _production_setting(names, **env):
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(getattr(settings, {name!r}, None)))" for name in names
    )
    result = _production(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return [eval(line) for line in result.stdout.splitlines()]  # noqa: S307 - our own repr() output


# --- Settings --------------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_without_a_warning():
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr and "ERRORS" not in result.stdout + result.stderr


def test_with_hsts_preload_switched_on_the_deploy_check_needs_nothing_silenced():
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "key",
    ["kort-nøgle", "x" * 60, "abcd" * 20, "django-insecure-" + get_random_secret_key()],
    ids=["short", "one-character", "four-characters", "django-insecure"],
)
def test_a_weak_secret_key_is_refused_at_startup_when_debug_is_off(key):
    result = _production(["-c", "import django; django.setup(); print('started')"], SECRET_KEY=key)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY er for svag" in result.stderr


def test_production_is_https_only_with_a_year_of_hsts_and_secure_cookies():
    redirect, hsts, subdomains, preload, session_secure, csrf_secure, proxy_header = _production_setting(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER",
        ]
    )
    assert redirect is True and hsts == 365 * 24 * 60 * 60 and subdomains is True and preload is False
    assert session_secure is True and csrf_secure is True
    assert proxy_header is None  # a client cannot claim https unless the operator says a proxy sets it


def test_an_operator_behind_a_proxy_configures_https_from_the_environment():
    redirect, hsts, preload, proxy_header, origins, proxies = _production_setting(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_PRELOAD",
            "SECURE_PROXY_SSL_HEADER",
            "CSRF_TRUSTED_ORIGINS",
            "TRUSTED_PROXY_COUNT",
        ],
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://bu.viborg.dk, https://portal.viborg.dk",
        TRUSTED_PROXY_COUNT="1",
    )
    assert redirect is False and hsts == 600 and preload is True
    assert proxy_header == ("HTTP_X_FORWARDED_PROTO", "https")
    assert origins == ["https://bu.viborg.dk", "https://portal.viborg.dk"] and proxies == 1


def test_a_malformed_proxy_header_setting_is_refused():
    result = _production(["-c", "import django; django.setup()"], SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert result.returncode != 0 and "SECURE_PROXY_SSL_HEADER" in result.stderr


def test_make_run_with_debug_on_stays_on_plain_http():
    redirect, hsts, session_secure, csrf_secure = _production_setting(
        ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"],
        DEBUG="1",
        SECRET_KEY="",
    )
    assert (redirect, hsts, session_secure, csrf_secure) == (False, 0, False, False)


def test_the_test_settings_serve_plain_http(client, db):
    response = client.get("/login/")
    assert response.status_code == 200  # no redirect to https
    assert "Strict-Transport-Security" not in response


# --- Content-Security-Policy -----------------------------------------------------------------


def test_every_page_carries_the_content_security_policy(client, db):
    response = client.get("/login/")
    assert policy(response) == POLICY
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_served_without_the_policy_that_would_stop_the_browsers_pdf_viewer():
    request = RequestFactory().get("/moeder/bilag/1/pdf/")
    pdf = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    html = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"<p>Hej</p>"))
    assert "Content-Security-Policy" not in pdf(request)
    assert policy(html(request)) == POLICY


TAG = re.compile(r"<[a-zA-Z][^>]*>")
INLINE_ATTRIBUTE = re.compile(r"""\s(style|on[a-z]+)\s*=""", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r"""href="(/[^"#?]*)""")


def inline_code(html):
    """Everything in a page that the policy would block: style/on* attributes, <style>, inline <script>."""
    found = [tag for tag in TAG.findall(html) if INLINE_ATTRIBUTE.search(tag)]
    found += re.findall(r"<style\b[^>]*>", html, re.IGNORECASE)
    found += [
        f"<script{attrs}>{body[:60]}" for attrs, body in SCRIPT.findall(html) if "src=" not in attrs or body.strip()
    ]
    found += re.findall(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", html, re.IGNORECASE)
    return found


def test_no_portal_page_has_inline_script_or_style(seed, administrator):
    """Walk every page an administrator can reach from the start page (lists, details, forms, bilag)."""
    overview_sheet(acting_user=administrator)

    client = Client()
    client.force_login(administrator)
    queue, seen, offenders = deque(["/"]), {"/"}, {}
    while queue and len(seen) <= 400:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if found := inline_code(html):
            offenders[path] = found[:3]
        for link in HREF.findall(html):
            if link not in seen and not link.startswith(("/admin/", "/static/", "/logout/")):
                seen.add(link)
                queue.append(link)
    assert len(seen) > 40, f"the walk reached only {sorted(seen)}"
    assert offenders == {}


def test_the_status_form_loaded_into_a_row_has_no_inline_code(seed, client_for, secretary):
    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    response = client_for(secretary).get(
        reverse("projects:project_status", kwargs={"pk": project.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and inline_code(response.content.decode()) == []


def test_htmx_posts_with_only_the_csrf_header_from_the_meta_tag(seed, secretary):
    """What static/js/portal.js does: the token from <meta name="csrf-token"> in an X-CSRFToken header."""
    from projects.models import Project
    from statuses.models import StatusValue

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    project = Project.objects.get(name="Læsecenter")
    page = client.get(reverse("projects:project_list")).content.decode()
    assert "hx-headers" not in page
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    value = StatusValue.objects.filter(scale=project.status.scale).exclude(pk=project.status.pk).first()
    url = reverse("projects:project_status", kwargs={"pk": project.pk})
    form = {"new_value": value.pk, "reason": "Ny læsevejleder.", "version": project.version}

    assert client.post(url, form, HTTP_HX_REQUEST="true").status_code == 403  # no token: refused
    response = client.post(url, form, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == value


def test_the_admin_pages_have_no_inline_code(client_for, administrator):
    client = client_for(administrator)
    for path in [
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{administrator.pk}/change/",
        "/admin/auth/group/add/",
        "/admin/axes/accessattempt/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response.content.decode()) == [], path
