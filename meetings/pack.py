"""The meeting pack: a meeting's issued bilag as one PDF or as a zip of the separate files (ADR 0016).

An issued bilag is never rendered again: the pack takes each bilag's stored PDF bytes and merges them
with pypdf behind a cover and contents page that WeasyPrint renders now. Running page numbers
("Samlet side N af M") come from a second WeasyPrint document with one empty page per pack page, whose
footers are laid over the pack's pages as artifacts. The pieces' structure trees are joined under one
Document, so the pack stays a tagged PDF where its pieces are.
"""

import io
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from core import formats, private_api
from core.pdf import render_pdf

from .models import Meeting, genitive
from .selectors import IssuedBilag, bilag_file_name, issued_bilag

# The cover and one contents page; a meeting with very many bilag gets a longer contents, and the
# front is then rendered once more with the right page numbers.
FRONT_PAGES_GUESS = 2
# The bottom margins of static/css/bilag.css, so that "Samlet side" sits on the line of the bilag's
# own footer ("Side X af Y" at the right), in the empty middle.
BOTTOM_MARGIN_PORTRAIT, BOTTOM_MARGIN_LANDSCAPE = "18mm", "16mm"
MARKED_CONTENT_OPERATORS = (b"BDC", b"BMC", b"EMC")


class NoIssuedBilag(LookupError):
    pass


@dataclass
class Piece:
    """One issued bilag in the pack and the pages it takes (counted from 1)."""

    issued: IssuedBilag
    reader: PdfReader
    first_page: int

    @property
    def last_page(self) -> int:
        return self.first_page + len(self.reader.pages) - 1

    @property
    def pages(self) -> str:
        """ "3" or "3–7"."""
        if self.last_page == self.first_page:
            return str(self.first_page)
        return f"{self.first_page}–{self.last_page}"

    @property
    def bookmark(self) -> str:
        return f"Bilag {self.issued.bilag.number} – {self.issued.bilag.display_title}"


def pack_title(meeting: Meeting) -> str:
    """ "Bilag til Børne- og Ungdomsudvalgets møde den 26. marts 2019"."""
    return f"Bilag til {genitive(meeting.committee.name)} møde den {formats.long_date(meeting.date)}"


def pack_file_name(meeting: Meeting, extension: str) -> str:
    """ "2019-03-26 Bilag til Børne- og Ungdomsudvalgets møde.pdf" (or .zip)."""
    return f"{meeting.date.isoformat()} Bilag til {genitive(meeting.committee.name)} møde.{extension}"


def meeting_pack_zip(meeting: Meeting) -> bytes:
    """Each issued bilag's newest version under its file name, byte for byte as stored."""
    items = _issued(meeting)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for bilag, version in items:
            # zipfile marks a non-ASCII name as UTF-8 (general purpose flag bit 11) by itself.
            info = zipfile.ZipInfo(
                bilag_file_name(bilag, version=version),
                date_time=timezone.localtime(version.issued_at).timetuple()[:6],
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, bytes(version.pdf))
    return buffer.getvalue()


def meeting_pack_pdf(meeting: Meeting) -> bytes:
    """Cover, contents and every issued bilag's stored PDF, with running page numbers and bookmarks."""
    items = _issued(meeting)
    readers = [PdfReader(io.BytesIO(bytes(item.version.pdf))) for item in items]
    front_pages = FRONT_PAGES_GUESS
    for _attempt in range(3):
        pieces, first_page = [], front_pages + 1
        for item, reader in zip(items, readers):
            pieces.append(Piece(item, reader, first_page))
            first_page += len(reader.pages)
        front = _pdf(_front_html(meeting, pieces))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    else:  # pragma: no cover - the contents would have to change length with its own page numbers
        raise RuntimeError("The pack's contents did not settle on a number of pages.")

    writer = PdfWriter()
    parts = [front, *readers]
    first_indexes = []
    for reader in parts:
        first_indexes.append(len(writer.pages))
        for page in reader.pages:
            writer.add_page(page)
    _stamp_page_numbers(writer, meeting)
    _join_structure(writer, parts, first_indexes, ["Forside og indhold", *(piece.bookmark for piece in pieces)])
    for piece, index in zip(pieces, first_indexes[1:]):
        writer.add_outline_item(title=piece.bookmark, page_number=index)
    _describe(writer, meeting, front)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _issued(meeting: Meeting) -> list[IssuedBilag]:
    items = issued_bilag(meeting)
    if not items:
        raise NoIssuedBilag(meeting)
    return items


def _pdf(html: str) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(html).content))


def _front_html(meeting: Meeting, pieces: list[Piece]) -> str:
    return render_to_string(
        "meetings/pack_cover.html",
        {"meeting": meeting, "title": pack_title(meeting), "pieces": pieces},
    )


