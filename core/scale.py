"""Synthetic data at scale: `manage.py seed_demo --scale N [--random-seed S]`.

The seed documents are Viborg at scale 1. Scale N adds N − 1 synthetic copies of their shape, so
that the portal holds about N times the seed's projects (with allocations and sub-projects),
programmes and budget proposals (with funding and economy lines), goals, delaftaler (with delmål,
activities and municipal targets) and Lys i øjnene initiatives. The seed's own rows are not changed.

On top comes what the seed has too little of to test with: the committee's meetings (about ten a
year), years of status changes (most of them in the days before a meeting), indicators with
baseline, targets and yearly measurements, links to goals, and for every synthetic row the
simple-history rows that make `Model.history.as_of(date)` give the row as it stood that day (a
status-tracked item's status included). Every status-tracked item's `status`, `status_changed_at`
and `version` agree with its last `StatusChange` and its newest history row.

Names say that the data are synthetic: numbered ("Projekt 0123 – Læsning i indskolingen"), under
"Syntetisk pulje 03", with descriptions that start with "Syntetiske testdata". The changes are
written by the user "syntetisk", who cannot log in.

The same scale, random seed and day give the same rows: each area draws from a random generator of
its own, and dates count back from `today`. Rows go in with bulk_create in batches, on SQLite and
PostgreSQL alike. Running the command again changes nothing (the user "syntetisk" marks that the
data are there).
"""

import argparse
import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from statuses.models import StatusChange

BATCH_SIZE = 2000
USERNAME = "syntetisk"
YEARS_BACK = 8  # the history starts on 1 January this many years before `today`
MAX_SCALE = 3000  # keeps goal numbers within a small integer and a run within reason
GOAL_NUMBER_LIMIT = 32767  # PositiveSmallIntegerField on PostgreSQL
# Per synthetic copy: as many initiatives as the seed (fixtures/); more projects than its six, since a
# pool sheet only lists projects of 500.000 kr. and more.
PROJECTS_PER_COPY = 20  # 2.000 projects at scale 100: "thousands", as the issue asks
INITIATIVES_PER_COPY = 50

MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]


def scale_argument(text: str) -> int:
    """argparse type for --scale: a whole number from 1 to MAX_SCALE."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale skal være et helt tal, ikke “{text}”.") from None
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"--scale skal være mellem 1 og {MAX_SCALE}.")
    return value


def danish_date(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=BATCH_SIZE)


# --- Shared context --------------------------------------------------------------------------------


@dataclass
class Context:
    scale: int
    random_seed: int
    today: date
    user: object
    meetings: list = field(default_factory=list)  # dates of past meetings, sorted

    @property
    def units(self) -> range:
        """The synthetic copies of Viborg: 1 … N − 1."""
        return range(1, self.scale)

    @property
    def groups(self) -> int:
        """How many pools and plans the copies share: several, growing slowly with the scale."""
        return max(1, math.ceil(math.sqrt(self.scale - 1)))

    @property
    def first_day(self) -> date:
        return date(self.today.year - YEARS_BACK, 1, 1)

    def rng(self, area: str) -> random.Random:
        # A generator per area: changing one area's draws leaves the others' rows as they were.
        return random.Random(f"{self.random_seed}:{area}")

    def moment(self, day: date, rng: random.Random) -> datetime:
        """A time in office hours on `day`, in the portal's time zone."""
        return datetime(day.year, day.month, day.day, rng.randint(8, 15), rng.randint(0, 59),
                        tzinfo=timezone.get_current_timezone())

    def random_day(self, rng: random.Random, start: date, end: date) -> date:
        return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))

    def history_rows(self, model, objs, when, *, kind="+", reason=None):
        """simple-history rows for `objs` as they are now, dated when(obj)."""
        history = model.history.model
        names = [f.attname for f in history.tracked_fields]
        return [
            history(
                history_date=when(obj), history_type=kind, history_user_id=self.user.pk,
                history_change_reason=reason, **{name: getattr(obj, name) for name in names},
            )
            for obj in objs
        ]

    def add_history(self, model, objs, when):
        _bulk(model.history.model, self.history_rows(model, objs, when))


# --- Status lifecycles -----------------------------------------------------------------------------

