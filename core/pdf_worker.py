"""The child side of core.pdf: WeasyPrint, reading nothing but the portal's own static files.

core.pdf renders in short-lived children forked from a fork server that preloads this module, so
Django is set up and WeasyPrint imported (about 1.5 s) once per fork server, not once per bilag.
"""

import mimetypes
import os
import resource
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import django
from django.apps import apps

if not apps.ready:  # in the fork server; a web worker or test run has set Django up already
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "viborg_bu.settings")
    django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from core.pdf import BASE_URL, RenderedPdf  # noqa: E402


class RefusedFetch(ValueError):
    pass


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves the portal's static files from disk; refuses file://, http(s)://, data: and redirects."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False, timeout=1)
        self.served: list[str] = []
        self.refused: list[str] = []
        self.prefix = BASE_URL + settings.STATIC_URL.lstrip("/")

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedFetch(f"Bilag må kun bruge portalens egne statiske filer, ikke {url}")
        self.served.append(url)
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def _static_path(self, url: str):
        if not url.startswith(self.prefix) or urlsplit(url).query:
            return None
        relative = unquote(urlsplit(url).path)[len(urlsplit(self.prefix).path) :]
        parts = PurePosixPath(relative).parts
        if not parts or ".." in parts or relative.startswith("/"):
            return None
        original = self._unhashed().get(relative)
        path = finders.find(relative) or (finders.find(original) if original else None)
        return path if path and os.path.isfile(path) else None  # a folder ("static/css") is no file

    def _unhashed(self) -> dict:
        # With the manifest storage of production, {% static %} names the hashed copy
        # ("css/bilag.998a2c1cdea6.css"); the manifest maps it back to the file the finders know.
        return {hashed: name for name, hashed in getattr(staticfiles_storage, "hashed_files", {}).items()}


def render(html: str) -> RenderedPdf:
    """Render in this process. core.pdf.render_pdf calls this in a child; call it directly only to measure."""
    fetcher = StaticFilesOnlyFetcher()
    content = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )
    return RenderedPdf(
        content=content,
        served=fetcher.served,
        refused=fetcher.refused,
        max_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
