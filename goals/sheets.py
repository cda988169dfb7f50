"""The indicators' measurements as a spreadsheet (core.sheets, ADR 0022): one row per measurement, and one
empty row per indicator without any, ready for its first. A row without a number adds a measurement through
goals.services.measurement_add, as the measurement form does; a measurement is never edited, so a changed
existing row is refused with the way to do it."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from core.sheets import KEY_CHUNK, Column, DateCell, DecimalCell, KeyCell, Sheet, TextCell

from .models import Indicator, Measurement
from .services import measurement_add


class IndicatorCell(KeyCell):
    """The indicator a measurement belongs to, by its number."""

    def __init__(self, **kwargs):
        super().__init__(new_label="", required=True, **kwargs)
        self.required_message = "Skriv indikatorens nr."

    def parse(self, value):
        try:
            return super().parse(value)
        except Exception as error:
            from core.sheets import CellError

            raise CellError("Skriv indikatorens nr. som et helt tal, fx 12.") from error


class MeasurementSheet(Sheet):
    model = Measurement
    version_field = "pk"  # a measurement is never edited: it is as it was
    slug = "maalinger"
    title = "Målinger"
    noun = "måling"
    list_url_name = "goals:indicator_list"
    permissions = ("goals.add_measurement",)
    intro = (
        "Indikatorernes målinger, én pr. række, og en tom række for hver indikator uden målinger. En række "
        "uden nr. med dato og værdi bliver en ny måling; en tom række tilføjer intet. En gemt måling rettes "
        "ikke her: tilføj en ny."
    )

    own_download = True  # the indicator list exports indicators; this sheet has its own download

    id = Column("Nr.", "id", KeyCell(new_label="en ny måling"))
    indicator = Column("Indikator nr.", "indicator_id", IndicatorCell())
    name = Column("Indikator", "indicator_name", TextCell(), readonly=True)
    unit = Column("Enhed", "indicator_unit", TextCell(), readonly=True)
    measured_on = Column("Målt den", "measured_on", DateCell())
    value = Column("Værdi", "value", DecimalCell())
    source = Column("Kilde", "source", TextCell(max_length=300))
    comment = Column("Kommentar", "comment", TextCell(max_length=10_000))

    # --- export: every measurement of the listed indicators, and an empty row for those without --------

    def export_objects(self, rows, moment=None):
        indicators = list(
            Indicator.objects.filter(pk__in=rows.values("pk"))
            .order_by("pk")
            .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id")))
        )
        objects = []
        for indicator in indicators:
            measurements = list(indicator.measurements.all()) or [Measurement(indicator=indicator)]
            for measurement in measurements:
                measurement.indicator_name, measurement.indicator_unit = indicator.name, indicator.unit
                objects.append(measurement)
        return objects

    def download_rows(self):
        return Indicator.objects.all()

    def label(self, values, stored) -> str:
        if stored:
            return stored["label"]
        name = self.indicator_names.get(values.get("indicator"), "")
        return f"{name} ({values['measured_on']})" if values.get("measured_on") else name

    # --- import ---------------------------------------------------------------------------------------

    def prepare(self):
        self.indicator_names, self.indicator_units = {}, {}
        for pk, name, unit in Indicator.objects.values_list("pk", "name", "unit"):
            self.indicator_names[pk], self.indicator_units[pk] = name, unit

    def current(self, keys) -> dict:
        found, keys = {}, sorted(keys)
        for start in range(0, len(keys), KEY_CHUNK):
            for measurement in Measurement.objects.filter(pk__in=keys[start : start + KEY_CHUNK]):
                values = {
                    name: field.stored(measurement)
                    for name, field in self.fields.items()
                    if not field.readonly and name != self.key
                }
                found[measurement.pk] = {
                    "values": values,
                    "version": measurement.pk,  # a measurement is never edited: it is as it was
                    "label": str(measurement),
                }
        return found

    def check_rows(self, rows):
        for row in rows:
            if row["errors"]:
                continue
            values = row["values"]
            if values.get("indicator") not in self.indicator_names:
                row["errors"].append(("Indikator nr.", f"Der er ingen indikator med nr. {values.get('indicator')}."))
                continue
            if row["stored"] is None:
                if values.get("measured_on") is None and values.get("value") is None:
                    if values.get("source") or values.get("comment"):
                        row["errors"].append(("Målt den", "Skriv dato og værdi for målingen, eller tøm rækken."))
                    else:
                        row["empty"] = True  # an indicator's empty row: nothing to add
                    continue
                for name, header in (("measured_on", "Målt den"), ("value", "Værdi")):
                    if values.get(name) is None:
                        row["errors"].append((header, "Skriv målingens dato og værdi."))
                # The service's rules, told on the cell already in the preview.
                if values.get("measured_on") and values["measured_on"] > timezone.localdate().isoformat():
                    row["errors"].append(("Målt den", "En måling kan ikke ligge i fremtiden."))
                unit = self.indicator_units.get(values["indicator"], "")
                percent = values.get("value") is not None and unit.strip() == "%"
                if percent and not 0 <= Decimal(values["value"]) <= 100:
                    row["errors"].append(("Værdi", "Værdien er en andel i procent og skal ligge mellem 0 og 100."))
            elif values != row["stored"]["values"]:
                row["errors"].append(
                    ("Nr.", "En gemt måling rettes ikke. Tilføj en ny måling i en række uden nr., og lad denne stå.")
                )

    def classify(self, row) -> str | None:
        """An indicator's empty row is unchanged: it adds nothing."""
        return "unchanged" if row.pop("empty", False) else None

    def prepare_apply(self, rows):
        self.indicators = Indicator.objects.in_bulk({row["values"]["indicator"] for row in rows})

    def apply(self, row, *, acting_user):
        values = row["values"]
        return measurement_add(
            indicator=self.indicators[values["indicator"]],
            measured_on=self.fields["measured_on"].widget.python(values["measured_on"]),
            value=self.fields["value"].widget.python(values["value"]),
            source=values.get("source") or "",
            comment=values.get("comment") or "",
            acting_user=acting_user,
        )
