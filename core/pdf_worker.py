"""The child side of core.pdf: WeasyPrint, reading nothing but the portal's own static files.

core.pdf renders in short-lived children forked from a fork server that preloads this module, so
Django is set up and WeasyPrint imported (about 1.5 s) once per fork server, not once per bilag.
"""

import mimetypes
import os
import resource
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, register_namespace, tostring

import django
from django.apps import apps

if not apps.ready:  # in the fork server; a web worker or test run has set Django up already
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "viborg_bu.settings")
    django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.pdf.metadata import NS, DocumentMetadata  # noqa: E402
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


# Issued bilag are archived: PDF/A-2a (ISO 19005-2, level A: tagged, Unicode text) that also declares
# PDF/UA-1 (ISO 14289-1). WeasyPrint has one pdf_variant per PDF, so the PDF/A variant writes the file
# (tags, output intent sRGB, file identifier, XMP with pdfaid) and ArchivalMetadata adds pdfuaid:part="1"
# to the XMP, with the PDF/A extension schema that PDF/A requires for a property outside its own schemas.
PDF_VARIANT = "pdf/a-2a"
PDF_UA_PART = 1

XMP_EXTENSION = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in XMP_EXTENSION.items():
    register_namespace(_prefix, _uri)


class ArchivalMetadata(DocumentMetadata):
    """The document's metadata, whose XMP also says pdfuaid:part (PDF/UA-1) next to pdfaid:part/conformance."""

    def generate_rdf_metadata(self, variant, version, conformance):
        # WeasyPrint's own XMP, just serialised in this process: no outside XML is parsed here.
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))  # nosec B314
        rdf_ns, ext, schema, prop = NS["rdf"], *XMP_EXTENSION.values()
        identification = rdf.find(f"{{{rdf_ns}}}Description")  # the first one carries pdfaid:part
        identification.set(f"{{{NS['pdfuaid']}}}part", str(PDF_UA_PART))
        description = SubElement(rdf, f"{{{rdf_ns}}}Description", {f"{{{rdf_ns}}}about": ""})
        bag = SubElement(SubElement(description, f"{{{ext}}}schemas"), f"{{{rdf_ns}}}Bag")
        item = SubElement(bag, f"{{{rdf_ns}}}li", {f"{{{rdf_ns}}}parseType": "Resource"})
        for name, text in (
            ("schema", "PDF/UA Universal Accessibility Schema"),
            ("namespaceURI", NS["pdfuaid"]),
            ("prefix", "pdfuaid"),
        ):
            SubElement(item, f"{{{schema}}}{name}").text = text
        properties = SubElement(SubElement(item, f"{{{schema}}}property"), f"{{{rdf_ns}}}Seq")
        part = SubElement(properties, f"{{{rdf_ns}}}li", {f"{{{rdf_ns}}}parseType": "Resource"})
        for name, text in (
            ("name", "part"),
            ("valueType", "Integer"),
            ("category", "internal"),
            ("description", "Indicates, which part of ISO 14289 standard is followed"),
        ):
            SubElement(part, f"{{{prop}}}{name}").text = text
        return tostring(rdf, encoding="utf-8")


def render(html: str) -> RenderedPdf:
    """Render in this process. core.pdf.render_pdf calls this in a child; call it directly only to measure."""
    fetcher = StaticFilesOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    metadata = ArchivalMetadata()
    metadata.__dict__.update(vars(document.metadata))  # title, lang, … as WeasyPrint read them from the HTML
    document.metadata = metadata
    content = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    return RenderedPdf(
        content=content,
        served=fetcher.served,
        refused=fetcher.refused,
        max_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
