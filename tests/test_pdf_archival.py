"""Issued bilag are archival PDFs: PDF/A-2a (ISO 19005-2) that are also tagged PDF/UA-1 (ISO 14289-1).

No PDF/A validator installs from the registries CI uses (veraPDF is a Java program: not in Debian, PyPI or
npm), so these tests read what a validator would check first from the file itself with pypdf: the XMP
identification, the extension schema for pdfuaid, the structure tree, the language, the output intent and
that every font is embedded (ADR 0016)."""

import io
from xml.etree import ElementTree

import pypdf
import pytest

from tests.factories import overview_sheet

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
DC = "http://purl.org/dc/elements/1.1/"


@pytest.fixture
def issued_pdf(seed, secretary):
    return bytes(overview_sheet(acting_user=secretary, issue=True).pdf)


def xmp(reader) -> ElementTree.Element:
    return ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_data())


def xmp_property(root, namespace, name):
    """A simple XMP property, written as an attribute or as an element of some rdf:Description."""
    for description in root.iter(f"{{{RDF}}}Description"):
        if f"{{{namespace}}}{name}" in description.attrib:
            return description.attrib[f"{{{namespace}}}{name}"]
        element = description.find(f"{{{namespace}}}{name}")
        if element is not None:
            return element.text
    return None


def fonts(reader):
    """Every font the pages use, also inside form XObjects."""
    seen = set()

    def walk(resources):
        resources = resources.get_object() if resources is not None else {}
        for font in resources.get("/Font", {}).values():
            if font.idnum not in seen:
                seen.add(font.idnum)
                yield font.get_object()
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))

    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def embedded(font) -> bool:
    if font["/Subtype"] == "/Type3":  # glyphs drawn by content streams in the file itself
        return True
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"]
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_an_issued_bilag_declares_pdfa_2a_and_pdfua_1_in_its_xmp_metadata(issued_pdf):
    reader = pypdf.PdfReader(io.BytesIO(issued_pdf))
    assert issued_pdf.startswith(b"%PDF-1.7")
    root = xmp(reader)
    assert xmp_property(root, PDFAID, "part") == "2"
    assert xmp_property(root, PDFAID, "conformance") == "A"
    assert xmp_property(root, PDFUAID, "part") == "1"
    # PDF/A accepts an XMP property outside its own schemas only with an extension schema that describes it.
    schemas = {schema.findtext(f"{{{PDFA_SCHEMA}}}namespaceURI") for schema in root.iter(f"{{{RDF}}}li")}
    assert PDFUAID in schemas
    # The document information and the XMP agree on the title (PDF/A-2, 6.6.3).
    title = root.find(f".//{{{DC}}}title//{{{RDF}}}li").text
    assert title == reader.metadata.title
    assert title.startswith("Overbliksark over projekter i 0,35% puljen")


def test_an_issued_bilag_is_tagged_in_danish_with_an_output_intent_and_embedded_fonts(issued_pdf):
    reader = pypdf.PdfReader(io.BytesIO(issued_pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    tree = catalog["/StructTreeRoot"]
    assert [kid.get_object()["/S"] for kid in tree["/K"]] == ["/Document"] and "/ParentTree" in tree
    assert all("/StructParents" in page for page in reader.pages)

    (intent,) = catalog["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    assert intent["/DestOutputProfile"]["/N"] == 3  # an RGB ICC profile

    assert len(reader.trailer["/ID"]) == 2  # the file identifier PDF/A requires

    used = list(fonts(reader))
    assert used and all(embedded(font) for font in used), [font.get("/BaseFont") for font in used]


def test_the_pack_keeps_the_pieces_tags_but_claims_no_pdfa(seed, secretary):
    from meetings.pack import meeting_pack_pdf

    meeting = overview_sheet(acting_user=secretary, issue=True).bilag.meeting
    reader = pypdf.PdfReader(io.BytesIO(meeting_pack_pdf(meeting)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da" and catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog and "/Metadata" not in catalog  # no XMP, so no PDF/A claim
    assert all(embedded(font) for font in fonts(reader))
