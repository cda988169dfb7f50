"""PDF rendering for bilag: WeasyPrint that may read nothing but the portal's own static files."""

import mimetypes
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered with this base URL, so "/static/…" resolves under it. The host is
# reserved (.invalid) and never reached: the fetcher answers from disk or refuses.
BASE_URL = "https://bilag.viborg-bu.invalid/"


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
        relative = unquote(urlsplit(url).path)[len(urlsplit(self.prefix).path):]
        parts = PurePosixPath(relative).parts
        if not parts or ".." in parts or relative.startswith("/"):
            return None
        return finders.find(relative)


@dataclass
class RenderedPdf:
    content: bytes
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def render_pdf(html: str) -> RenderedPdf:
    """A tagged PDF (PDF/UA-1) from a complete HTML document with lang="da" and a <title>."""
    fetcher = StaticFilesOnlyFetcher()
    content = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )
    return RenderedPdf(content=content, served=fetcher.served, refused=fetcher.refused)
