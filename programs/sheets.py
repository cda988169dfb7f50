"""The budget proposals' economy lines as a spreadsheet (core.sheets, ADR 0022): one row per proposal, one
column per year and kind in 1.000 kr. ("Udgifter 2026 (1.000 kr.)", "Finansiering 2026 (1.000 kr.)"), as
the proposal's economy table reads. The import changes the lines only, through programs.services.
proposal_update — the proposal form's own service, with its version check and history. A proposal is made
in its form."""

import re

from core.sheets import KEY_CHUNK, AmountCell, Column, DateCell, KeyCell, Sheet, TextCell

from .choices import LineKind
from .models import BudgetProposal
from .services import PROPOSAL_FIELDS, proposal_update

UNIT = "(1.000 kr.)"
LINE_HEADER = re.compile(r"^(Udgifter|Finansiering) (\d{4}) \(1\.000 kr\.\)$")
KIND_WORDS = {LineKind.EXPENSE: "Udgifter", LineKind.FINANCING: "Finansiering"}
WORD_KINDS = {word: kind for kind, word in KIND_WORDS.items()}


class ThousandsCell(AmountCell):
    """An amount in 1.000 kr.: 4.000 is four million kroner."""

    kind = "thousands"

    def show(self, value) -> str:
        from core import formats

        return formats.EMPTY if value is None else formats.kr_thousands(value)


def line_field(kind: str, year: int) -> str:
    return f"line_{kind}_{year}"


class EconomySheet(Sheet):
    model = BudgetProposal
    slug = "oekonomi"
    title = "Økonomi i budgetforslag"
    noun, neuter = "budgetforslag", True
    list_url_name = "programs:proposal_list"
    permissions = ("programs.change_budgetproposal",)
    own_download = True  # the proposal list exports the proposals; this sheet has its own download
    intro = (
        "Budgetforslagenes driftsøkonomi i 1.000 kr., én række pr. forslag og én kolonne pr. år for udgifter og "
        "for finansiering. Importen ændrer kun beløbene; en tom celle fjerner årets linje, og et år uden "
        "kolonne bliver, som det er. Nye budgetforslag oprettes i portalen."
    )

    id = Column("Nr.", "id", KeyCell(new_label="et budgetforslag"))
    title_ = Column("Titel", "title", TextCell(), readonly=True)
    date = Column("Dato", "date", DateCell(), readonly=True)
    net = Column(f"Netto i alt {UNIT}", "net_total", ThousandsCell(), readonly=True)

    def add_line(self, kind: str, year: int):
        name = line_field(kind, year)
        if name in self.fields:
            return self.fields[name]
        column = Column(
            f"{KIND_WORDS[kind]} {year} {UNIT}",
            None,
            ThousandsCell(),
            dehydrate_method=lambda proposal, key=(year, kind): proposal.line_amounts.get(key),
        )
        fields = {n: f for n, f in self.fields.items() if n != "net"}
        fields[name] = column
        lines = sorted(
            (n for n in fields if n.startswith("line_")),
            key=lambda n: (int(n.rsplit("_", 1)[1]), n.split("_")[1] != LineKind.EXPENSE),
        )
        ordered = {n: f for n, f in fields.items() if not n.startswith("line_")}
        ordered.update({n: fields[n] for n in lines})
        ordered["net"] = self.fields["net"]
        self.fields.clear()
        self.fields.update(ordered)
        return column

    def optional_header(self, header):
        found = LINE_HEADER.match(header)
        if found:
            return self.add_line(WORD_KINDS[found.group(1)], int(found.group(2)))
        return None

    def lines(self) -> list[tuple[str, int, str]]:
        """(field name, year, kind) of the line columns."""
        return [(n, int(n.rsplit("_", 1)[1]), n.split("_")[1]) for n in self.fields if n.startswith("line_")]

    # --- export -------------------------------------------------------------------------------------

    def download_rows(self):
        return BudgetProposal.objects.order_by("-date", "id")

    def export_objects(self, rows, moment=None):
        proposals = list(rows.prefetch_related("economy_lines"))
        for proposal in proposals:
            proposal.line_amounts = {(line.year, line.kind): line.amount for line in proposal.economy_lines.all()}
            expenses = sum(a for (_, kind), a in proposal.line_amounts.items() if kind == LineKind.EXPENSE)
            proposal.net_total = expenses - sum(
                a for (_, kind), a in proposal.line_amounts.items() if kind == LineKind.FINANCING
            )
        return proposals

    def prepare_export(self, objects):
        for year, kind in sorted({key for proposal in objects for key in proposal.line_amounts}):
            self.add_line(kind, year)

    def add_known_columns(self):
        from .models import EconomyLine

        for year, kind in EconomyLine.objects.values_list("year", "kind").distinct().order_by("year", "kind"):
            self.add_line(kind, year)

    # --- import -------------------------------------------------------------------------------------

    def current(self, keys) -> dict:
        found, keys = {}, sorted(keys)
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = BudgetProposal.objects.filter(pk__in=keys[start : start + KEY_CHUNK]).prefetch_related(
                "economy_lines"
            )
            for proposal in chunk:
                amounts = {(line.year, line.kind): line.amount for line in proposal.economy_lines.all()}
                found[proposal.pk] = {
                    "values": {name: amounts.get((year, kind)) for name, year, kind in self.lines()},
                    "version": proposal.version,
                    "label": proposal.title,
                }
        return found

    def check_rows(self, rows):
        for row in rows:
            if not row["errors"] and row["stored"] is None:
                row["errors"].append(
                    ("Nr.", "Skriv nummeret på et budgetforslag, der findes. Nye oprettes i portalen.")
                )

    def prepare_apply(self, rows):
        self.proposals = BudgetProposal.objects.prefetch_related("economy_lines").in_bulk([row["key"] for row in rows])

    def apply(self, row, *, acting_user):
        proposal = self.proposals[row["key"]]
        amounts = {(line.year, line.kind): line.amount for line in proposal.economy_lines.all()}
        for name, year, kind in self.lines():
            value = row["values"].get(name)
            if value is None:
                amounts.pop((year, kind), None)
            else:
                amounts[(year, kind)] = value
        return proposal_update(
            proposal=proposal,
            data={field: getattr(proposal, field) for field in PROPOSAL_FIELDS},
            lines=[(year, kind, amount) for (year, kind), amount in sorted(amounts.items())],
            expected_version=row["version"],
            acting_user=acting_user,
        )