# Likely next values per scale (slugs are data; a value not named here may move to any other value
# of its scale, and an empty list means the value is final).
TRANSITIONS = {
    "projektfremdrift": {
        "ikke-vurderet": [("paa-sporet", 6), ("udfordret", 3), ("kritisk", 1)],
        "paa-sporet": [("udfordret", 5), ("kritisk", 1)],
        "udfordret": [("paa-sporet", 6), ("kritisk", 2)],
        "kritisk": [("udfordret", 5), ("paa-sporet", 2)],
        "afsluttet": [],
    },
    "lys-i-oejnene": {
        # Rød is an active political decision not to do something: rare, and it tends to stay.
        "ikke-vurderet": [("groen", 12), ("gul", 8), ("roed", 1)],
        "groen": [("gul", 10), ("roed", 1)],
        "gul": [("groen", 10), ("roed", 1)],
        "roed": [("gul", 2), ("groen", 1)],
    },
    "aktivitetsstatus": {
        "ikke-vurderet": [("planlagt", 5), ("i-gang", 5)],
        "planlagt": [("i-gang", 15), ("stoppet", 1)],
        "i-gang": [("udfordret", 1)],
        "udfordret": [("i-gang", 12), ("stoppet", 1)],
        "stoppet": [],
        "afsluttet": [],
    },
    "budgetforslag": {
        "kladde": [("indstillet", 1)],
        "indstillet": [("vedtaget", 7), ("ikke-vedtaget", 3)],
        "vedtaget": [],
        "ikke-vedtaget": [],
    },
}
# The value an item on the scale takes when its period is over.
CLOSING = {"projektfremdrift": "afsluttet", "aktivitetsstatus": "afsluttet"}

REASONS = {
    "paa-sporet": [
        "Milepælene for kvartalet er nået.", "Projektet følger tids- og handleplanen.",
        "Projektleder er ansat, og aktiviteterne er i gang.", "Forsinkelsen fra sidste kvartal er indhentet.",
    ],
    "udfordret": [
        "Rekrutteringen af medarbejdere er forsinket.", "Der er færre deltagere end forventet.",
        "Aktiviteterne er udskudt et kvartal.", "Samarbejdet med partneren er kommet sent i gang.",
    ],
    "kritisk": [
        "Projektet kan ikke nå sine mål uden en ny beslutning.", "Finansieringen af næste fase mangler.",
        "Projektlederen er stoppet, og der er ikke fundet en afløser.",
    ],
    "afsluttet": [
        "Perioden er slut, og evalueringen er afleveret.", "Gennemført som planlagt; erfaringerne er samlet op.",
    ],
    "groen": [
        "Indsatsen gennemføres tilfredsstillende.", "Indsatsen er forankret i praksis på alle enheder.",
        "Opfølgningen viser den ønskede udvikling.",
    ],
    "gul": [
        "Indsatsen er i gang, men ikke alle enheder er med endnu.", "Effekten er endnu ikke tilfredsstillende.",
        "Indsatsen mangler ressourcer til at blive fuldt gennemført.",
    ],
    "roed": [
        "Udvalget har besluttet ikke at gennemføre indsatsen nu.", "Indsatsen er sat i bero efter politisk beslutning.",
    ],
    "planlagt": ["Aktiviteten er planlagt og afventer opstart.", "Målgruppen er kortlagt; opstart efter ferien."],
    "i-gang": ["Aktiviteten kører som beskrevet i delaftalen.", "De første forløb er gennemført."],
    "stoppet": ["Bestyrelsen har besluttet at stoppe aktiviteten.", "Aktiviteten er stoppet for manglende deltagelse."],
    "indstillet": ["Udvalget har indstillet forslaget til budgetforhandlingerne."],
    "vedtaget": ["Forslaget indgår i budgetforliget."],
    "ikke-vedtaget": ["Forslaget kom ikke med i budgetforliget."],
}


@dataclass
class Change:
    at: datetime
    old: object
    new: object
    reason: str


