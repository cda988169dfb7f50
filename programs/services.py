"""Writes for programmes, budget proposals, their economy lines, funding and partnerships.

The database constraints are the rules; a violation comes back as a ValidationError with a
Danish message, so the views show it in the form instead of failing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.services import lock_for_update
from statuses.models import StatusScale

from .choices import PROPOSAL_SCALE
from .models import BudgetProposal, EconomyLine, Funding, Partnership, Programme

PROGRAMME_FIELDS = ("name", "purpose", "aims", "description", "committee", "scope", "start_month", "end_month")
PROPOSAL_FIELDS = ("title", "date", "committee", "programme", "period_text", "background", "description")
FUNDING_FIELDS = ("programme", "source", "purpose", "amount", "year", "start_date", "end_date")
PARTNERSHIP_FIELDS = ("programme", "partner", "area", "purpose", "start", "duration", "description")

# (text found in the database's error, Danish message). SQLite names a check constraint but
# gives a unique constraint as its columns; PostgreSQL names both.
_CONSTRAINT_MESSAGES = (
    (
        ("economy_line_one_per_year_and_kind", "programs_economyline.proposal_id"),
        "Der må kun være én linje pr. år for udgifter og én for finansiering. Læg beløbene sammen i én linje.",
    ),
    (("economy_line_amount_not_negative",), "Et beløb i økonomitabellen kan ikke være negativt."),
    (("economy_line_year_in_range",), "Året i økonomitabellen skal skrives med fire cifre, fx 2026."),
    (("funding_period_ends_after_start",), "Finansieringens periode skal slutte efter, at den starter."),
    (("funding_amount_not_negative",), "Finansieringens beløb kan ikke være negativt."),
    (("funding_year_in_range",), "Budgetåret skal skrives med fire cifre, fx 2025."),
    (("programme_unique_name", "programs_programme.name"), "Der findes allerede et program med det navn."),
    (("programme_period_ends_after_start",), "Programmets slut skal ligge efter dets start."),
)


def constraint_message(error: IntegrityError) -> str:
    text = str(error)
    for needles, message in _CONSTRAINT_MESSAGES:
        if any(needle in text for needle in needles):
            return message
    return "Ændringen strider mod en regel for data og er ikke gemt. Kontrollér felterne, og prøv igen."


def _save(instance, acting_user, **kwargs):
    """Save inside a savepoint so a broken rule becomes a Danish message and the row stays as it was."""
    instance._history_user = acting_user
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError(constraint_message(error)) from error
    return instance


def _update_versioned(model, *, pk, fields, data, expected_version, acting_user):
    locked = lock_for_update(model, pk=pk, expected_version=expected_version)
    for name in fields:
        setattr(locked, name, data[name])
    locked.version += 1
    return _save(locked, acting_user)


# --- Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, data: dict, acting_user) -> Programme:
    return _save(Programme(**{f: data[f] for f in PROGRAMME_FIELDS}), acting_user)


@transaction.atomic
def programme_update(*, programme: Programme, data: dict, expected_version: int | None, acting_user) -> Programme:
    return _update_versioned(
        Programme, pk=programme.pk, fields=PROGRAMME_FIELDS, data=data, expected_version=expected_version,
        acting_user=acting_user,
    )


# --- Budget proposals and their economy --------------------------------------------------------


def _save_economy_lines(proposal: BudgetProposal, lines, acting_user):
    """Make the proposal's lines exactly `lines`: (year, kind, amount in 1.000 kr.) tuples.

    A (year, kind) given twice is not merged: the database refuses the second one.
    """
    wanted = {(year, kind) for year, kind, _ in lines}
    existing = {}
    for line in proposal.economy_lines.all():
        if (line.year, line.kind) in wanted:
            existing[(line.year, line.kind)] = line
        else:
            line._history_user = acting_user
            line.delete()
    for year, kind, amount in lines:
        line = existing.pop((year, kind), None)
        if line is None:
            _save(EconomyLine(proposal=proposal, year=year, kind=kind, amount=amount), acting_user)
        elif line.amount != amount:
            line.amount = amount
            _save(line, acting_user, update_fields=["amount"])


def _proposal_start_status():
    scale = StatusScale.objects.filter(slug=PROPOSAL_SCALE).first()
    if scale is None:
        raise ValidationError("Statusskalaen for budgetforslag er ikke indlæst. Kontakt en administrator.")
    return scale.default_value


@transaction.atomic
def proposal_create(*, data: dict, lines, acting_user) -> BudgetProposal:
    """Create a proposal with its economy lines; its status starts at the scale's default (Kladde)."""
    proposal = BudgetProposal(status=_proposal_start_status(), **{f: data[f] for f in PROPOSAL_FIELDS})
    _save(proposal, acting_user)
    _save_economy_lines(proposal, lines, acting_user)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: BudgetProposal, data: dict, lines, expected_version: int | None, acting_user
) -> BudgetProposal:
    """Save a proposal and its economy lines, refusing if somebody saved it after the user opened it."""
    locked = _update_versioned(
        BudgetProposal, pk=proposal.pk, fields=PROPOSAL_FIELDS, data=data, expected_version=expected_version,
        acting_user=acting_user,
    )
    _save_economy_lines(locked, lines, acting_user)
    return locked


# --- Funding and partnerships ------------------------------------------------------------------


@transaction.atomic
def funding_create(*, data: dict, acting_user) -> Funding:
    return _save(Funding(**{f: data[f] for f in FUNDING_FIELDS}), acting_user)


@transaction.atomic
def funding_update(*, funding: Funding, data: dict, expected_version: int | None, acting_user) -> Funding:
    return _update_versioned(
        Funding, pk=funding.pk, fields=FUNDING_FIELDS, data=data, expected_version=expected_version,
        acting_user=acting_user,
    )


@transaction.atomic
def partnership_create(*, data: dict, acting_user) -> Partnership:
    return _save(Partnership(**{f: data[f] for f in PARTNERSHIP_FIELDS}), acting_user)


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, data: dict, expected_version: int | None, acting_user
) -> Partnership:
    return _update_versioned(
        Partnership, pk=partnership.pk, fields=PARTNERSHIP_FIELDS, data=data, expected_version=expected_version,
        acting_user=acting_user,
    )
