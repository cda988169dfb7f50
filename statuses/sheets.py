"""Status updates from a spreadsheet (core.sheets, ADR 0022): a list whose import changes items' statuses,
each with a reason, through statuses.services.status_change — the history, the acting user and the version
check are the status form's own. The list's other columns are there to read; the import does not read them.
"""

from django.db.models import prefetch_related_objects

from core.batching import hold_locked
from core.sheets import KEY_CHUNK, Column, LabelCell, Sheet, TextCell
from core.timetravel import history_records, is_history, records_to_instances

from .models import StatusValue
from .services import status_change

REASON = "Begrundelse for statusændring"


def status_columns():
    """The two columns every status sheet ends with."""
    return Column("Status", "status", LabelCell()), Column(REASON, None, TextCell(max_length=2000))


def status_values() -> dict:
    """{scale id: {label folded: value}}: what a status cell may say, per scale."""
    values = {}
    for value in StatusValue.objects.all():
        values.setdefault(value.scale_id, {})[value.label.strip().casefold()] = value
    return values


def check_status(row, *, scales: dict, scale_id, stored_label: str):
    """An existing item's status cell against its scale: unchanged (the reason stays empty) or a value of the
    scale with a reason. Sets the row's status to the scale's own spelling."""
    values = row["values"]
    new = values.get("status")
    if new is None:
        row["errors"].append(("Status", "Skriv status."))
    elif new.strip().casefold() != (stored_label or "").casefold():
        value = scales.get(scale_id, {}).get(new.strip().casefold())
        if value is None:
            labels = ", ".join(f"„{v.label}“" for v in scales.get(scale_id, {}).values())
            row["errors"].append(("Status", f"Ukendt status „{new}“. Skalaen har {labels}."))
        elif not values.get("status_reason"):
            row["errors"].append((REASON, "Skriv en begrundelse for statusændringen."))
        else:
            values["status"] = value.label
    else:
        values["status"] = stored_label
        if values.get("status_reason"):
            row["errors"].append((REASON, "Begrundelsen bruges kun, når status ændres. Lad den stå tom."))


def apply_status(item, row, *, scales: dict, expected_version: int, acting_user):
    value = scales[item.status.scale_id][row["values"]["status"].casefold()]
    return status_change(
        item=item,
        new_value=value,
        reason=row["values"]["status_reason"],
        expected_version=expected_version,
        acting_user=acting_user,
    )


class StatusSheet(Sheet):
    """A list of status-tracked items whose import changes statuses only. Subclasses declare `model`, their
    columns — `Column("Nr.", "id", KeyCell())` first, read-only columns, then `status_columns()` — and
    `export_related` (what the read-only columns read)."""

    NOT_COMPARED = ("status_reason",)
    export_related: tuple[str, ...] = ()

    def export_objects(self, rows, moment=None):
        if is_history(rows):
            items = records_to_instances(history_records(rows))
            prefetch_related_objects(items, "status", *self.export_related)
            return items
        return rows.select_related("status", *self.export_related)

    def prepare(self):
        self.scales = status_values()

    def current(self, keys) -> dict:
        found, keys = {}, sorted(keys)
        for start in range(0, len(keys), KEY_CHUNK):
            for item in self.model.objects.filter(pk__in=keys[start : start + KEY_CHUNK]).select_related("status"):
                found[item.pk] = {
                    "values": {"status": item.status.label},
                    "version": item.version,
                    "label": str(item),
                    "scale": item.status.scale_id,
                }
        return found

    def check_rows(self, rows):
        for row in rows:
            if row["errors"]:
                continue
            if row["stored"] is None:
                row["errors"].append(
                    ("Nr.", f"Skriv nummeret på {self.a_noun}, der findes: importen skifter kun status.")
                )
                continue
            stored = row["stored"]
            check_status(row, scales=self.scales, scale_id=stored["scale"], stored_label=stored["values"]["status"])

    def prepare_apply(self, rows):
        keys = sorted(row["key"] for row in rows)
        self.items = {}
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = (
                self.model.objects.filter(pk__in=keys[start : start + KEY_CHUNK])
                .select_for_update(of=("self",))
                .select_related("status")
            )
            self.items.update({item.pk: item for item in chunk})
        hold_locked(self.items.values())

    def apply(self, row, *, acting_user):
        item = self.items[row["key"]]
        apply_status(item, row, scales=self.scales, expected_version=row["version"], acting_user=acting_user)
        return item
