"""Synthetic goals (demo.scale)."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db.models import Max

from .base import GOAL_NUMBER_LIMIT, Context, _bulk

GOAL_TEMPLATES = [
    (
        "Flere elever i 9. klasse skal opnå mindst 2 i dansk og matematik",
        "andelen af elever med mindst 2 i dansk og matematik skal være {v} %",
        "%",
        (88, 96),
        ("Andel elever med mindst 2 i dansk og matematik ved 9. klasseprøven", "%", "higher", 78, 92),
    ),
    (
        "Flere unge skal have taget en ungdomsuddannelse, inden de fylder 25 år",
        "{v} % af de unge har en ungdomsuddannelse som 25-årige",
        "%",
        (88, 95),
        ("Andel 25-årige med en ungdomsuddannelse", "%", "higher", 78, 90),
    ),
    (
        "Færre børn og unge skal føle sig ensomme",
        "andelen, der føler sig ensomme, er {v} % lavere",
        "% færre",
        (10, 30),
        ("Andel elever, der ofte føler sig ensomme", "%", "lower", 6, 14),
    ),
    (
        "Flere unge skal have et fritidsjob eller deltage i et fritidsfællesskab",
        "{v} % af de unge deltager i et fritidsfællesskab",
        "%",
        (70, 85),
        ("Andel unge i et fritidsfællesskab", "%", "higher", 55, 75),
    ),
    (
        "Flere børn skal have alderssvarende sprog ved skolestart",
        "{v} % af børnene har alderssvarende sprog ved skolestart",
        "%",
        (85, 95),
        ("Andel børn med alderssvarende sprog ved sprogvurderingen", "%", "higher", 70, 88),
    ),
    (
        "Andelen af unge, der ryger, skal halveres",
        "andelen af unge rygere er {v} % lavere",
        "% færre",
        (40, 50),
        ("Andel unge, der ryger dagligt", "%", "lower", 6, 16),
    ),
    (
        "Flere børn skal have et sundt kostmønster",
        "{v} % af børnene har et sundt kostmønster",
        "%",
        (80, 90),
        ("Andel børn med overvægt ved indskolingsundersøgelsen", "%", "lower", 8, 16),
    ),
    (
        "Flere børn og unge skal være fysisk aktive hver dag",
        "mindst {v} % er fysisk aktive hver dag",
        "%",
        (75, 88),
        ("Andel elever, der er fysisk aktive mindst 60 minutter om dagen", "%", "higher", 45, 70),
    ),
    (
        "Elevfraværet skal falde i alle skoledistrikter",
        "det gennemsnitlige elevfravær er under {v} %",
        "%",
        (4, 6),
        ("Gennemsnitligt elevfravær", "%", "lower", 5, 10),
    ),
]
DATA_SOURCES = [
    "Danmarks Statistik",
    "Den nationale trivselsmåling",
    "Skolernes fraværsregistrering",
    "Sundhedsplejens registreringer",
    "Ungdommens Uddannelsesvejledning",
    "Boligsocial monitorering",
]


def create_goals(*, ctx: Context) -> dict:
    """9 goals per copy under the model's themes, numbered from the next hundred, with targets."""
    from goals.models import Goal, GoalTarget, Theme

    rng = ctx.rng("goals")
    themes = list(Theme.objects.order_by("order", "pk"))
    if not themes:
        return {"goals": {}}
    first = ((Goal.objects.aggregate(n=Max("number"))["n"] or 0) // 100 + 1) * 100
    count = len(GOAL_TEMPLATES) * len(ctx.units)
    if first + count - 1 > GOAL_NUMBER_LIMIT:
        raise CommandError(f"For mange mål: numrene ville gå over {GOAL_NUMBER_LIMIT}. Vælg en mindre --scale.")
    goals, by_unit, created = [], {}, {}
    number = first
    for unit in ctx.units:
        made = ctx.moment(ctx.random_day(rng, ctx.first_day, ctx.first_day + timedelta(days=365)), rng)
        for index, (text, *_rest) in enumerate(GOAL_TEMPLATES):
            goal = Goal(
                theme=themes[index * len(themes) // len(GOAL_TEMPLATES)],
                number=number,
                text=f"{text} (syntetisk mål, område {unit:03d}).",
            )
            goals.append(goal)
            by_unit.setdefault(unit, []).append(goal)
            created[number] = made
            number += 1
    _bulk(Goal, goals)
    ctx.add_history(Goal, goals, lambda g: created[g.number])
    created_by_pk = {g.pk: created[g.number] for g in goals}

    targets = []
    for unit in ctx.units:
        for goal, (_, wording, unit_text, (low, high), _) in zip(by_unit[unit], GOAL_TEMPLATES):
            if rng.random() < 0.67:
                value = rng.randint(low, high)
                targets.append(
                    GoalTarget(
                        goal=goal,
                        order=1,
                        wording=wording.format(v=value),
                        value=value,
                        unit=unit_text,
                        year=rng.randint(ctx.today.year - 2, ctx.today.year + 4),
                    )
                )
    _bulk(GoalTarget, targets)
    ctx.add_history(GoalTarget, targets, lambda t: created_by_pk[t.goal_id])
    return {"goals": by_unit}


def create_indicators(*, ctx: Context, goals: dict, sub_goals: dict) -> dict:
    """An indicator per goal and two per delmål, with baseline, targets and yearly measurements.

    Some lack a baseline, a source or measurements, and some have none for years, as real data do.
    """
    from core.fields import FIRST_YEAR
    from goals.models import Indicator, IndicatorTarget, Measurement

    rng = ctx.rng("indicators")
    specs = []  # (indicator, template)
    for unit in ctx.units:
        for goal, template in zip(goals.get(unit, []), GOAL_TEMPLATES):
            specs.append((Indicator(goal=goal, order=1), template[4], f"syntetisk område {unit:03d}"))
        for sub_goal, templates in sub_goals.get(unit, []):
            for order, template in enumerate(templates, start=1):
                specs.append((Indicator(sub_goal=sub_goal, order=order), template, "boligområde/målgruppe"))
    indicators, plans = [], []
    for indicator, (name, unit_text, direction, low, high), area in specs:
        indicator.name = name
        indicator.unit = unit_text
        indicator.direction = direction
        indicator.data_source = "" if rng.random() < 0.05 else rng.choice(DATA_SOURCES)
        baseline_year = rng.randint(max(FIRST_YEAR, ctx.first_day.year), ctx.today.year - 2)
        baseline = Decimal(rng.randint(low * 10, high * 10)) / 10
        if rng.random() < 0.08:
            indicator.baseline_value, indicator.baseline_year = None, None
        else:
            indicator.baseline_value, indicator.baseline_year, indicator.baseline_area = baseline, baseline_year, area
            indicator.comparison_value = Decimal(rng.randint(low * 10, high * 10)) / 10
            indicator.comparison_area = "Hele kommunen (syntetisk)"
        indicator.description = "Syntetiske testdata."
        indicators.append(indicator)
        plans.append((baseline, baseline_year, direction))
    _bulk(Indicator, indicators)
    made = {i.pk: ctx.moment(date(year, 1, 15), rng) for i, (_, year, _) in zip(indicators, plans)}
    ctx.add_history(Indicator, indicators, lambda i: made[i.pk])

    targets, measurements = [], []
    latest_day = ctx.today - timedelta(days=45)
    for indicator, (baseline, baseline_year, direction) in zip(indicators, plans):
        better = 1 if direction == "higher" else -1
        if indicator.baseline_value is not None:
            for step in (3, 6):
                value = max(
                    Decimal(0), min(Decimal(100), baseline + better * Decimal(rng.randint(step * 5, step * 15)) / 10)
                )
                targets.append(IndicatorTarget(indicator=indicator, year=baseline_year + step, value=value))
        roll = rng.random()
        if roll < 0.08:
            continue  # no measurement yet
        last_year = ctx.today.year - (3 if roll < 0.2 else 0)  # some have had none for years
        value = baseline
        for year in range(baseline_year + 1, last_year + 1):
            measured_on = date(year, rng.choice([3, 6, 9]), 1)
            if measured_on > latest_day:
                break
            value = max(Decimal(0), min(Decimal(100), value + Decimal(rng.randint(-15, 25) * better) / 10))
            entered = min(measured_on + timedelta(days=rng.randint(5, 40)), ctx.today - timedelta(days=1))
            measurements.append(
                Measurement(
                    indicator=indicator,
                    measured_on=measured_on,
                    value=value,
                    source=indicator.data_source,
                    entered_by=ctx.user,
                    entered_at=ctx.moment(entered, rng),
                )
            )
    _bulk(IndicatorTarget, targets)
    ctx.add_history(IndicatorTarget, targets, lambda t: made[t.indicator_id])
    _bulk(Measurement, measurements)
    ctx.add_history(Measurement, measurements, lambda m: m.entered_at)
    return {"indicators": len(indicators), "measurements": len(measurements)}


# --- Projects --------------------------------------------------------------------------------------


def create_goal_links(*, ctx: Context, links: list) -> int:
    """The golden thread: (item, goal, when) → GoalLink rows with their first history row."""
    from goals.models import GoalLink

    types = {}
    rows = []
    for item, goal, when in links:
        model = type(item)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        rows.append(
            GoalLink(goal=goal, content_type=types[model], object_id=item.pk, created_by=ctx.user, created_at=when)
        )
    _bulk(GoalLink, rows)
    ctx.add_history(GoalLink, rows, lambda link: link.created_at)
    return len(rows)
