"""What every part of the synthetic data shares: the context, the status lifecycle and bulk inserts."""

import argparse
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
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
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
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
        return datetime(
            day.year, day.month, day.day, rng.randint(8, 15), rng.randint(0, 59), tzinfo=timezone.get_current_timezone()
        )

    def random_day(self, rng: random.Random, start: date, end: date) -> date:
        return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))

    def history_rows(self, model, objs, when, *, kind="+", reason=None):
        """simple-history rows for `objs` as they are now, dated when(obj)."""
        history = model.history.model
        names = [f.attname for f in history.tracked_fields]
        return [
            history(
                history_date=when(obj),
                history_type=kind,
                history_user_id=self.user.pk,
                history_change_reason=reason,
                **{name: getattr(obj, name) for name in names},
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
        "Milepælene for kvartalet er nået.",
        "Projektet følger tids- og handleplanen.",
        "Projektleder er ansat, og aktiviteterne er i gang.",
        "Forsinkelsen fra sidste kvartal er indhentet.",
    ],
    "udfordret": [
        "Rekrutteringen af medarbejdere er forsinket.",
        "Der er færre deltagere end forventet.",
        "Aktiviteterne er udskudt et kvartal.",
        "Samarbejdet med partneren er kommet sent i gang.",
    ],
    "kritisk": [
        "Projektet kan ikke nå sine mål uden en ny beslutning.",
        "Finansieringen af næste fase mangler.",
        "Projektlederen er stoppet, og der er ikke fundet en afløser.",
    ],
    "afsluttet": [
        "Perioden er slut, og evalueringen er afleveret.",
        "Gennemført som planlagt; erfaringerne er samlet op.",
    ],
    "groen": [
        "Indsatsen gennemføres tilfredsstillende.",
        "Indsatsen er forankret i praksis på alle enheder.",
        "Opfølgningen viser den ønskede udvikling.",
    ],
    "gul": [
        "Indsatsen er i gang, men ikke alle enheder er med endnu.",
        "Effekten er endnu ikke tilfredsstillende.",
        "Indsatsen mangler ressourcer til at blive fuldt gennemført.",
    ],
    "roed": [
        "Udvalget har besluttet ikke at gennemføre indsatsen nu.",
        "Indsatsen er sat i bero efter politisk beslutning.",
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

    def plan(
        self,
        rng,
        *,
        created: datetime,
        rate: float,
        opens: date | None = None,
        ends: date | None = None,
        close: float = 0.0,
    ) -> list[Change]:
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
        if (
            ends
            and ends < self.ctx.today
            and self.closing
            and current.pk != self.closing.pk
            and self.moves[current.pk] != []
            and rng.random() < close
        ):
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
        rows.append(
            history(
                **{
                    **fields,
                    "status_id": default.pk,
                    "status_changed_at": None,
                    "version": 1,
                    "history_date": created,
                    "history_type": "+",
                    "history_user_id": ctx.user.pk,
                }
            )
        )
        for version, change in enumerate(item_changes, start=2):
            changes.append(
                StatusChange(
                    content_type=content_type,
                    object_id=item.pk,
                    old_value=change.old,
                    new_value=change.new,
                    reason=change.reason,
                    changed_by=ctx.user,
                    changed_at=change.at,
                )
            )
            rows.append(
                history(
                    **{
                        **fields,
                        "status_id": change.new.pk,
                        "status_changed_at": change.at,
                        "version": version,
                        "history_date": change.at,
                        "history_type": "~",
                        "history_user_id": ctx.user.pk,
                        "history_change_reason": change.reason[:100],
                    }
                )
            )
    _bulk(StatusChange, changes)
    _bulk(history, rows)
    return len(changes)


# --- Meetings -------------------------------------------------------------------------------------
