"""PDF rendering for bilag: WeasyPrint in a short-lived child process that may read nothing but static files.

Laying out a bilag of a hundred pages takes WeasyPrint about 150 MiB, and the allocator keeps most of
it in the process afterwards. A child that exits after one bilag hands all of it back to the OS, so a
web worker stays at its usual size and never imports WeasyPrint. The children are forked from a fork
server that has imported Django and WeasyPrint once (core.pdf_worker), so a render starts in
milliseconds; only the first bilag of a worker pays for starting the fork server (about a second).
As with multiprocessing's spawn, the child imports the parent's main module again, so a script that
calls render_pdf needs the `if __name__ == "__main__":` guard (manage.py, gunicorn and pytest have it).
"""

import contextvars
import fcntl
import hashlib
import multiprocessing
import os
import tempfile
import time
import traceback
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.conf import settings

# Documents are rendered with this base URL, so "/static/…" resolves under it. The host is
# reserved (.invalid) and never reached: the fetcher (core.pdf_worker) answers from disk or refuses.
BASE_URL = "https://bilag.viborg-bu.invalid/"

# Below gunicorn's --timeout 120 (docs/deployment.md), so the worker can still answer.
TIMEOUT_SECONDS = 110

_context = multiprocessing.get_context("forkserver")


class PdfRenderError(RuntimeError):
    """A render failed or ran out of time; its message is Danish and shown to the user."""


class PdfTimeoutError(PdfRenderError):
    """The render took longer than TIMEOUT_SECONDS and was stopped."""


class PdfBusyError(PdfRenderError):
    """No render was started: the user already has one running, or every render slot is taken."""


USER_BUSY_MESSAGE = "Du er allerede ved at danne en PDF. Vent, til den er færdig, og prøv så igen."
ALL_BUSY_MESSAGE = "Der dannes allerede så mange PDF'er lige nu, som portalen kan. Prøv igen om et øjeblik."


# --- Render caps (ADR 0017) ----------------------------------------------------------------------------
# At most one render at a time per user, and at most PDF_RENDER_SLOTS at a time on the machine, so that
# renders can never take every web worker from the pages. The caps are lock files (flock): a lock goes
# with the process that held it, however it ends, and the workers of one machine share them. The folder
# is named by the code's folder and the database, so two checkouts on one machine do not share slots;
# settings.PDF_LOCK_DIR names it instead where set (each parallel test worker has its own).


def _lock_dir() -> str:
    folder = settings.PDF_LOCK_DIR
    if not folder:
        name = f"{settings.BASE_DIR}:{settings.DATABASES['default'].get('NAME')}"
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        folder = os.path.join(tempfile.gettempdir(), f"viborg_bu-pdf-{digest}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


@contextmanager
def _held(name: str):
    """Holds the lock file `name` until the block ends; yields False (and holds nothing) if it is taken."""
    handle = open(os.path.join(_lock_dir(), name), "a")  # noqa: SIM115 - closed below, after the block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


_slot_wait = contextvars.ContextVar("pdf_slot_wait", default=None)


@contextmanager
def waiting_for_a_slot(seconds: float = TIMEOUT_SECONDS):
    """Inside the block a render waits up to `seconds` for a free slot. For a background worker: it holds
    no web worker while it waits, and a job that gives up after two seconds would only have to be retried."""
    token = _slot_wait.set(seconds)
    try:
        yield
    finally:
        _slot_wait.reset(token)


@contextmanager
def render_slot(user=None):
    """Hold the user's render lock and one of the machine's render slots, or raise PdfBusyError.

    A taken slot is waited for up to PDF_RENDER_WAIT_SECONDS (a second or two: a waiting request holds
    its worker too), or longer inside `waiting_for_a_slot`; the user's own lock is never waited for."""
    with ExitStack() as stack:
        user_id = getattr(user, "pk", None)
        if user_id is not None and not stack.enter_context(_held(f"user-{user_id}.lock")):
            raise PdfBusyError(USER_BUSY_MESSAGE)
        wait = _slot_wait.get()
        deadline = time.monotonic() + (settings.PDF_RENDER_WAIT_SECONDS if wait is None else wait)
        while True:
            for slot in range(settings.PDF_RENDER_SLOTS):
                held = _held(f"slot-{slot}.lock")
                if held.__enter__():
                    stack.push(held.__exit__)
                    yield
                    return
                held.__exit__(None, None, None)
            if time.monotonic() >= deadline:
                raise PdfBusyError(ALL_BUSY_MESSAGE)
            time.sleep(0.1)


def _request_user():
    from .observability import current_request

    request = current_request()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


@dataclass
class RenderedPdf:
    content: bytes
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    max_rss_mib: float = 0.0  # peak resident memory of the process that rendered it


def render_pdf(html: str, *, user=None) -> RenderedPdf:
    """A tagged PDF (PDF/UA-1) from a complete HTML document with lang="da" and a <title>.

    At most one render per user and PDF_RENDER_SLOTS on the machine at a time (`render_slot`); `user` is
    the user the render is for — without it, the logged-in user of the request being answered, if any.
    Raises PdfBusyError when no render may start, PdfRenderError when one fails or takes longer than
    TIMEOUT_SECONDS; both say so in Danish (core.middleware.PdfUnavailableMiddleware shows it)."""
    with render_slot(user if user is not None else _request_user()):
        return _render(html)


def _render(html: str) -> RenderedPdf:
    _context.set_forkserver_preload(["core.pdf_worker"])  # takes effect when the fork server starts
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_render_in_child, args=(html, sender), name="bilag-pdf", daemon=True)
    child.start()
    sender.close()  # so that recv() sees EOF if the child dies
    outcome = None
    try:
        if not receiver.poll(TIMEOUT_SECONDS):
            raise PdfTimeoutError(
                f"PDF'en blev ikke færdig inden for tidsgrænsen på {TIMEOUT_SECONDS} sekunder og er opgivet. "
                "Prøv igen om lidt; sker det igen, så kontakt sekretariatet."
            )
        outcome, value = receiver.recv()
    except EOFError:
        raise PdfRenderError("PDF-processen stoppede uden at levere en PDF.") from None
    finally:
        receiver.close()
        if outcome is None:  # timed out or died: nothing more to wait for
            child.kill()
        child.join()
    if outcome != "ok":
        raise PdfRenderError(f"PDF'en kunne ikke dannes:\n{value}")
    return value


def _render_in_child(html: str, sender) -> None:
    try:
        from core.pdf_worker import render  # already imported in the fork server

        sender.send(("ok", render(html)))
    except Exception:  # the traceback text crosses the pipe; exception objects may not pickle
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
