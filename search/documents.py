"""What the search finds: one document per item of the kinds a politician looks for (ADR 0023).

A document is the item's title, its body text (its own texts and the names of the rows that are part of
it), the status a hit shows, its page, and the flags that decide who may find it (a draft bilag only an
editor) and when (archived; created after the day the user looks at). Each kind says which other rows
feed its document, so that a change to them re-indexes it: a sub-project's text is part of its project's
document, a new issued version turns a draft bilag into an issued one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Prefetch

from core import formats


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    status: dict  # {"label": …} and, for a status on a scale, "meaning", "shape" and "tone"
    url: str
    draft: bool = False
    archived: bool = False


@dataclass(frozen=True)
class Kind:
    """A group of the results page, in the order the page shows them."""

    key: str  # in addresses: ?slags=projekter
    label: str  # "Projekter"


@dataclass(frozen=True)
class Source:
    """A model whose rows are documents of `kind`."""

    model: str  # "projects.project"
    kind: str
    document: Callable[[object], Document]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()  # lookups, or functions making a Prefetch (the models load after this module)
    # Rows of other models that are part of this document: model label → row → the items to re-index.
    feeds: dict[str, Callable[[object], Iterable]] = field(default_factory=dict)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def queryset(self):
        model = self.model_class
        manager = getattr(model, "everything", model._base_manager)  # archived items too: they are flagged
        prefetch = [lookup() if callable(lookup) else lookup for lookup in self.prefetch_related]
        return manager.select_related(*self.select_related).prefetch_related(*prefetch)


KINDS = [
    Kind("projekter", "Projekter"),
    Kind("programmer", "Programmer"),
    Kind("budgetforslag", "Budgetforslag"),
    Kind("maal", "Mål"),
    Kind("indikatorer", "Indikatorer"),
    Kind("delaftaler", "Delaftaler"),
    Kind("aktiviteter", "Aktiviteter"),
    Kind("indsatser", "Indsatser"),
    Kind("moeder", "Møder og bilag"),
]
KIND_LABELS = {kind.key: kind.label for kind in KINDS}

CURRENT = {"label": "Aktuel"}


def _text(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def _status(value) -> dict:
    """A status on a scale as a hit shows it (statuses' status_badge reads the same keys)."""
    if value is None:
        return {"label": "Ikke oplyst"}
    return {"label": value.label, "meaning": value.meaning, "shape": value.shape, "tone": value.tone}


def _archived(item) -> bool:
    return getattr(item, "archived_at", None) is not None


def _period(item) -> dict:
    text = formats.period(item.start_month, item.end_month) if (item.start_month or item.end_month) else ""
    return {"label": f"Periode {text}"} if text else CURRENT


# --- The kinds' documents ------------------------------------------------------------------------------


def project(item) -> Document:
    subprojects = [(sub.name, sub.description, sub.status_text) for sub in item.subprojects.all()]
    return Document(
        title=item.name,
        body=_text(item.description, item.status_text, item.pool.name, *(t for row in subprojects for t in row)),
        status=_status(item.status),
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def programme(item) -> Document:
    return Document(
        title=item.name,
        body=_text(item.purpose, item.aims, item.description, item.scope),
        status=_period(item),
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def budget_proposal(item) -> Document:
    return Document(
        title=item.title,
        body=_text(item.background, item.description, item.period_text, item.committee.name),
        status=_status(item.status),
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def goal(item) -> Document:
    return Document(
        title=str(item),
        body=_text(item.text, item.theme.name, *(target.wording for target in item.targets.all())),
        status=CURRENT,
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def indicator(item) -> Document:
    measures = item.goal.label if item.goal_id else (item.sub_goal.name if item.sub_goal_id else "")
    return Document(
        title=item.name,
        body=_text(item.description, item.data_source, item.baseline_area, item.comparison_area, measures),
        status={"label": f"Måler {measures}"} if item.goal_id else {"label": "Måler et delmål"},
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def agreement(item) -> Document:
    texts = [
        item.name,
        item.initiative_name,
        item.preamble,
        item.primary_municipal_partner,
        item.sub_goals_intro,
        item.activities_intro,
        item.staff_resources,
        item.municipal_coherence,
        item.targets_intro,
        item.targets_outro,
        item.revision_rule,
        item.revision_note,
    ]
    return Document(
        title=str(item),
        body=_text(*texts, *(sub.name for sub in item.sub_goals.all())),
        status={"label": f"Gælder {formats.long_date(item.valid_from)} – {formats.long_date(item.valid_to)}"},
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def activity(item) -> Document:
    texts = [item.other_names, item.purpose, item.target_groups, item.content, item.practice, item.responsibilities]
    return Document(
        title=item.name,
        body=_text(*texts, str(item.agreement)),
        status=_status(item.status),
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def initiative(item) -> Document:
    return Document(
        title=item.text,
        body=_text(item.area.name, item.theme.name, item.area.plan.name),
        status=_status(item.status),
        url=item.get_absolute_url(),
        archived=_archived(item),
    )


def meeting(item) -> Document:
    issued = sum(1 for bilag in item.bilag.all() if bilag.versions.all())
    return Document(
        title=_text(str(item)) + (f": {item.title}" if item.title else ""),
        body=_text(item.title, item.committee.name),
        status={"label": "Ingen udstedte bilag" if not issued else f"{issued} bilag udstedt"},
        url=item.get_absolute_url(),
    )


def bilag(item) -> Document:
    issued = bool(item.versions.all())
    return Document(
        title=f"{item}: {item.display_title}",
        body=_text(item.display_title, item.kind_label, str(item.meeting)),
        status={"label": "Udstedt"} if issued else {"label": "Kladde"},
        url=item.get_absolute_url(),
        draft=not issued,
    )


def _bilag_model():
    return apps.get_model("meetings.bilag")


def _versions():
    """Whether a bilag is issued, without reading its PDFs and snapshots."""
    return Prefetch("versions", queryset=apps.get_model("meetings.bilagversion").objects.only("id", "bilag_id"))


def _items_with_status(value) -> Iterable:
    """A status value's label or meaning changed: every item that has it shows the new words."""
    for source in SOURCES:
        model = source.model_class
        if any(f.name == "status" for f in model._meta.concrete_fields):
            yield from source.queryset().filter(status=value)


SOURCES = [
    Source(
        "projects.project",
        "projekter",
        project,
        select_related=("status", "pool"),
        prefetch_related=("subprojects",),
        feeds={
            "projects.subproject": lambda row: [row.project],
            "projects.pool": lambda row: row.projects.all(),
        },
    ),
    Source("programs.programme", "programmer", programme),
    Source(
        "programs.budgetproposal",
        "budgetforslag",
        budget_proposal,
        select_related=("status", "committee"),
        feeds={"programs.committee": lambda row: row.budget_proposals.all()},
    ),
    Source(
        "goals.goal",
        "maal",
        goal,
        select_related=("theme",),
        prefetch_related=("targets",),
        feeds={"goals.goaltarget": lambda row: [row.goal], "goals.theme": lambda row: row.goals.all()},
    ),
    Source("goals.indicator", "indikatorer", indicator, select_related=("goal", "sub_goal")),
    Source(
        "agreements.agreement",
        "delaftaler",
        agreement,
        prefetch_related=("sub_goals",),
        feeds={"agreements.subgoal": lambda row: [row.agreement, *row.indicators.all()]},
    ),
    Source("agreements.activity", "aktiviteter", activity, select_related=("status", "agreement")),
    Source(
        "initiatives.initiative",
        "indsatser",
        initiative,
        select_related=("status", "area", "area__plan", "theme"),
        feeds={
            "initiatives.area": lambda row: row.initiatives.all(),
            "initiatives.theme": lambda row: row.initiatives.all(),
        },
    ),
    Source(
        "meetings.meeting",
        "moeder",
        meeting,
        select_related=("committee",),
        prefetch_related=(lambda: Prefetch("bilag", queryset=_bilag_model().objects.prefetch_related(_versions())),),
        feeds={"programs.committee": lambda row: row.meetings.all()},
    ),
    Source(
        "meetings.bilag",
        "moeder",
        bilag,
        select_related=("meeting", "meeting__committee"),
        prefetch_related=(_versions,),
        feeds={
            "meetings.bilagversion": lambda row: [row.bilag, row.bilag.meeting],
            "meetings.meeting": lambda row: row.bilag.all(),
        },
    ),
]
SOURCE_BY_MODEL = {source.model: source for source in SOURCES}
# Every indexed item whose status a status value gives.
STATUS_VALUE = "statuses.statusvalue"


def feeders() -> dict[str, list[Callable[[object], Iterable]]]:
    """Model label → the functions giving the indexed items a row of that model is part of."""
    found: dict[str, list] = {STATUS_VALUE: [_items_with_status]}
    for source in SOURCES:
        for label, items in source.feeds.items():
            found.setdefault(label, []).append(items)
    return found
