"""Security middleware: the Content-Security-Policy, the 12-hour session limit and logins for htmx.

See docs/decisions/0007-hardened-settings-and-csp.md and 0008-login-throttling-and-sessions.md.
"""

import ipaddress
import logging
import time
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

# Moments (seconds since the epoch) stored in the session: when its user logged in, and when the
# session's expiry was last moved on.
LOGIN_AT = "login_at"
ACTIVE_AT = "active_at"
logger = logging.getLogger(__name__)
SESSION_ENDED_MESSAGE = (
    "Du er blevet logget ud, fordi det er 12 timer siden, du loggede ind. Log ind igen for at fortsætte."
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (policy in settings.CONTENT_SECURITY_POLICY), but not on PDFs.

    A policy on a PDF response is applied to the page Chromium builds around its PDF viewer, and
    `object-src 'none'` and `style-src 'self'` then stop the viewer (crbug.com/271452). A PDF runs
    no script of ours; the bilag PDFs are WeasyPrint's output of our own templates.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)


def record_login_time(sender, request, user, **kwargs):
    """user_logged_in receiver: a fresh login starts a fresh 12 hours."""
    if hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[ACTIVE_AT] = time.time()


def _is_htmx(request):
    # The header itself: SessionLifetimeMiddleware runs before django-htmx sets request.htmx.
    return request.headers.get("HX-Request") == "true"


def _login_redirect(request):
    """To the login page, coming back to the page the user was on; for htmx, as a whole page."""
    login_url = resolve_url(settings.LOGIN_URL)
    if not _is_htmx(request):
        return redirect_to_login(request.get_full_path(), login_url)
    # An htmx request comes from a page (HX-Current-URL); after login the user returns to that page.
    current = request.headers.get("HX-Current-URL", "")
    page = "/"
    if current and url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()}):
        parts = urlsplit(current)
        page = parts.path + (f"?{parts.query}" if parts.query else "")
    return HttpResponseClientRedirect(redirect_to_login(page, login_url).url)


class SessionLifetimeMiddleware:
    """Ends a session SESSION_COOKIE_AGE (30 min) after its last request and SESSION_ABSOLUTE_MAX_AGE
    (12 h) after login, however active the user has been.

    Idle: the session (its database row and its cookie) expires SESSION_COOKIE_AGE after it was last
    saved. Changing it saves it, so activity moves the expiry on; this happens at most once a
    SESSION_REFRESH_INTERVAL, which spares a database write on every page and htmx request.

    Absolute: the login time is set at login (record_login_time, connected in CoreConfig.ready); a
    session from before this middleware gets it on its next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT)
            if not isinstance(login_at, (int, float)):
                request.session[LOGIN_AT] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_MAX_AGE:
                logout(request)
                messages.info(request, SESSION_ENDED_MESSAGE)
                return _login_redirect(request)
            active_at = request.session.get(ACTIVE_AT)
            if not isinstance(active_at, (int, float)) or now - active_at >= settings.SESSION_REFRESH_INTERVAL:
                request.session[ACTIVE_AT] = now  # modified, so saved with a new 30 minutes
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, but an htmx request (a filter, a status change) after the
    session has run out loads the login page as a whole page instead of swapping it into a table."""

    def handle_no_permission(self, request, view_func):
        if _is_htmx(request):
            return _login_redirect(request)
        return super().handle_no_permission(request, view_func)


def _from_trusted_proxy(address) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for network in settings.TRUSTED_PROXY_ADDRESSES:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip_address(request):
    """The client's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    Without proxies it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, it is the entry that many places from the right: the entries further left
    come from the client and can be anything. X-Forwarded-For is read only when the request came from
    a trusted proxy (TRUSTED_PROXY_ADDRESSES): a client that reaches the app server directly sends
    whatever it likes there, and a new address on each try would get past the lockout (ADR 0017).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0 and _from_trusted_proxy(remote):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return remote


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a logged-in user: pages, htmx partials,
    CSV/XLSX exports and PDFs hold the committee's data, and no browser cache or shared proxy may keep
    them (ADR 0017). A response that says for itself how it may be cached keeps its header: an issued
    bilag's PDF is `private` with its ETag, because it never changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view: a logout (or the 12-hour limit) ends the session during the request,
        # and the page it answers with was still made for the user.
        logged_in = request.user.is_authenticated
        response = self.get_response(request)
        if logged_in and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


class PdfUnavailableMiddleware:
    """A bilag PDF that cannot be made now — the user already has one under way, every render slot is
    taken, or the render hit its time limit (core.pdf, ADR 0017) — is answered with HTTP 503 and the
    reason in Danish, and Retry-After, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.template.response import TemplateResponse

        from .pdf import PdfBusyError, PdfTimeoutError

        if not isinstance(exception, PdfBusyError | PdfTimeoutError):
            return None  # any other failure is a server error, logged with its traceback
        busy = isinstance(exception, PdfBusyError)
        if not busy:
            logger.warning("PDF render stopped at its time limit: %s", request.path)
        response = TemplateResponse(request, "core/pdf_unavailable.html", {"message": str(exception)}, status=503)
        response["Retry-After"] = "10" if busy else "60"
        return response.render()
