"""Reading a page the way a person reads it: its tables as rows of cell text, its links, its text."""

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import openpyxl


@dataclass
class Table:
    caption: str = ""
    head: list = field(default_factory=list)  # rows of header cell texts
    body: list = field(default_factory=list)  # rows of cell texts (a row's <th> included)
    foot: list = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return self.head[-1] if self.head else []

    def column(self, name: str) -> list[str]:
        index = self.columns.index(name)
        return [row[index] for row in self.body if len(row) > index]

    def row(self, first_cell: str) -> list[str]:
        return next(row for row in self.body if row and row[0] == first_cell)

    def row_starting(self, text: str) -> list[str]:
        return next(row for row in self.body + self.foot if row and row[0].startswith(text))


class _Reader(HTMLParser):
    HIDDEN = ("script", "style", "template")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.text: list[str] = []
        self._stack: list[Table] = []
        self._section = "body"
        self._row = None
        self._cell = None
        self._caption = None
        self._link = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "table":
            self._stack.append(Table())
            self.tables.append(self._stack[-1])
        elif tag in ("thead", "tbody", "tfoot") and self._stack:
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "caption" and self._stack:
            self._caption = []
        elif tag == "a" and attrs.get("href"):
            self._link = [attrs["href"], []]

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag == "table" and self._stack:
            self._stack.pop()
            self._section = "body"
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._stack:
            getattr(self._stack[-1], self._section).append(self._row)
            self._row = None
        elif tag == "caption" and self._caption is not None:
            self._stack[-1].caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join("".join(self._link[1]).split())))
            self._link = None

    def handle_data(self, data):
        if self._hidden:
            return
        self.text.append(data)
        for part in (self._cell, self._caption, self._link[1] if self._link else None):
            if part is not None:
                part.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def tables(html: str) -> list[Table]:
    return read(html).tables


def text(html: str) -> str:
    return " ".join(" ".join(read(html).text).split())


def links(html: str) -> list[tuple[str, str]]:
    return read(html).links


def csv_table(content: bytes) -> list[list[str]]:
    """An export as Danish Excel reads it: UTF-8 with a byte order mark, semicolon-separated (ADR 0022)."""
    assert content.startswith("\ufeff".encode()), "a CSV export starts with a byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def csv_rows(content: bytes) -> list[dict]:
    table = csv_table(content)
    return [dict(zip(table[0], row)) for row in table[1:]]


def xlsx_rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def amount(shown: str) -> int:
    """ "1.500.000 kr." → 1500000; the figure a person reads, whatever unit follows it."""
    digits = shown.replace("kr.", "").replace(".", "").strip()
    return int(digits)


def form_version(client, url) -> dict:
    """{"version": "3"}: the edit version the form at `url` was opened at, as a browser sends it back;
    {} for a form without one (a new item)."""
    found = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode())
    return {"version": found.group(1)} if found else {}
