"""Synthetic projects (demo.scale)."""

from datetime import date, timedelta

from .base import BATCH_SIZE, PROJECTS_PER_COPY, Context, Lifecycle, _bulk, add_months, write_status_history

PROJECT_TOPICS = [
    "Læsning i indskolingen",
    "Sprogstimulering i dagtilbud",
    "Matematikvejledning på mellemtrinnet",
    "Trivsel i udskolingen",
    "Forældresamarbejde i dagplejen",
    "Udeskole og natur",
    "Tidlig opsporing i sundhedsplejen",
    "Inklusion i almenklassen",
    "Overgang fra dagtilbud til skole",
    "Overgang til ungdomsuddannelse",
    "Digital dannelse",
    "Motorik i børnehaven",
    "Fællesskaber i fritiden",
    "Mod på matematik",
    "Skolefravær – tidlig indsats",
    "Mentorordning for unge",
    "Kost og bevægelse",
    "Robuste børn",
    "Kreative læringsmiljøer",
    "Teknologiforståelse",
    "Praksisfaglighed i udskolingen",
    "Lektiecafé i boligområdet",
    "Sommerskole",
    "Dansk som andetsprog",
    "Feedback i undervisningen",
    "Legepladsen som læringsrum",
    "Tværfagligt samarbejde om sårbare børn",
    "Ensomhed blandt unge",
    "Sund søvn",
    "Røgfri ungdom",
    "Bevægelse i undervisningen",
    "Naturfag i børnehøjde",
    "Forældrekurser for småbørnsfamilier",
    "Den styrkede pædagogiske læreplan",
    "Kompetenceløft for pædagoger",
    "Teamsamarbejde i skolen",
    "Ungeråd og medborgerskab",
    "Musik og kultur i skolen",
    "Cyklende skolebørn",
    "Fritidsjob til unge",
]
PROJECT_AIMS = [
    "styrke børnenes sproglige udvikling",
    "løfte elevernes faglige niveau",
    "øge trivslen i klasserne",
    "styrke samarbejdet med forældrene",
    "nedbringe fraværet",
    "skabe bedre overgange",
    "øge den daglige bevægelse",
]
PLACES = ["skoler", "børnehuse", "dagplejegrupper", "klubber", "SFO'er"]
PARTNER_KINDS = [
    "Videnscenter for børns læring",
    "Forskningsenhed for tidlig indsats",
    "Center for trivsel og sundhed",
    "Institut for pædagogik",
    "Netværk for skoleudvikling",
]
PROGRESS = [
    "Projektet er i gang på alle deltagende enheder.",
    "De første forløb er evalueret med gode resultater.",
    "Rekrutteringen af deltagere er afsluttet.",
    "Der er holdt opstartsmøder med alle ledere.",
    "Materialerne er udviklet og afprøvet.",
    "Projektet er forsinket, men forventer at nå sine mål.",
]


def create_projects(*, ctx: Context, programmes: list, goals: dict) -> dict:
    """Six projects per copy in several synthetic pools, with allocations per year, sub-projects and partners."""
    from projects.models import Allocation, Partner, Pool, Project, SubProject

    rng = ctx.rng("projects")
    seed_pool = Pool.objects.order_by("pk").first()
    scale = seed_pool.status_scale
    lifecycle = Lifecycle(scale, ctx)
    pools = _bulk(
        Pool,
        [
            Pool(
                name=f"Syntetisk pulje {g:02d}",
                description="Syntetiske testdata: en pulje til belastningsprøver.",
                status_scale=scale,
            )
            for g in range(1, ctx.groups + 1)
        ],
    )
    partners = _bulk(
        Partner,
        [
            Partner(name=f"Syntetisk partner {unit:03d}-{k} – {rng.choice(PARTNER_KINDS)}")
            for unit in ctx.units
            for k in (1, 2)
        ],
    )
    per_unit = PROJECTS_PER_COPY
    width = max(4, len(str(per_unit * len(ctx.units))))
    last_start = date(ctx.today.year, ctx.today.month, 1)
    months = (last_start.year - ctx.first_day.year) * 12 + last_start.month - 1
    projects, planned, owner = [], [], {}
    number = 0
    for unit in ctx.units:
        for _ in range(per_unit):
            number += 1
            start = add_months(ctx.first_day, rng.randint(6, months))
            end = add_months(start, rng.randint(12, 48) - 1)
            topic = PROJECT_TOPICS[rng.randrange(len(PROJECT_TOPICS))]
            project = Project(
                pool=pools[(unit - 1) % len(pools)],
                name=f"Projekt {number:0{width}d} – {topic}",
                description=(
                    f"Syntetiske testdata. Projektet skal {rng.choice(PROJECT_AIMS)} på "
                    f"{rng.randint(2, 12)} {rng.choice(PLACES)} i syntetisk område {unit:03d}."
                ),
                status_text=rng.choice(PROGRESS),
                programme=programmes[unit - 1] if rng.random() < 0.25 else None,
                start_month=start,
                end_month=end,
            )
            created = ctx.moment(max(ctx.first_day, start - timedelta(days=rng.randint(20, 90))), rng)
            changes = lifecycle.plan(rng, created=created, rate=0.25, opens=start, ends=end, close=0.85)
            lifecycle.apply(project, changes)
            projects.append(project)
            planned.append((project, created, lifecycle.default, changes))
            owner[number] = unit
    _bulk(Project, projects)
    n_changes = write_status_history(ctx, Project, planned)
    created_at = {p.pk: created for p, created, _, _ in planned}

    allocations, subprojects, links = [], [], []
    through = Project.partners.through
    for index, project in enumerate(projects):
        unit = owner[index + 1]
        for year in range(project.start_month.year, project.end_month.year + 1):
            allocations.append(Allocation(project=project, year=year, amount=rng.randint(2, 50) * 50_000))
        if rng.random() < 0.33:
            for order in range(1, rng.randint(1, 2) + 1):
                start = add_months(project.start_month, rng.randint(0, 6))
                subprojects.append(
                    SubProject(
                        project=project,
                        name=f"Delprojekt {order}: {rng.choice(PROJECT_TOPICS)}",
                        order=order,
                        description="Syntetiske testdata.",
                        status_text=rng.choice(PROGRESS),
                        start_month=start,
                        end_month=max(start, add_months(project.end_month, -rng.randint(0, 6))),
                    )
                )
        for partner in rng.sample(partners[2 * (unit - 1) : 2 * unit], rng.choice([0, 0, 1, 1, 2])):
            links.append(through(project_id=project.pk, partner_id=partner.pk))
    _bulk(Allocation, allocations)
    ctx.add_history(Allocation, allocations, lambda a: created_at[a.project_id])
    _bulk(SubProject, subprojects)
    ctx.add_history(SubProject, subprojects, lambda s: created_at[s.project_id])
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    goal_links = [
        (project, rng.choice(goals[owner[index + 1]]), created_at[project.pk])
        for index, project in enumerate(projects)
        if goals.get(owner[index + 1]) and rng.random() < 0.6
    ]
    return {
        "projects": projects,
        "status_changes": n_changes,
        "allocations": len(allocations),
        "goal_links": goal_links,
    }


# --- Delaftaler ------------------------------------------------------------------------------------
