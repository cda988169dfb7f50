"""PDF rendering for bilag: WeasyPrint in a short-lived child process that may read nothing but static files.

Laying out a bilag of a hundred pages takes WeasyPrint about 150 MiB, and the allocator keeps most of
it in the process afterwards. A child that exits after one bilag hands all of it back to the OS, so a
web worker stays at its usual size and never imports WeasyPrint. The children are forked from a fork
server that has imported Django and WeasyPrint once (core.pdf_worker), so a render starts in
milliseconds; only the first bilag of a worker pays for starting the fork server (about a second).
As with multiprocessing's spawn, the child imports the parent's main module again, so a script that
calls render_pdf needs the `if __name__ == "__main__":` guard (manage.py, gunicorn and pytest have it).
"""

import multiprocessing
import traceback
from dataclasses import dataclass, field

# Documents are rendered with this base URL, so "/static/…" resolves under it. The host is
# reserved (.invalid) and never reached: the fetcher (core.pdf_worker) answers from disk or refuses.
BASE_URL = "https://bilag.viborg-bu.invalid/"

# Below gunicorn's --timeout 120 (docs/deployment.md), so the worker can still answer.
TIMEOUT_SECONDS = 110

_context = multiprocessing.get_context("forkserver")


class PdfRenderError(RuntimeError):
    pass


@dataclass
class RenderedPdf:
    content: bytes
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    max_rss_mib: float = 0.0  # peak resident memory of the process that rendered it


def render_pdf(html: str) -> RenderedPdf:
    """A tagged PDF (PDF/UA-1) from a complete HTML document with lang="da" and a <title>."""
    _context.set_forkserver_preload(["core.pdf_worker"])  # takes effect when the fork server starts
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_render_in_child, args=(html, sender), name="bilag-pdf", daemon=True)
    child.start()
    sender.close()  # so that recv() sees EOF if the child dies
    outcome = None
    try:
        if not receiver.poll(TIMEOUT_SECONDS):
            raise PdfRenderError(f"PDF'en blev ikke færdig på {TIMEOUT_SECONDS} sekunder.")
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
