"""Synthetic programmes (demo.scale)."""

from datetime import date, timedelta

from .base import MONTHS, YEARS_BACK, Context, Lifecycle, _bulk, add_months, write_status_history

PROGRAMME_TOPICS = [
    "Fælles om trivsel",
    "Stærke læringsmiljøer",
    "Tidlig indsats i hele kommunen",
    "Alle børn i fællesskabet",
    "Sprog og læsning fra start",
    "Fra skole til uddannelse",
    "Sunde børn og unge",
    "Forældre som medspillere",
    "Faglighed og fællesskab",
    "Inkluderende dagtilbud",
]


def create_programmes(*, ctx: Context, goals: dict) -> dict:
    """A programme per copy with a partnership, two fundings, a budget proposal with economy lines
    and links to two of the copy's goals."""
    from programs.choices import PROPOSAL_SCALE, LineKind
    from programs.models import BudgetProposal, Committee, EconomyLine, Funding, Partnership, Programme
    from statuses.models import StatusScale

    rng = ctx.rng("programmes")
    committee = Committee.objects.order_by("pk").first()
    lifecycle = Lifecycle(StatusScale.objects.get(slug=PROPOSAL_SCALE), ctx)
    programmes, created_on, proposals, planned = [], {}, [], []
    for unit in ctx.units:
        topic = PROGRAMME_TOPICS[(unit - 1) % len(PROGRAMME_TOPICS)]
        start = add_months(ctx.first_day, rng.randint(0, 12 * (YEARS_BACK - 1)))
        programme = Programme(
            name=f"Udviklingsprogram {unit:03d} – {topic}",
            purpose=f"Syntetiske testdata. „{topic}“ er et udviklingsprogram, der skal styrke børn og unges trivsel og læring.",
            aims="\n".join(
                rng.sample(
                    [
                        "udvikle dagtilbud og skoler, så flere børn trives og lærer",
                        "styrke samarbejdet med forældrene",
                        "give medarbejdere og ledere et fælles fagligt sprog",
                        "sætte tidligere ind, når et barn har brug for hjælp",
                        "skabe sammenhæng i overgangene mellem tilbud",
                    ],
                    3,
                )
            ),
            description="Syntetiske testdata til belastningsprøver af portalen.",
            committee=committee,
            scope=f"Programmet omfatter {rng.randint(5, 40)} skoler og dagtilbud i syntetisk område {unit:03d}.",
            start_month=start,
            end_month=add_months(start, rng.randint(36, 60) - 1),
        )
        programmes.append(programme)
        created_on[programme.name] = ctx.moment(start - timedelta(days=rng.randint(30, 90)), rng)
    _bulk(Programme, programmes)
    ctx.add_history(Programme, programmes, lambda p: created_on[p.name])
    created = {p.pk: created_on[p.name] for p in programmes}

    partnerships, fundings = [], []
    for unit, programme in zip(ctx.units, programmes):
        partnerships.append(
            Partnership(
                programme=programme,
                partner=f"Syntetisk professionshøjskole {unit:03d}",
                area=rng.choice(["skoleområdet", "dagtilbudsområdet", "familieområdet"]),
                purpose="praksisnær udvikling af læringsmiljøerne",
                start=f"opstart i {MONTHS[programme.start_month.month - 1]} {programme.start_month.year}",
                duration="hele programperioden",
                description="Syntetiske testdata.",
            )
        )
        year = programme.start_month.year
        fundings.append(
            Funding(
                programme=programme,
                source=f"Byrådet, budgetforliget for {year}",
                purpose="implementering af programmet",
                amount=rng.randint(10, 80) * 100_000,
                year=year,
            )
        )
        period_start = programme.start_month
        fundings.append(
            Funding(
                programme=programme,
                source=f"Syntetisk fond {unit:03d}",
                purpose="de samlede indsatser i programmet",
                amount=rng.randint(20, 150) * 100_000,
                start_date=period_start,
                end_date=add_months(period_start, rng.randint(24, 48)) - timedelta(days=1),
            )
        )
    _bulk(Partnership, partnerships)
    _bulk(Funding, fundings)
    ctx.add_history(Partnership, partnerships, lambda p: created[p.programme_id])
    ctx.add_history(Funding, fundings, lambda f: created[f.programme_id])

    for unit, programme in zip(ctx.units, programmes):
        budget_year = rng.randint(ctx.first_day.year + 1, ctx.today.year)
        proposal_date = date(budget_year, rng.randint(5, 8), 1)
        made = ctx.moment(proposal_date - timedelta(days=rng.randint(10, 40)), rng)
        proposal = BudgetProposal(
            title=f"Budgetforslag {unit:03d} – {PROGRAMME_TOPICS[(unit - 1) % len(PROGRAMME_TOPICS)]}",
            date=proposal_date,
            committee=committee,
            programme=programme,
            period_text=f"{budget_year + 1}-{budget_year + 4}",
            background="Syntetiske testdata: baggrund og formål for et budgetforslag.",
            description=f"Børne- og Ungdomsudvalget indstiller et syntetisk forslag for perioden {budget_year + 1}-{budget_year + 4}.",
        )
        changes = lifecycle.plan(
            rng, created=made, rate=0.7, opens=date(budget_year, 8, 1), ends=date(budget_year, 12, 15)
        )
        lifecycle.apply(proposal, changes)
        proposals.append(proposal)
        planned.append((proposal, made, lifecycle.default, changes))
    _bulk(BudgetProposal, proposals)
    n_changes = write_status_history(ctx, BudgetProposal, planned)

    lines = []
    for proposal in proposals:
        first_year = proposal.date.year + 1
        expense = rng.randint(2, 24) * 250
        for year in range(first_year, first_year + 4):
            lines.append(EconomyLine(proposal=proposal, year=year, kind=LineKind.EXPENSE, amount=expense))
            if rng.random() < 0.3:
                lines.append(
                    EconomyLine(
                        proposal=proposal,
                        year=year,
                        kind=LineKind.FINANCING,
                        amount=rng.randint(1, expense // 250) * 250,
                    )
                )
    _bulk(EconomyLine, lines)
    made_at = {p.pk: made for p, made, _, _ in planned}
    ctx.add_history(EconomyLine, lines, lambda line: made_at[line.proposal_id])
    goal_links = [
        (programme, goal, created[programme.pk])
        for unit, programme in zip(ctx.units, programmes)
        for goal in rng.sample(goals.get(unit, []), min(2, len(goals.get(unit, []))))
    ]
    return {"programmes": programmes, "proposals": proposals, "status_changes": n_changes, "goal_links": goal_links}


# --- Goals and indicators --------------------------------------------------------------------------

# (goal text, target wording, target unit, target range, indicator (name, unit, direction, low, high))