def _stamp_page_numbers(writer: PdfWriter, meeting: Meeting) -> None:
    """Lay "Samlet side N af M" over the bottom centre of every page, marked as an artifact."""
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    kinds = sorted(set(sizes))
    html = render_to_string(
        "meetings/pack_stamps.html",
        {
            "title": pack_title(meeting),
            "page_kinds": [
                {
                    "name": f"size{index}",
                    "width": width,
                    "height": height,
                    "bottom": BOTTOM_MARGIN_LANDSCAPE if width > height else BOTTOM_MARGIN_PORTRAIT,
                }
                for index, (width, height) in enumerate(kinds)
            ],
            "pages": [f"size{kinds.index(size)}" for size in sizes],
        },
    )
    stamps = PdfWriter(clone_from=_pdf(html))  # pypdf changes a page's content only in a writer
    if len(stamps.pages) != len(writer.pages):
        raise RuntimeError(f"{len(stamps.pages)} page numbers for {len(writer.pages)} pages.")
    for page, stamp in zip(writer.pages, stamps.pages):
        # The stamp document is tagged too; its marks would point into its own structure tree,
        # so they are dropped and the whole footer becomes one artifact (not read aloud).
        content = ContentStream(stamp.get_contents(), stamps)
        operations = [op for op in content.operations if op[1] not in MARKED_CONTENT_OPERATORS]
        content.operations = [([NameObject("/Artifact")], b"BMC"), *operations, ([], b"EMC")]
        stamp.replace_contents(content)
        page.merge_page(stamp, over=True)
        page.compress_content_streams()  # merging decodes the page's content; stored, it would be 5 × larger


def _join_structure(writer: PdfWriter, parts: list[PdfReader], first_indexes: list[int], titles: list[str]) -> None:
    """One structure tree: a Document whose parts (titled "Bilag 1 – …") are the front's and each bilag's documents.

    pypdf copies pages without /StructParents; each part's parent tree keys move up by an offset, and
    its pages and annotations get their keys back with the same offset."""
    tree_root = _indirect(writer, DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
    document = _indirect(
        writer,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): tree_root,
            }
        ),
    )
    kids, nums, role_map, offset = ArrayObject(), ArrayObject(), DictionaryObject(), 0
    for reader, first_index, title in zip(parts, first_indexes, titles):
        source = reader.trailer["/Root"].get("/StructTreeRoot")
        if source is None:
            continue
        source = source.get_object()
        top = source.raw_get("/K") if "/K" in source else ArrayObject()
        for kid in top.get_object() if isinstance(top.get_object(), ArrayObject) else [top]:
            copy = kid.clone(writer) if isinstance(kid, IndirectObject) else _indirect(writer, kid.clone(writer))
            element = copy.get_object()
            element[NameObject("/P")] = document
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
                element[NameObject("/T")] = TextStringObject(title)
            kids.append(copy)
        pairs = _number_tree(source["/ParentTree"].get_object()) if "/ParentTree" in source else []
        for key, value in pairs:
            nums.extend([NumberObject(key + offset), value.clone(writer)])
        for index, page in enumerate(reader.pages):
            copy = writer.pages[first_index + index]
            if "/StructParents" in page:
                copy[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
            for annotation in copy.get("/Annots", ArrayObject()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(annotation["/StructParent"] + offset)
        for name, value in source.get("/RoleMap", DictionaryObject()).get_object().items():
            role_map[NameObject(name)] = value.clone(writer)
        offset += max((key for key, _value in pairs), default=-1) + 1
    document.get_object()[NameObject("/K")] = kids
    tree = tree_root.get_object()
    tree[NameObject("/K")] = document
    tree[NameObject("/ParentTree")] = _indirect(writer, DictionaryObject({NameObject("/Nums"): nums}))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    if role_map:
        tree[NameObject("/RoleMap")] = role_map
    writer.root_object[NameObject("/StructTreeRoot")] = tree_root
    writer.root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def _indirect(writer: PdfWriter, value) -> IndirectObject:
    """The object as an indirect object of the writer (structure elements point at their parents)."""
    return private_api.pdf_indirect(writer, value)


def _number_tree(node) -> list[tuple[int, object]]:
    pairs = []
    nums = node.get("/Nums", ArrayObject())
    pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in node.get("/Kids", ArrayObject()):
        pairs.extend(_number_tree(kid.get_object()))
    return sorted(pairs, key=lambda pair: pair[0])


def _describe(writer: PdfWriter, meeting: Meeting, front: PdfReader) -> None:
    """Title and language of the pack; a reader shows the title, not the file name."""
    title = pack_title(meeting)
    writer.add_metadata({"/Title": title, "/Author": "Viborg Kommune, Børn & Unge", "/Subject": title})
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject("da")
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    intents = front.trailer["/Root"].get("/OutputIntents")
    if intents is not None:
        root[NameObject("/OutputIntents")] = intents.clone(writer)
    writer.page_mode = "/UseOutlines"
