"""Writes for programmes, budget proposals, their economy lines, funding and partnerships.

The database constraints are the rules; a violation comes back as a ValidationError with a
Danish message, so the views show it in the form instead of failing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import bump_version, rule_broken, save, sync_rows, update_versioned
from statuses.models import StatusScale

from .choices import PROPOSAL_SCALE
from .models import BudgetProposal, EconomyLine, Funding, Partnership, Programme

PROGRAMME_FIELDS = ("name", "purpose", "aims", "description", "committee", "scope", "start_month", "end_month")
PROPOSAL_FIELDS = ("title", "date", "committee", "programme", "period_text", "background", "description")
FUNDING_FIELDS = ("programme", "source", "purpose", "amount", "year", "start_date", "end_date")
PARTNERSHIP_FIELDS = ("programme", "partner", "area", "purpose", "start", "duration", "description")


# --- Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, data: dict, acting_user) -> Programme:
    return save(Programme(**{f: data[f] for f in PROGRAMME_FIELDS}), acting_user=acting_user)


@transaction.atomic
def programme_update(*, programme: Programme, data: dict, expected_version: int, acting_user) -> Programme:
    return update_versioned(
        Programme,
        pk=programme.pk,
        expected_version=expected_version,
        data={f: data[f] for f in PROGRAMME_FIELDS},
        acting_user=acting_user,
    )


# --- Budget proposals and their economy --------------------------------------------------------


def _save_economy_lines(proposal: BudgetProposal, lines, acting_user) -> bool:
    """Make the proposal's lines exactly `lines`: (year, kind, amount in 1.000 kr.) tuples.

    A (year, kind) given twice is refused, not merged (the form says so first)."""
    wanted = {}
    for year, kind, amount in lines:
        if (year, kind) in wanted:
            raise rule_broken(EconomyLine, "economy_line_one_per_year_and_kind")
        wanted[(year, kind)] = {"amount": amount}
    return sync_rows(
        {(line.year, line.kind): line for line in proposal.economy_lines.all()},
        wanted,
        make=lambda key: EconomyLine(proposal=proposal, year=key[0], kind=key[1]),
        acting_user=acting_user,
    )


def _proposal_start_status():
    scale = StatusScale.objects.filter(slug=PROPOSAL_SCALE).first()
    if scale is None:
        raise ValidationError("Statusskalaen for budgetforslag er ikke indlæst. Kontakt en administrator.")
    return scale.default_value


@transaction.atomic
def proposal_create(*, data: dict, lines, acting_user) -> BudgetProposal:
    """Create a proposal with its economy lines; its status starts at the scale's default (Kladde)."""
    proposal = BudgetProposal(status=_proposal_start_status(), **{f: data[f] for f in PROPOSAL_FIELDS})
    save(proposal, acting_user=acting_user)
    _save_economy_lines(proposal, lines, acting_user)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: BudgetProposal, data: dict, lines, expected_version: int, acting_user
) -> BudgetProposal:
    """Save a proposal and its economy lines, refusing if somebody saved it after the user opened it."""
    locked = update_versioned(
        BudgetProposal,
        pk=proposal.pk,
        expected_version=expected_version,
        data={f: data[f] for f in PROPOSAL_FIELDS},
        acting_user=acting_user,
    )
    if _save_economy_lines(locked, lines, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


# --- Funding and partnerships ------------------------------------------------------------------


@transaction.atomic
def funding_create(*, data: dict, acting_user) -> Funding:
    return save(Funding(**{f: data[f] for f in FUNDING_FIELDS}), acting_user=acting_user)


@transaction.atomic
def funding_update(*, funding: Funding, data: dict, expected_version: int, acting_user) -> Funding:
    return update_versioned(
        Funding,
        pk=funding.pk,
        expected_version=expected_version,
        data={f: data[f] for f in FUNDING_FIELDS},
        acting_user=acting_user,
    )


@transaction.atomic
def partnership_create(*, data: dict, acting_user) -> Partnership:
    return save(Partnership(**{f: data[f] for f in PARTNERSHIP_FIELDS}), acting_user=acting_user)


@transaction.atomic
def partnership_update(*, partnership: Partnership, data: dict, expected_version: int, acting_user) -> Partnership:
    return update_versioned(
        Partnership,
        pk=partnership.pk,
        expected_version=expected_version,
        data={f: data[f] for f in PARTNERSHIP_FIELDS},
        acting_user=acting_user,
    )
