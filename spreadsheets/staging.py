"""The staged import (ADR 0022): a file's rows compared with what is stored, then — after the user confirmed
the preview — written in one transaction through the app's services.

    stage(sheet, table)   → Staged: every row new, changed (field by field, old → new), unchanged, or an
                            error with a Danish message for its cell. Writes nothing.
    changed_since(...)    → the rows stored differently now than at the preview (a confirm is then refused).
    apply(...)            → all new and changed rows in one transaction; the first refusal rolls back all.

A staged row is a plain dict, so that it can be kept in the database (ImportBatch.rows):

    {"line": 5, "key": 12 | None, "label": "Læsecenter", "state": "new" | "changed" | "unchanged" | "error",
     "values": {field: canonical value}, "version": 3 | None,
     "changes": [[field, header, old shown, new shown]], "errors": [[header, message]]}
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from core import formats, private_api
from core.batching import batched
from core.exceptions import ConcurrentEditError
from core.sheets import CellError, is_empty

from .reading import Formula

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
TEMPLATE_HINT = "Hent listen med „Hent Excel“ og brug den som skabelon: importens kolonner er eksportens."


@dataclass
class Staged:
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # about the file as a whole

    @property
    def counts(self) -> dict:
        counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row["state"]] += 1
        return counts


class ApplyRefused(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


def map_headers(sheet, headers) -> tuple[list, list[str]]:
    """The sheet's column for each header of the file, and what is wrong with the headers."""
    problems, columns, seen = [], [], set()
    known = sheet.columns()
    fixed = list(known)
    for index, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        letter = _letter(index)
        if isinstance(header, Formula):
            problems.append(f"Overskriften i kolonne {letter} er en formel ({header}). Skriv kolonnens navn.")
            columns.append(None)
            continue
        if not text:
            problems.append(f"Kolonne {letter} har ingen overskrift.")
            columns.append(None)
            continue
        if text in seen:
            problems.append(f"Kolonnen „{text}“ står to gange.")
            columns.append(None)
            continue
        seen.add(text)
        column = known.get(text) or sheet.optional_header(text)
        if column is None:
            problems.append(f"Ukendt kolonne „{formats.text(text, 60)}“ (kolonne {letter}).")
        columns.append(column)
    missing = [header for header in fixed if header not in seen]
    if missing:
        problems.append(
            "Kolonnen " + ", ".join(f"„{h}“" for h in missing) + " mangler."
            if len(missing) == 1
            else "Kolonnerne " + ", ".join(f"„{h}“" for h in missing) + " mangler."
        )
    if problems:
        problems.append(TEMPLATE_HINT)
    return columns, problems


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def stage(sheet, table, *, progress=None) -> Staged:
    """Compare every row of `table` with what is stored (module docstring). `progress(done, total)` is
    called now and then, for the progress page of a large file."""
    sheet.prepare()
    columns, problems = map_headers(sheet, table.headers)
    staged = Staged(headers=[str(h).strip() if h is not None else "" for h in table.headers])
    if problems:
        staged.errors = problems
        return staged
    names = {id(column): sheet.field_name(column) for column in columns if column is not None}
    rows = []
    total = len(table.rows)
    for done, (line, cells) in enumerate(table.rows, start=1):
        if all(is_empty(cell) for cell in cells):
            continue
        row = {"line": line, "key": None, "label": "", "state": ERROR, "values": {}, "changes": [], "errors": []}
        for index, column in enumerate(columns):
            if column.readonly:
                continue
            cell = cells[index] if index < len(cells) else None
            if isinstance(cell, Formula):
                row["errors"].append(
                    (
                        column.header,
                        f"Cellen indeholder formlen {formats.text(cell.text, 60)}. Formler læses ikke: "
                        "skriv selve værdien.",
                    )
                )
                continue
            try:
                row["values"][names[id(column)]] = column.widget.clean(cell)
            except CellError as error:
                row["errors"].append((column.header, error.message))
        if any(not is_empty(cell) for cell in cells[len(columns) :]):
            row["errors"].append(("", "Rækken har værdier i kolonner uden overskrift."))
        row["key"] = row["values"].pop(sheet.key, None)
        rows.append(row)
        if progress is not None and done % 250 == 0:
            progress(done, total)
    if not rows:
        staged.errors = ["Filen har ingen rækker med data under overskrifterne."]
        return staged

    stored = sheet.current({row["key"] for row in rows if row["key"] is not None})
    seen = {}
    for row in rows:
        key, row["stored"] = row["key"], None
        if key is None:
            continue
        if key in seen:
            row["errors"].append(
                ("Nr.", f"Nr. {key} står også i række {seen[key]}. {sheet.each_noun} må kun stå én gang.")
            )
        elif key not in stored:
            row["errors"].append(("Nr.", f"Der er {sheet.no_noun} med nr. {key}."))
        else:
            row["stored"] = stored[key]
        seen.setdefault(key, row["line"])
    sheet.check_rows(rows)
    compared = sheet.compared()
    for row in rows:
        _classify(sheet, row, compared)
    staged.rows = rows
    if progress is not None:
        progress(total, total)
    return staged


