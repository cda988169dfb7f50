import django_tables2 as tables
from django.db.models import Prefetch

from core.formats import kr
from core.tables import AmountColumn, BaseTable, EditColumn, ListColumn, NumberColumn, hide_edit_for_readers
from core.templatetags.danish import period
from statuses.tables import StatusColumn

from .models import Partner, Pool, Project

HIDE_BELOW_LARGE = {cell: {"class": "d-none d-lg-table-cell"} for cell in ("th", "td", "tf")}


class ProjectTable(BaseTable):
    select_related = ("status", "pool")
    # Into a plain list: prefetched into the related manager, Django builds a queryset per project.
    prefetch_related = (Prefetch("partners", to_attr="partner_list"),)

    name = tables.Column(
        verbose_name="Projektnavn", linkify=True, attrs={"td": {"class": "fw-semibold"}}, footer="I alt"
    )
    # Partners and period give way on a tablet so that name, status and amount stay readable.
    partners = ListColumn(
        accessor="partner_list",
        verbose_name="Samarbejdspartnere",
        default="–",
        orderable=False,
        attrs=HIDE_BELOW_LARGE,
    )
    period = tables.Column(
        verbose_name="Periode",
        accessor="start_month",
        order_by=("start_month",),
        empty_values=(),
        attrs=HIDE_BELOW_LARGE,
    )
    status = StatusColumn()
    allocated = AmountColumn(verbose_name="Disponeret i alt", footer=lambda table: kr(table.total))
    description = tables.Column(verbose_name="Projektbeskrivelse", visible=False)
    status_text = tables.Column(verbose_name="Statusbeskrivelse", visible=False)

    class Meta(BaseTable.Meta):
        model = Project
        fields = ("name", "partners", "period", "status", "allocated")
        sequence = ("name", "partners", "period", "status", "allocated", "description", "status_text")

    def __init__(self, *args, year=None, total=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.total = total
        if year:
            self.columns["allocated"].column.verbose_name = f"Disponeret i {year}"

    def render_period(self, record):
        return period(record)

    def value_period(self, record):
        return period(record)


class PoolTable(BaseTable):
    name = tables.Column(verbose_name="Pulje", attrs={"td": {"class": "fw-semibold"}})
    description = tables.Column(verbose_name="Beskrivelse", default="–", attrs=HIDE_BELOW_LARGE)
    status_scale = tables.Column(verbose_name="Statusskala")
    project_count = NumberColumn(verbose_name="Projekter")
    edit = EditColumn("projects:pool_edit")

    class Meta(BaseTable.Meta):
        model = Pool
        fields = ("name", "description", "status_scale", "project_count")
        empty_text = "Ingen puljer matcher filtrene."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hide_edit_for_readers(self)


class PartnerTable(BaseTable):
    name = tables.Column(verbose_name="Samarbejdspartner", attrs={"td": {"class": "fw-semibold"}})
    project_count = NumberColumn(verbose_name="Projekter og delprojekter")
    edit = EditColumn("projects:partner_edit")

    class Meta(BaseTable.Meta):
        model = Partner
        fields = ("name", "project_count")
        empty_text = "Ingen samarbejdspartnere matcher filtrene."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hide_edit_for_readers(self)
