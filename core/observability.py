"""Logs a person can act on: one JSON object a line on stderr, each with the request id that the answer
carries in its `X-Request-ID` header (ADR 0017).

When a user reports an error page, its request id (shown by the browser's developer tools, or by the
proxy's access log) finds the traceback. A log line holds the method and path of the request, never its
query string, cookies, headers or form data: those carry session keys, CSRF tokens and passwords.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# An id the proxy sent is kept, so that its access log and ours match; anything else is replaced.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current = contextvars.ContextVar("request", default=None)


class RequestIdMiddleware:
    """First in MIDDLEWARE: gives each request an id, available to every log line written while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = sent if _SAFE_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(
            {"request_id": request_id, "method": request.method, "path": request.path, "request": request}
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def current_request():
    """The request being answered in this thread, or None (core.pdf reads its user)."""
    return (_current.get() or {}).get("request")


class RequestContextFilter(logging.Filter):
    """Puts the current request's id, method and path on every record (empty outside a request)."""

    def filter(self, record):
        current = _current.get() or {}
        request = getattr(record, "request", None)  # django.request's records, also those logged after
        if getattr(request, "request_id", None):  # the middleware has finished (a 503 a view returned)
            current = {"request_id": request.request_id, "method": request.method, "path": request.path}
        record.request_id = current.get("request_id", "")
        record.http_method = current.get("method", "")
        record.http_path = current.get("path", "")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, method, path, status, traceback.

    Django's `django.request` records carry the request object (`record.request`); it is deliberately not
    written: its META holds the session cookie and the CSRF token."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "method": getattr(record, "http_method", ""),
            "path": getattr(record, "http_path", ""),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