class Lifecycle:
    """Plans an item's status changes on one scale, mostly in the days before the committee's meetings."""

    def __init__(self, scale, ctx: Context):
        self.ctx = ctx
        values = list(scale.values.order_by("order", "pk"))
        self.default = next(v for v in values if v.is_default)
        by_slug = {v.slug: v for v in values}
        table = TRANSITIONS.get(scale.slug, {})
        self.moves = {}
        for value in values:
            named = table.get(value.slug)
            if named is None:
                self.moves[value.pk] = [(other, 1) for other in values if other.pk != value.pk and not other.is_default]
            else:
                self.moves[value.pk] = [(by_slug[slug], weight) for slug, weight in named if slug in by_slug]
        self.closing = by_slug.get(CLOSING.get(scale.slug, ""))

    def _reason(self, rng, value, meeting: date) -> str:
        phrase = rng.choice(REASONS.get(value.slug) or [f"Status sat til {value.label}."])
        return f"{phrase} Til mødet {danish_date(meeting)}."

    def _before(self, rng, meeting: date, after: datetime):
        """A weekday 1–10 days before `meeting`, later than `after` and before today; None if there is none."""
        day = max(meeting - timedelta(days=rng.randint(1, 10)), after.date() + timedelta(days=1))
        while day.weekday() >= 5:  # the secretariat works Monday to Friday
            day += timedelta(days=1)
        if day >= meeting or day >= self.ctx.today:
            return None
        return self.ctx.moment(day, rng)

    def plan(self, rng, *, created: datetime, rate: float, opens: date | None = None, ends: date | None = None,
             close: float = 0.0) -> list[Change]:
        """Changes between `opens` (default: `created`) and `ends`: at each meeting with chance `rate`.

        With chance `close`, an item whose period ended before today then takes the closing value.
        """
        changes, current, last = [], self.default, created
        opens = max(opens or created.date(), created.date())
        window_end = min(ends or self.ctx.today, self.ctx.today)
        for meeting in self.ctx.meetings:
            if meeting <= opens or meeting > window_end:
                continue
            if rng.random() >= rate:
                continue
            moves = self.moves[current.pk]
            if not moves:
                break
            new = rng.choices([v for v, _ in moves], weights=[w for _, w in moves])[0]
            at = self._before(rng, meeting, last)
            if at is None:
                continue
            changes.append(Change(at, current, new, self._reason(rng, new, meeting)))
            current, last = new, at
        if (ends and ends < self.ctx.today and self.closing and current.pk != self.closing.pk
                and self.moves[current.pk] != [] and rng.random() < close):
            meeting = next((m for m in self.ctx.meetings if m > ends and m > last.date() + timedelta(days=1)), None)
            at = self._before(rng, meeting, last) if meeting else None
            if at is not None:
                changes.append(Change(at, current, self.closing, self._reason(rng, self.closing, meeting)))
        return changes

    def apply(self, item, changes: list[Change]):
        """Set the item's status fields to where its changes leave it."""
        item.status = changes[-1].new if changes else self.default
        item.status_changed_at = changes[-1].at if changes else None
        item.version = 1 + len(changes)


def write_status_history(ctx: Context, model, planned):
    """StatusChange rows and simple-history rows ("+" at creation, "~" per change) for saved items.

    `planned` holds (item, created, default value, changes) with the item already saved.
    """
    content_type = ContentType.objects.get_for_model(model)
    history = model.history.model
    names = [f.attname for f in history.tracked_fields]
    changes, rows = [], []
    for item, created, default, item_changes in planned:
        fields = {name: getattr(item, name) for name in names}
        rows.append(history(**{
            **fields, "status_id": default.pk, "status_changed_at": None, "version": 1,
            "history_date": created, "history_type": "+", "history_user_id": ctx.user.pk,
        }))
        for version, change in enumerate(item_changes, start=2):
            changes.append(StatusChange(
                content_type=content_type, object_id=item.pk, old_value=change.old, new_value=change.new,
                reason=change.reason, changed_by=ctx.user, changed_at=change.at,
            ))
            rows.append(history(**{
                **fields, "status_id": change.new.pk, "status_changed_at": change.at, "version": version,
                "history_date": change.at, "history_type": "~", "history_user_id": ctx.user.pk,
                "history_change_reason": change.reason[:100],
            }))
    _bulk(StatusChange, changes)
    _bulk(history, rows)
    return len(changes)


# --- Meetings -------------------------------------------------------------------------------------

MEETING_MONTHS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]  # no meetings in July


