"""The portal's models, each declared once by its app (AppConfig.ready), and what the portal does with
them (ADR 0014). Whatever lists the portal's models derives from here: the kinds the committee follows
in "Ændringer siden sidste møde", the kinds of the audit trail, …

The registry never imports an app: the apps register themselves.
"""

import functools
from dataclasses import dataclass

from django.utils.text import capfirst


@dataclass(frozen=True)
class OverviewCount:
    """How the overview counts a kind's statuses: per group, e.g. projects per pool."""

    key: str  # in addresses: ?kilde=projekter
    title: str
    group: str  # the foreign key whose target (with a `name`) is the group
    group_label: str
    ungrouped: str = "Uden"
    # False for a second count of the same items (by another group): they need attention once.
    needs_attention: bool = True


@dataclass(frozen=True)
class ModelEntry:
    model: type
    # The item a row is part of: an allocation is part of its project ("project"). A change to the row
    # is shown as a change to that item.
    parent: str | None = None
    # An item the committee follows: its changes are listed since the last meeting.
    followed: bool = False
    # The fields that tell what a new or removed row was ("amount" of an allocation).
    summary: tuple[str, ...] = ()
    # An item that can work towards a goal of Sammenhængsmodellen (the golden thread), shown in the
    # order of `linkable` (1, 2, …) on a goal's page, with what to read along with it.
    linkable: int = 0
    link_select_related: tuple[str, ...] = ()
    link_heading: str = ""  # how a goal's page heads them, where not their plural
    # The overview counts its statuses (one count per way of grouping them) and links to its list.
    overview: tuple[OverviewCount, ...] = ()
    list_url: str | None = None  # URL name of the kind's list page
    # Configuration rather than content: only administrators change it.
    admin_only: bool = False
    # Money a linked item brings: (lookup summed by the database, column label), e.g. a project's allocations.
    link_money: tuple[str, str] | None = None
    # An item with an owner who reports on it in reporting rounds (issue 21).
    trackable: bool = False
    # The field the item is called by (what str() gives): lists that read names without the rows use it.
    label_field: str = "name"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def singular(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def name(self) -> str:
        return capfirst(self.singular)

    def parent_field(self):
        return self.model._meta.get_field(self.parent) if self.parent else None

    def row_label(self, row) -> str:
        """What the row is called where its parent is already named: "2019" for an allocation."""
        label = getattr(row, "change_label", None)
        return str(label() if callable(label) else label) if label is not None else str(row)


@dataclass(frozen=True)
class EventSource:
    """Rows that are events in themselves, such as an issued version of a bilag: the audit trail shows
    each as `action` on the item `item` points to, by `user`, at `when`."""

    model: type
    action: str  # "Udstedt"
    when: str
    user: str
    item: str
    describe: object = None  # row -> text shown with the event, e.g. the version and its note

    @property
    def key(self) -> str:
        return f"e:{self.model._meta.label_lower}"


@dataclass(frozen=True)
class BilagKind:
    """A kind of bilag an app offers: a form for its settings, a builder that gathers its data from the
    live database as plain JSON (the snapshot an issued version keeps), and the template that prints it.
    `meetings` numbers, renders, issues and freezes whatever kind is registered."""

    key: str
    label: str
    form_class: type
    build: object  # parameters (dict) -> snapshot data (dict) with "title", "short_title" and "covers"
    template: str
    landscape: bool = False


_entries: dict[str, ModelEntry] = {}
_events: dict[str, EventSource] = {}
_bilag_kinds: dict[str, BilagKind] = {}


def register_bilag_kind(**options) -> BilagKind:
    kind = BilagKind(**options)
    _bilag_kinds[kind.key] = kind
    return kind


def bilag_kinds() -> list[BilagKind]:
    return list(_bilag_kinds.values())


def bilag_kind(key: str) -> BilagKind | None:
    return _bilag_kinds.get(key)


@dataclass(frozen=True)
class Panel:
    """A part of another app's page that an app contributes (the way NetBox's plugins extend a page):
    the goals an item works towards, on the item's page; a delaftale's indicators, on its page.
    The page names a slot ({% panels object "slot" %}); the app that knows the part fills it, and the
    page's own app needs nothing of it."""

    model: object  # "projects.project", or a test of an entry: lambda entry: entry.linkable
    slot: str
    template: str
    context: object  # (request, obj, page context) -> dict for the template
    order: int = 0


_panels: list[Panel] = []


def register_panel(**options) -> Panel:
    panel = Panel(**options)
    _panels.append(panel)
    return panel


def panels_for(model, slot: str) -> list[Panel]:
    """The panels for `model`'s pages in `slot`. A panel given as a test of an entry is matched when a
    page asks, so that it also finds the kinds apps registered after the panel's app."""
    label, entry = model._meta.label_lower, entry_for(model)

    def matches(panel):
        return panel.model == label if isinstance(panel.model, str) else entry is not None and panel.model(entry)

    return sorted((p for p in _panels if p.slot == slot and matches(p)), key=lambda p: p.order)


def label_of(model) -> str:
    """ "projects.project": how a bilag's snapshot names the kind of item it covers."""
    return model._meta.label_lower


def register_event(model, **options) -> EventSource:
    source = EventSource(model, **options)
    _events[source.key] = source
    return source


def event_sources() -> list[EventSource]:
    return list(_events.values())


def event_source(key: str) -> EventSource | None:
    return _events.get(key)


def register(model, **options) -> ModelEntry:
    entry = ModelEntry(model, **options)
    _entries[entry.label] = entry
    app_labels.cache_clear()
    return entry


def entry_for(model) -> ModelEntry | None:
    """The entry of a model, or of the model a historical model records."""
    from .private_api import recorded_model

    return _entries.get(recorded_model(model)._meta.label_lower)


def entries() -> list[ModelEntry]:
    return list(_entries.values())


@functools.cache
def app_labels() -> frozenset[str]:
    """The apps whose models the portal shows and its staff edit."""
    return frozenset(entry.model._meta.app_label for entry in _entries.values())


def linkable() -> list[ModelEntry]:
    """The kinds of item that can work towards a goal, in the order a goal's page shows them."""
    return sorted((entry for entry in _entries.values() if entry.linkable), key=lambda entry: entry.linkable)


def trackable() -> list[ModelEntry]:
    """The kinds of item that have an owner and are reported on in reporting rounds."""
    return [entry for entry in _entries.values() if entry.trackable]


def followed() -> list[ModelEntry]:
    """The kinds the committee follows, and the kinds whose rows are part of them."""
    top = {entry.label for entry in _entries.values() if entry.followed}
    return [
        entry
        for entry in _entries.values()
        if entry.followed or (entry.parent and entry.parent_field().related_model._meta.label_lower in top)
    ]


# Checks an app adds to "may this item be deleted?": item -> Danish reasons it may only be archived,
# e.g. meetings' "Projekt „…“ indgår i bilag 1 til mødet den 26. marts 2019".
_usage_checks: list = []


def register_usage_check(check) -> None:
    _usage_checks.append(check)


def usage_checks() -> list:
    return list(_usage_checks)
