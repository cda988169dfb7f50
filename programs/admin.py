from django import forms
from django.contrib import admin

from core.admin import PortalAdmin
from core.forms import CONFIRM_LABEL, ConfirmLargeAmountsMixin, ThousandsAmountField

from .models import BudgetProposal, Committee, EconomyLine, Funding, Partnership, Programme


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    readonly_fields = ("version",)


class PartnershipInline(admin.StackedInline):
    model = Partnership
    extra = 0
    readonly_fields = ("version",)


class EconomyLineAdminForm(ConfirmLargeAmountsMixin, forms.ModelForm):
    """The amount in 1.000 kr. read as in the portal's economy table, with the same question for large ones."""

    amount = ThousandsAmountField(label="Beløb (1.000 kr.)", help_text="")
    amounts_confirmed = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    class Meta:
        model = EconomyLine
        fields = ["year", "kind", "amount"]


class EconomyLineInline(admin.TabularInline):
    model = EconomyLine
    form = EconomyLineAdminForm
    fields = ["year", "kind", "amount", "amounts_confirmed"]
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(PortalAdmin):
    search_fields = ("name",)


@admin.register(Programme)
class ProgrammeAdmin(PortalAdmin):
    list_display = ("name", "committee", "version")
    list_select_related = ("committee",)
    search_fields = ("name", "purpose", "description")
    inlines = [FundingInline, PartnershipInline]
    readonly_fields = ("version",)


@admin.register(BudgetProposal)
class BudgetProposalAdmin(PortalAdmin):
    list_display = ("title", "date", "committee", "programme", "status", "version")
    list_filter = ("status", "committee", "programme")
    list_select_related = ("committee", "programme", "status")
    search_fields = ("title", "background", "description")
    inlines = [EconomyLineInline]
    # Status changes go through the status framework so that each has a reason in the history.
    readonly_fields = ("status", "status_changed_at", "version")


admin.site.register(Funding, PortalAdmin)
admin.site.register(Partnership, PortalAdmin)
