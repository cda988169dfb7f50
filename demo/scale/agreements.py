"""Synthetic agreements (demo.scale)."""

from datetime import date, timedelta
from decimal import Decimal

from .base import Context, Lifecycle, _bulk, write_status_history
from .goals import GOAL_TEMPLATES

AGREEMENT_TOPICS = [
    "Uddannelse og livschancer",
    "Tryghed og trivsel",
    "Beskæftigelse og fritidsjob",
    "Sundhed og fællesskab",
    "Forebyggelse og forældreskab",
]
SUB_GOALS = [
    ("Flere unge skal klare sig bedre i dansk og matematik", [GOAL_TEMPLATES[0][4], GOAL_TEMPLATES[1][4]]),
    ("Reducere skolefravær", [GOAL_TEMPLATES[8][4], ("Andel elever med over 10 % fravær", "%", "lower", 10, 25)]),
    ("Flere børn skal gå i dagtilbud", [("Andel 3-5-årige i dagtilbud", "%", "higher", 75, 95), GOAL_TEMPLATES[4][4]]),
    (
        "Flere unge skal være i job eller uddannelse",
        [("Andel 18-29-årige uden job eller uddannelse", "%", "lower", 10, 30), GOAL_TEMPLATES[3][4]],
    ),
]
ACTIVITIES = [
    ("Lektiecafé", "Børn og unge i 1.–10. klasse."),
    ("Forældrenetværk", "Forældre til børn i alderen 0–6 år."),
    ("Fritidsjobindsats", "Unge i alderen 13–17 år."),
    ("Skole/familie samarbejde", "Udsatte børn og deres familier."),
    ("Læringsmiljø for børn og voksne", "Beboere i alle aldre."),
    ("Brobygning til ungdomsuddannelse", "Unge i 8.–10. klasse."),
    ("Sommeraktiviteter", "Børn og unge, der ikke kommer på ferie."),
    ("Mentorordning", "Unge i risiko for at falde fra."),
    ("Barselscafé", "Nybagte forældre i boligområdet."),
]


def create_agreements(*, ctx: Context, goals: dict) -> dict:
    """A delaftale per copy with parties, responsible roles, two delmål, five activities and municipal targets."""
    from agreements.models import Activity, Agreement, MunicipalTarget, Party, ResponsibleRole, SubGoal

    rng = ctx.rng("agreements")
    seed_agreement = Agreement.objects.order_by("pk").first()
    scale = seed_agreement.status_scale
    lifecycle = Lifecycle(scale, ctx)
    agreements, created = [], {}
    latest_start = ctx.today.year if ctx.today >= date(ctx.today.year, 8, 1) else ctx.today.year - 1
    for unit in ctx.units:
        topic = AGREEMENT_TOPICS[(unit - 1) % len(AGREEMENT_TOPICS)]
        valid_from = date(rng.randint(ctx.first_day.year + 1, latest_start), 8, 1)
        agreement = Agreement(
            name=f"{topic} {unit:03d}",
            title=f"Delaftale for indsatsområdet {topic} (syntetisk område {unit:03d})",
            initiative_name=f"Syntetisk boligsocial helhedsplan {unit:03d}",
            valid_from=valid_from,
            valid_to=date(valid_from.year + 4, 7, 31),
            preamble="Syntetiske testdata: bestyrelsen for den boligsociale indsats har ansvar for delaftalen.",
            responsible_intro="Ansvarlige for delaftalens udførelse i samspil med ad hoc-gruppen:",
            primary_municipal_partner="Børn og Unge, herunder skoler og sundhedspleje (syntetisk).",
            sub_goals_intro="Delmål og indikatorer følges årligt.",
            activities_intro="Aktiviteter, som skal bidrage til delmålene.",
            targets_intro="Delaftalen skal arbejde for følgende kommunale målsætninger:",
            status_scale=scale,
        )
        agreements.append(agreement)
        created[agreement.name] = ctx.moment(valid_from - timedelta(days=rng.randint(30, 90)), rng)
    _bulk(Agreement, agreements)
    ctx.add_history(Agreement, agreements, lambda a: created[a.name])
    made = {a.pk: created[a.name] for a in agreements}

    parties, roles, sub_goals, targets = [], [], [], []
    for unit, agreement in zip(ctx.units, agreements):
        parties += [
            Party(
                agreement=agreement, order=1, name="Chefgruppen", tasks="Tager årligt ansvar for rammer og opfølgning."
            ),
            Party(agreement=agreement, order=2, name="Ad hoc-gruppen", tasks="Følger aktiviteterne tæt."),
        ]
        roles += [
            ResponsibleRole(agreement=agreement, order=1, title=f"Syntetisk skoleleder, område {unit:03d}"),
            ResponsibleRole(agreement=agreement, order=2, title="Leder af den boligsociale indsats"),
        ]
        for order, (name, _) in enumerate(rng.sample(SUB_GOALS, 2), start=1):
            sub_goals.append(SubGoal(agreement=agreement, order=order, name=name))
        unit_goals = goals.get(unit) or [None]
        targets += [
            MunicipalTarget(
                agreement=agreement,
                order=1,
                goal=rng.choice(unit_goals),
                text="Andelen af elever, der opnår mindst 2 i dansk og matematik, skal stige.",
            ),
            MunicipalTarget(
                agreement=agreement,
                order=2,
                goal=None,
                text="Sprogkundskaber og trivsel blandt de 0-6-årige skal styrkes.",
            ),
        ]
    _bulk(Party, parties)
    _bulk(ResponsibleRole, roles)
    _bulk(SubGoal, sub_goals)
    ctx.add_history(SubGoal, sub_goals, lambda s: made[s.agreement_id])
    _bulk(MunicipalTarget, targets)
    ctx.add_history(MunicipalTarget, targets, lambda t: made[t.agreement_id])

    templates = dict(SUB_GOALS)
    unit_of = {a.pk: unit for unit, a in zip(ctx.units, agreements)}
    sub_goals_by_unit = {}
    for sub_goal in sub_goals:
        sub_goals_by_unit.setdefault(unit_of[sub_goal.agreement_id], []).append((sub_goal, templates[sub_goal.name]))

    activities, planned = [], []
    for agreement in agreements:
        for order, (name, target_groups) in enumerate(rng.sample(ACTIVITIES, 5), start=1):
            activity = Activity(
                agreement=agreement,
                order=order,
                name=name,
                purpose="Syntetiske testdata: aktivitetens formål.",
                target_groups=target_groups,
                content="Aktiviteten beskrives her.",
                practice="Lokalt forankret.",
                responsibilities="Den boligsociale helhedsplan har ansvaret.",
                hours_per_week=Decimal(rng.randint(4, 76)) / 2,
            )
            changes = lifecycle.plan(rng, created=made[agreement.pk], rate=0.12, ends=agreement.valid_to, close=0.8)
            lifecycle.apply(activity, changes)
            activities.append(activity)
            planned.append((activity, made[agreement.pk], lifecycle.default, changes))
    _bulk(Activity, activities)
    n_changes = write_status_history(ctx, Activity, planned)
    goal_links = [
        (activity, rng.choice(goals[unit_of[activity.agreement_id]]), made[activity.agreement_id])
        for activity in activities
        if goals.get(unit_of[activity.agreement_id]) and rng.random() < 0.5
    ]
    return {
        "agreements": agreements,
        "activities": activities,
        "status_changes": n_changes,
        "sub_goals": sub_goals_by_unit,
        "goal_links": goal_links,
    }


# --- Lys i øjnene initiatives ----------------------------------------------------------------------