def _classify(sheet, row, compared):
    stored = row.pop("stored")
    values = row["values"]
    row["label"] = sheet.label(values, stored)
    row["version"] = stored["version"] if stored else None
    if row["errors"]:
        row["state"] = ERROR
        row["errors"] = [list(error) for error in row["errors"]]
        row["values"] = {}
        return
    if sheet.classify(row) == UNCHANGED:
        row["state"], row["values"], row["changes"] = UNCHANGED, {}, []
        return
    changes = []
    for name in compared:
        column = sheet.fields[name]
        new = values.get(name)
        if stored is None:
            if new not in (None, "", []):
                changes.append([name, column.header, "", column.widget.show(new)])
        elif stored["values"].get(name) != new:
            changes.append(
                [name, column.header, column.widget.show(stored["values"].get(name)), column.widget.show(new)]
            )
    row["changes"] = changes
    if stored is None:
        row["state"] = NEW
    elif changes:
        row["state"] = CHANGED
    else:
        row["state"] = UNCHANGED
        row["values"] = {}


def changed_since(sheet, rows) -> list[str]:
    """The rows whose stored data changed after the preview: then the preview is no longer true."""
    keyed = {row["key"]: row for row in rows if row["key"] is not None and row["state"] != ERROR}
    if not keyed:
        return []
    now = sheet.versions(set(keyed))
    moved = []
    for key, row in keyed.items():
        if now.get(key) != row["version"]:
            moved.append(f"Række {row['line']}: {sheet.noun} nr. {key} ({formats.text(row['label'], 60)})")
    return moved


def apply(sheet, rows, *, acting_user, progress=None) -> list[dict]:
    """Every new and changed row through the sheet's services, in one transaction. Returns the receipt's
    rows; the first refusal (a rule, a version that moved on) rolls everything back (ApplyRefused)."""
    sheet.prepare()
    applied = []
    todo = [row for row in rows if row["state"] in (NEW, CHANGED)]
    # All or nothing: the services' own savepoints would only slow it down (core.private_api); the search
    # index is brought up to date once for all rows at the end (core.batching).
    with transaction.atomic(), private_api.without_savepoints(transaction.get_connection()), batched():
        sheet.prepare_apply(todo)
        for done, row in enumerate(todo, start=1):
            try:
                item = sheet.apply(row, acting_user=acting_user)
            except ConcurrentEditError as conflict:
                who = f" af {conflict.changed_by}" if conflict.changed_by else ""
                raise ApplyRefused(
                    f"Række {row['line']} ({row['label']}) er ændret{who} efter forhåndsvisningen. Intet er gemt.",
                    row["line"],
                ) from conflict
            except ValidationError as error:
                raise ApplyRefused(
                    f"Række {row['line']} ({row['label']}): {' '.join(error.messages)} Intet er gemt.", row["line"]
                ) from error
            applied.append(
                {
                    "line": row["line"],
                    "state": row["state"],
                    "key": item.pk,
                    "label": str(item),
                    "url": item.get_absolute_url() if hasattr(item, "get_absolute_url") else "",
                    "changes": [[header, old, new] for _, header, old, new in row["changes"]],
                }
            )
            if progress is not None and done % 250 == 0:
                progress(done, len(todo))
    return applied