def create_meetings(*, ctx: Context) -> int:
    """About ten meetings a year of Børne- og Ungdomsudvalget, from the first year to this year's end."""
    from meetings.models import Meeting
    from programs.models import Committee

    rng = ctx.rng("meetings")
    committee = Committee.objects.order_by("pk").first()
    if committee is None:
        committee = Committee.objects.create(name="Børne- og Ungdomsudvalget")
    taken = set(Meeting.objects.filter(committee=committee).values_list("date", flat=True))
    days = []
    for year in range(ctx.first_day.year, ctx.today.year + 1):
        skipped = rng.choice(MEETING_MONTHS)  # one month a year without a meeting: ten in all
        for month in MEETING_MONTHS:
            if month == skipped:
                continue
            first = date(year, month, 1)
            first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
            days.append(first_tuesday + timedelta(weeks=rng.randint(1, 3)))
    titles = {9: "Budgetmøde", 12: "Møde med temadrøftelse"}
    _bulk(Meeting, [
        Meeting(committee=committee, date=day, title=titles.get(day.month, "")) for day in days if day not in taken
    ])
    ctx.meetings = sorted(d for d in set(days) | taken if d < ctx.today)
    return len(days)


# --- Programmes and budget proposals ---------------------------------------------------------------

PROGRAMME_TOPICS = [
    "Fælles om trivsel", "Stærke læringsmiljøer", "Tidlig indsats i hele kommunen", "Alle børn i fællesskabet",
    "Sprog og læsning fra start", "Fra skole til uddannelse", "Sunde børn og unge", "Forældre som medspillere",
    "Faglighed og fællesskab", "Inkluderende dagtilbud",
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
            aims="\n".join(rng.sample([
                "udvikle dagtilbud og skoler, så flere børn trives og lærer",
                "styrke samarbejdet med forældrene",
                "give medarbejdere og ledere et fælles fagligt sprog",
                "sætte tidligere ind, når et barn har brug for hjælp",
                "skabe sammenhæng i overgangene mellem tilbud",
            ], 3)),
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
        partnerships.append(Partnership(
            programme=programme, partner=f"Syntetisk professionshøjskole {unit:03d}",
            area=rng.choice(["skoleområdet", "dagtilbudsområdet", "familieområdet"]),
            purpose="praksisnær udvikling af læringsmiljøerne",
            start=f"opstart i {MONTHS[programme.start_month.month - 1]} {programme.start_month.year}",
            duration="hele programperioden",
            description="Syntetiske testdata.",
        ))
        year = programme.start_month.year
        fundings.append(Funding(
            programme=programme, source=f"Byrådet, budgetforliget for {year}",
            purpose="implementering af programmet", amount=rng.randint(10, 80) * 100_000, year=year,
        ))
        period_start = programme.start_month
        fundings.append(Funding(
            programme=programme, source=f"Syntetisk fond {unit:03d}", purpose="de samlede indsatser i programmet",
            amount=rng.randint(20, 150) * 100_000, start_date=period_start,
            end_date=add_months(period_start, rng.randint(24, 48)) - timedelta(days=1),
        ))
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
            date=proposal_date, committee=committee, programme=programme,
            period_text=f"{budget_year + 1}-{budget_year + 4}",
            background="Syntetiske testdata: baggrund og formål for et budgetforslag.",
            description=f"Børne- og Ungdomsudvalget indstiller et syntetisk forslag for perioden {budget_year + 1}-{budget_year + 4}.",
        )
        changes = lifecycle.plan(rng, created=made, rate=0.7, opens=date(budget_year, 8, 1),
                                 ends=date(budget_year, 12, 15))
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
                lines.append(EconomyLine(proposal=proposal, year=year, kind=LineKind.FINANCING,
                                         amount=rng.randint(1, expense // 250) * 250))
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
GOAL_TEMPLATES = [
    ("Flere elever i 9. klasse skal opnå mindst 2 i dansk og matematik",
     "andelen af elever med mindst 2 i dansk og matematik skal være {v} %", "%", (88, 96),
     ("Andel elever med mindst 2 i dansk og matematik ved 9. klasseprøven", "%", "higher", 78, 92)),
    ("Flere unge skal have taget en ungdomsuddannelse, inden de fylder 25 år",
     "{v} % af de unge har en ungdomsuddannelse som 25-årige", "%", (88, 95),
     ("Andel 25-årige med en ungdomsuddannelse", "%", "higher", 78, 90)),
    ("Færre børn og unge skal føle sig ensomme",
     "andelen, der føler sig ensomme, er {v} % lavere", "% færre", (10, 30),
     ("Andel elever, der ofte føler sig ensomme", "%", "lower", 6, 14)),
    ("Flere unge skal have et fritidsjob eller deltage i et fritidsfællesskab",
     "{v} % af de unge deltager i et fritidsfællesskab", "%", (70, 85),
     ("Andel unge i et fritidsfællesskab", "%", "higher", 55, 75)),
    ("Flere børn skal have alderssvarende sprog ved skolestart",
     "{v} % af børnene har alderssvarende sprog ved skolestart", "%", (85, 95),
     ("Andel børn med alderssvarende sprog ved sprogvurderingen", "%", "higher", 70, 88)),
    ("Andelen af unge, der ryger, skal halveres",
     "andelen af unge rygere er {v} % lavere", "% færre", (40, 50),
     ("Andel unge, der ryger dagligt", "%", "lower", 6, 16)),
    ("Flere børn skal have et sundt kostmønster",
     "{v} % af børnene har et sundt kostmønster", "%", (80, 90),
     ("Andel børn med overvægt ved indskolingsundersøgelsen", "%", "lower", 8, 16)),
    ("Flere børn og unge skal være fysisk aktive hver dag",
     "mindst {v} % er fysisk aktive hver dag", "%", (75, 88),
     ("Andel elever, der er fysisk aktive mindst 60 minutter om dagen", "%", "higher", 45, 70)),
    ("Elevfraværet skal falde i alle skoledistrikter",
     "det gennemsnitlige elevfravær er under {v} %", "%", (4, 6),
     ("Gennemsnitligt elevfravær", "%", "lower", 5, 10)),
]
DATA_SOURCES = [
    "Danmarks Statistik", "Den nationale trivselsmåling", "Skolernes fraværsregistrering",
    "Sundhedsplejens registreringer", "Ungdommens Uddannelsesvejledning", "Boligsocial monitorering",
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
            goal = Goal(theme=themes[index * len(themes) // len(GOAL_TEMPLATES)], number=number,
                        text=f"{text} (syntetisk mål, område {unit:03d}).")
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
                targets.append(GoalTarget(goal=goal, order=1, wording=wording.format(v=value), value=value,
                                          unit=unit_text, year=rng.randint(ctx.today.year - 2, ctx.today.year + 4)))
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
                value = max(Decimal(0), min(Decimal(100), baseline + better * Decimal(rng.randint(step * 5, step * 15)) / 10))
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
            measurements.append(Measurement(
                indicator=indicator, measured_on=measured_on, value=value, source=indicator.data_source,
                entered_by=ctx.user, entered_at=ctx.moment(entered, rng),
            ))
    _bulk(IndicatorTarget, targets)
    ctx.add_history(IndicatorTarget, targets, lambda t: made[t.indicator_id])
    _bulk(Measurement, measurements)
    ctx.add_history(Measurement, measurements, lambda m: m.entered_at)
    return {"indicators": len(indicators), "measurements": len(measurements)}


# --- Projects --------------------------------------------------------------------------------------

PROJECT_TOPICS = [
    "Læsning i indskolingen", "Sprogstimulering i dagtilbud", "Matematikvejledning på mellemtrinnet",
    "Trivsel i udskolingen", "Forældresamarbejde i dagplejen", "Udeskole og natur", "Tidlig opsporing i sundhedsplejen",
    "Inklusion i almenklassen", "Overgang fra dagtilbud til skole", "Overgang til ungdomsuddannelse",
    "Digital dannelse", "Motorik i børnehaven", "Fællesskaber i fritiden", "Mod på matematik",
    "Skolefravær – tidlig indsats", "Mentorordning for unge", "Kost og bevægelse", "Robuste børn",
    "Kreative læringsmiljøer", "Teknologiforståelse", "Praksisfaglighed i udskolingen", "Lektiecafé i boligområdet",
    "Sommerskole", "Dansk som andetsprog", "Feedback i undervisningen", "Legepladsen som læringsrum",
    "Tværfagligt samarbejde om sårbare børn", "Ensomhed blandt unge", "Sund søvn", "Røgfri ungdom",
    "Bevægelse i undervisningen", "Naturfag i børnehøjde", "Forældrekurser for småbørnsfamilier",
    "Den styrkede pædagogiske læreplan", "Kompetenceløft for pædagoger", "Teamsamarbejde i skolen",
    "Ungeråd og medborgerskab", "Musik og kultur i skolen", "Cyklende skolebørn", "Fritidsjob til unge",
]
PROJECT_AIMS = [
    "styrke børnenes sproglige udvikling", "løfte elevernes faglige niveau", "øge trivslen i klasserne",
    "styrke samarbejdet med forældrene", "nedbringe fraværet", "skabe bedre overgange", "øge den daglige bevægelse",
]
PLACES = ["skoler", "børnehuse", "dagplejegrupper", "klubber", "SFO'er"]
PARTNER_KINDS = [
    "Videnscenter for børns læring", "Forskningsenhed for tidlig indsats", "Center for trivsel og sundhed",
    "Institut for pædagogik", "Netværk for skoleudvikling",
]
PROGRESS = [
    "Projektet er i gang på alle deltagende enheder.", "De første forløb er evalueret med gode resultater.",
    "Rekrutteringen af deltagere er afsluttet.", "Der er holdt opstartsmøder med alle ledere.",
    "Materialerne er udviklet og afprøvet.", "Projektet er forsinket, men forventer at nå sine mål.",
]


def create_projects(*, ctx: Context, programmes: list, goals: dict) -> dict:
    """Six projects per copy in several synthetic pools, with allocations per year, sub-projects and partners."""
    from projects.models import Allocation, Partner, Pool, Project, SubProject

    rng = ctx.rng("projects")
    seed_pool = Pool.objects.order_by("pk").first()
    scale = seed_pool.status_scale
    lifecycle = Lifecycle(scale, ctx)
    pools = _bulk(Pool, [
        Pool(name=f"Syntetisk pulje {g:02d}", description="Syntetiske testdata: en pulje til belastningsprøver.",
             status_scale=scale)
        for g in range(1, ctx.groups + 1)
    ])
    partners = _bulk(Partner, [
        Partner(name=f"Syntetisk partner {unit:03d}-{k} – {rng.choice(PARTNER_KINDS)}")
        for unit in ctx.units for k in (1, 2)
    ])
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
                description=(f"Syntetiske testdata. Projektet skal {rng.choice(PROJECT_AIMS)} på "
                             f"{rng.randint(2, 12)} {rng.choice(PLACES)} i syntetisk område {unit:03d}."),
                status_text=rng.choice(PROGRESS),
                programme=programmes[unit - 1] if rng.random() < 0.25 else None,
                start_month=start, end_month=end,
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
                subprojects.append(SubProject(
                    project=project, name=f"Delprojekt {order}: {rng.choice(PROJECT_TOPICS)}", order=order,
                    description="Syntetiske testdata.", status_text=rng.choice(PROGRESS),
                    start_month=start, end_month=max(start, add_months(project.end_month, -rng.randint(0, 6))),
                ))
        for partner in rng.sample(partners[2 * (unit - 1):2 * unit], rng.choice([0, 0, 1, 1, 2])):
            links.append(through(project_id=project.pk, partner_id=partner.pk))
    _bulk(Allocation, allocations)
    ctx.add_history(Allocation, allocations, lambda a: created_at[a.project_id])
    _bulk(SubProject, subprojects)
    ctx.add_history(SubProject, subprojects, lambda s: created_at[s.project_id])
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    goal_links = [
        (project, rng.choice(goals[owner[index + 1]]), created_at[project.pk])
        for index, project in enumerate(projects) if goals.get(owner[index + 1]) and rng.random() < 0.6
    ]
    return {"projects": projects, "status_changes": n_changes, "allocations": len(allocations),
            "goal_links": goal_links}


# --- Delaftaler ------------------------------------------------------------------------------------

AGREEMENT_TOPICS = [
    "Uddannelse og livschancer", "Tryghed og trivsel", "Beskæftigelse og fritidsjob", "Sundhed og fællesskab",
    "Forebyggelse og forældreskab",
]
SUB_GOALS = [
    ("Flere unge skal klare sig bedre i dansk og matematik", [GOAL_TEMPLATES[0][4], GOAL_TEMPLATES[1][4]]),
    ("Reducere skolefravær", [GOAL_TEMPLATES[8][4], ("Andel elever med over 10 % fravær", "%", "lower", 10, 25)]),
    ("Flere børn skal gå i dagtilbud", [("Andel 3-5-årige i dagtilbud", "%", "higher", 75, 95), GOAL_TEMPLATES[4][4]]),
    ("Flere unge skal være i job eller uddannelse",
     [("Andel 18-29-årige uden job eller uddannelse", "%", "lower", 10, 30), GOAL_TEMPLATES[3][4]]),
]
ACTIVITIES = [
    ("Lektiecafé", "Børn og unge i 1.–10. klasse."), ("Forældrenetværk", "Forældre til børn i alderen 0–6 år."),
    ("Fritidsjobindsats", "Unge i alderen 13–17 år."), ("Skole/familie samarbejde", "Udsatte børn og deres familier."),
    ("Læringsmiljø for børn og voksne", "Beboere i alle aldre."), ("Brobygning til ungdomsuddannelse", "Unge i 8.–10. klasse."),
    ("Sommeraktiviteter", "Børn og unge, der ikke kommer på ferie."), ("Mentorordning", "Unge i risiko for at falde fra."),
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
            name=f"{topic} {unit:03d}", title=f"Delaftale for indsatsområdet {topic} (syntetisk område {unit:03d})",
            initiative_name=f"Syntetisk boligsocial helhedsplan {unit:03d}",
            valid_from=valid_from, valid_to=date(valid_from.year + 4, 7, 31),
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
            Party(agreement=agreement, order=1, name="Chefgruppen", tasks="Tager årligt ansvar for rammer og opfølgning."),
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
            MunicipalTarget(agreement=agreement, order=1, goal=rng.choice(unit_goals),
                            text="Andelen af elever, der opnår mindst 2 i dansk og matematik, skal stige."),
            MunicipalTarget(agreement=agreement, order=2, goal=None,
                            text="Sprogkundskaber og trivsel blandt de 0-6-årige skal styrkes."),
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
                agreement=agreement, order=order, name=name, purpose="Syntetiske testdata: aktivitetens formål.",
                target_groups=target_groups, content="Aktiviteten beskrives her.", practice="Lokalt forankret.",
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
        for activity in activities if goals.get(unit_of[activity.agreement_id]) and rng.random() < 0.5
    ]
    return {"agreements": agreements, "activities": activities, "status_changes": n_changes,
            "sub_goals": sub_goals_by_unit, "goal_links": goal_links}


# --- Lys i øjnene initiatives ----------------------------------------------------------------------

INITIATIVE_TEXTS = [
    "at styrke sprogindsatsen for tosprogede børn", "at udvikle fælles læringsmiljøer på tværs af skole og fritid",
    "at inddrage forældre tidligt, når et barn mistrives", "at give alle elever bevægelse i undervisningen hver dag",
    "at bruge data om trivsel i teamsamarbejdet", "at sikre gode overgange fra børnehave til skole",
    "at udvide samarbejdet med foreningslivet", "at nedbringe fraværet i udskolingen",
    "at styrke den tværfaglige indsats for sårbare familier", "at tilbyde lektiehjælp i alle skoledistrikter",
    "at arbejde med digital dannelse fra indskolingen", "at udvikle naturen som læringsrum",
    "at styrke sundhedsplejens tidlige besøg", "at løfte de fagligt svageste elever i matematik",
    "at udbrede kendskabet til Fælles grundlag for børns læring", "at forebygge mobning med fælles handleplaner",
    "at skabe flere praksisfaglige forløb i udskolingen", "at styrke samarbejdet med ungdomsuddannelserne",
    "at give pædagoger efteruddannelse i sprogarbejde", "at styrke forældrenes netværk i boligområderne",
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
        plans.append(Plan(
            slug=f"syntetisk-plan-{g:02d}", name=f"Syntetisk plan {g:02d} – Lys i øjnene {first}–{first + 3}",
            title=f"Status på indsatser i syntetisk plan {g:02d} ({first}–{first + 3})",
            intro="Syntetiske testdata: en status på udvalgte indsatser til belastningsprøver.", status_scale=scale,
        ))
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
            initiative = Initiative(area=area, theme=theme, order=order,
                                    text=f"{rng.choice(INITIATIVE_TEXTS)} (indsats {number:05d})")
            changes = [] if never_assessed else lifecycle.plan(rng, created=created, rate=0.15, ends=closes)
            lifecycle.apply(initiative, changes)
            initiatives.append(initiative)
            planned.append((initiative, created, lifecycle.default, changes))
            unit_of.append(unit)
    _bulk(Initiative, initiatives)
    n_changes = write_status_history(ctx, Initiative, planned)
    goal_links = [
        (initiative, rng.choice(goals[unit]), created)
        for (initiative, created, _, _), unit in zip(planned, unit_of) if goals.get(unit) and rng.random() < 0.15
    ]
    return {"plans": plans, "initiatives": initiatives, "status_changes": n_changes, "goal_links": goal_links}


def create_goal_links(*, ctx: Context, links: list) -> int:
    """The golden thread: (item, goal, when) → GoalLink rows with their first history row."""
    from goals.models import GoalLink

    types = {}
    rows = []
    for item, goal, when in links:
        model = type(item)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        rows.append(GoalLink(goal=goal, content_type=types[model], object_id=item.pk, created_by=ctx.user, created_at=when))
    _bulk(GoalLink, rows)
    ctx.add_history(GoalLink, rows, lambda link: link.created_at)
    return len(rows)


# --- Entry point -----------------------------------------------------------------------------------


def create_synthetic_user():
    user = get_user_model()(username=USERNAME, first_name="Syntetiske", last_name="data", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


LABELS = {
    "meetings": "møder", "goals": "mål", "programmes": "programmer", "budget_proposals": "budgetforslag",
    "projects": "projekter", "allocations": "disponeringer", "agreements": "delaftaler", "activities": "aktiviteter",
    "indicators": "indikatorer", "measurements": "målinger", "initiatives": "indsatser",
    "status_changes": "statusændringer", "goal_links": "forbindelser til mål",
}


def seed_scale(*, scale: int, random_seed: int = 1, today: date | None = None, log=print) -> dict:
    """Add N − 1 synthetic copies of the seed's shape; see the module docstring. Returns row counts."""
    if scale <= 1:
        return {}
    if get_user_model().objects.filter(username=USERNAME).exists():
        log(f"  syntetiske data: findes allerede (bruger “{USERNAME}”), springes over")
        return {}
    began = time.perf_counter()
    with transaction.atomic():
        ctx = Context(scale=scale, random_seed=random_seed, today=today or timezone.localdate(),
                      user=create_synthetic_user())
        counts = {"meetings": create_meetings(ctx=ctx)}
        goals = create_goals(ctx=ctx)["goals"]
        programmes = create_programmes(ctx=ctx, goals=goals)
        projects = create_projects(ctx=ctx, programmes=programmes["programmes"], goals=goals)
        agreements = create_agreements(ctx=ctx, goals=goals)
        indicators = create_indicators(ctx=ctx, goals=goals, sub_goals=agreements["sub_goals"])
        initiatives = create_initiatives(ctx=ctx, goals=goals)
        links = programmes["goal_links"] + projects["goal_links"] + agreements["goal_links"] + initiatives["goal_links"]
        counts.update(
            goals=sum(len(g) for g in goals.values()), programmes=len(programmes["programmes"]),
            budget_proposals=len(programmes["proposals"]), projects=len(projects["projects"]),
            allocations=projects["allocations"], agreements=len(agreements["agreements"]),
            activities=len(agreements["activities"]), **indicators, initiatives=len(initiatives["initiatives"]),
            status_changes=sum(area["status_changes"] for area in (programmes, projects, agreements, initiatives)),
            goal_links=create_goal_links(ctx=ctx, links=links),
        )
    log(f"  syntetiske data (--scale {scale}, --random-seed {random_seed}): "
        + ", ".join(f"{n} {LABELS[name]}" for name, n in counts.items())
        + f" – {time.perf_counter() - began:.1f} s")
    return counts
