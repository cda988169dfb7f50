import django_tables2 as tables

from core.tables import BaseTable, DateColumn, ThousandsColumn
from core.templatetags.danish import period
from statuses.tables import StatusColumn

from .models import BudgetProposal, Programme

HIDE_BELOW_LARGE = {cell: {"class": "d-none d-lg-table-cell"} for cell in ("th", "td", "tf")}
HIDE_BELOW_XL = {cell: {"class": "d-none d-xl-table-cell"} for cell in ("th", "td", "tf")}
# The committee is nearly always Børne- og Ungdomsudvalget; it gives way first so amounts stay readable.
HIDE_BELOW_XXL = {cell: {"class": "d-none d-xxl-table-cell"} for cell in ("th", "td", "tf")}
NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


class ProgrammeTable(BaseTable):
    select_related = ("committee",)

    name = tables.Column(verbose_name="Program", linkify=True, attrs={"td": {"class": "fw-semibold"}})
    committee = tables.Column(verbose_name="Udvalg", default="Ikke oplyst", attrs=HIDE_BELOW_LARGE)
    period = tables.Column(verbose_name="Periode", accessor="start_month", order_by=("start_month",), empty_values=())
    proposal_count = tables.Column(verbose_name="Budgetforslag", attrs=NUMBER)
    project_count = tables.Column(verbose_name="Projekter", attrs=NUMBER)
    scope = tables.Column(verbose_name="Omfang", visible=False)
    description = tables.Column(verbose_name="Beskrivelse", visible=False)

    class Meta(BaseTable.Meta):
        model = Programme
        fields = ("name", "committee", "period", "proposal_count", "project_count")
        sequence = ("name", "committee", "period", "proposal_count", "project_count", "scope", "description")
        empty_text = "Ingen programmer matcher filtrene."

    def render_period(self, record):
        return period(record)

    def value_period(self, record):
        return period(record)


class ProposalTable(BaseTable):
    select_related = ("status", "committee", "programme")

    title = tables.Column(verbose_name="Titel", linkify=True, attrs={"td": {"class": "fw-semibold"}})
    date = DateColumn(verbose_name="Dato", attrs={"td": {"class": "text-nowrap"}})
    programme = tables.Column(verbose_name="Program", default="Intet program", attrs=HIDE_BELOW_LARGE)
    committee = tables.Column(verbose_name="Udvalg", attrs=HIDE_BELOW_XXL)
    period_text = tables.Column(verbose_name="Periode i teksten", default="Ikke oplyst", attrs=HIDE_BELOW_XL)
    status = StatusColumn()
    net = ThousandsColumn(verbose_name="Netto i alt (1.000 kr.)", order_by=("net",))
    background = tables.Column(verbose_name="Baggrund og formål", visible=False)
    description = tables.Column(verbose_name="Beskrivelse", visible=False)

    class Meta(BaseTable.Meta):
        model = BudgetProposal
        fields = ("title", "date", "programme", "committee", "period_text", "status", "net")
        sequence = (
            "title",
            "date",
            "programme",
            "committee",
            "period_text",
            "status",
            "net",
            "background",
            "description",
        )
        empty_text = "Ingen budgetforslag matcher filtrene."
