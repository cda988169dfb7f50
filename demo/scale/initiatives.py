"""Synthetic initiatives (demo.scale)."""

from datetime import date, timedelta

from .base import INITIATIVES_PER_COPY, Context, Lifecycle, _bulk, write_status_history

INITIATIVE_TEXTS = [
    "at styrke sprogindsatsen for tosprogede børn",
    "at udvikle fælles læringsmiljøer på tværs af skole og fritid",
    "at inddrage forældre tidligt, når et barn mistrives",
    "at give alle elever bevægelse i undervisningen hver dag",
    "at bruge data om trivsel i teamsamarbejdet",
    "at sikre gode overgange fra børnehave til skole",
    "at udvide samarbejdet med foreningslivet",
    "at nedbringe fraværet i udskolingen",
    "at styrke den tværfaglige indsats for sårbare familier",
    "at tilbyde lektiehjælp i alle skoledistrikter",
    "at arbejde med digital dannelse fra indskolingen",
    "at udvikle naturen som læringsrum",
    "at styrke sundhedsplejens tidlige besøg",
    "at løfte de fagligt svageste elever i matematik",
    "at udbrede kendskabet til Fælles grundlag for børns læring",
    "at forebygge mobning med fælles handleplaner",
    "at skabe flere praksisfaglige forløb i udskolingen",
    "at styrke samarbejdet med ungdomsuddannelserne",
    "at give pædagoger efteruddannelse i sprogarbejde",
    "at styrke forældrenes netværk i boligområderne",
]


def create_initiatives(*, ctx: Context, goals: dict) -> dict:
    """Several synthetic plans with the seed plan's areas and themes, and 50 initiatives per copy."""
    from initiatives.models import Area, Initiative, Plan, Theme

    rng = ctx.rng("initiatives")
    seed_plan = Plan.objects.order_by("pk").first()
    scale = seed_plan.status_scale
    lifecycle = Lifecycle(scale, ctx)
    area_specs = list(seed_plan.areas.order_by("order", "pk").values_list("name", "kind", "order"))
    theme_specs = list(seed_plan.themes.order_by("order", "pk").values_list("name", "order"))
    per_unit = INITIATIVES_PER_COPY
    plans, periods = [], []
    for g in range(1, ctx.groups + 1):
        first = ctx.today.year - 3 - (g - 1) % 5
        periods.append((date(first, 1, 1), date(first + 3, 12, 31)))
        plans.append(
            Plan(
                slug=f"syntetisk-plan-{g:02d}",
                name=f"Syntetisk plan {g:02d} – Lys i øjnene {first}–{first + 3}",
                title=f"Status på indsatser i syntetisk plan {g:02d} ({first}–{first + 3})",
                intro="Syntetiske testdata: en status på udvalgte indsatser til belastningsprøver.",
                status_scale=scale,
            )
        )
    _bulk(Plan, plans)
    areas = _bulk(Area, [Area(plan=p, name=n, kind=k, order=o) for p in plans for n, k, o in area_specs])
    themes = _bulk(Theme, [Theme(plan=p, name=n, order=o) for p in plans for n, o in theme_specs])
    areas_of, themes_of = {}, {}
    for area in areas:
        areas_of.setdefault(area.plan_id, []).append(area)
    for theme in themes:
        themes_of.setdefault(theme.plan_id, []).append(theme)

    initiatives, planned, unit_of = [], [], []
    order_in_group: dict = {}
    number = 0
    for unit in ctx.units:
        g = (unit - 1) % len(plans)
        plan, (opens, closes) = plans[g], periods[g]
        created = ctx.moment(opens - timedelta(days=rng.randint(1, 30)), rng)
        never_assessed = rng.random() < 0.05
        for _ in range(per_unit):
            number += 1
            area, theme = rng.choice(areas_of[plan.pk]), rng.choice(themes_of[plan.pk])
            order_in_group[(area.pk, theme.pk)] = order = order_in_group.get((area.pk, theme.pk), 0) + 1
            initiative = Initiative(
                area=area, theme=theme, order=order, text=f"{rng.choice(INITIATIVE_TEXTS)} (indsats {number:05d})"
            )
            changes = [] if never_assessed else lifecycle.plan(rng, created=created, rate=0.15, ends=closes)
            lifecycle.apply(initiative, changes)
            initiatives.append(initiative)
            planned.append((initiative, created, lifecycle.default, changes))
            unit_of.append(unit)
    _bulk(Initiative, initiatives)
    n_changes = write_status_history(ctx, Initiative, planned)
    goal_links = [
        (initiative, rng.choice(goals[unit]), created)
        for (initiative, created, _, _), unit in zip(planned, unit_of)
        if goals.get(unit) and rng.random() < 0.15
    ]
    return {"plans": plans, "initiatives": initiatives, "status_changes": n_changes, "goal_links": goal_links}
