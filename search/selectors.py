"""The search a user makes: what they may find, grouped by kind, with the words marked (ADR 0023)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.roles import is_editor

from . import danish, engine
from .documents import KIND_LABELS, KINDS
from .query import Parsed, parse

PER_KIND = 5  # hits of each kind on the first page of results
PER_KIND_ALONE = 50  # hits of one kind, when the user asks for all of them
SNIPPET = 220  # characters of a hit's text around its first marked word


@dataclass
class Hit:
    kind: str
    title: SafeString
    snippet: SafeString
    status: dict
    url: str
    draft: bool
    archived: bool


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit]

    @property
    def more(self) -> int:
        return self.count - len(self.hits)


@dataclass
class Results:
    text: str
    parsed: Parsed
    groups: list[Group] = field(default_factory=list)
    kind: str | None = None

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def mark(text: str, stems: set[str], *, limit: int | None = None) -> SafeString:
    """`text` escaped, with the words whose stem is wanted in <mark>; with `limit`, the part of about that
    many characters around the first of them, "…" where it is cut."""
    text = text or ""
    start, end = 0, len(text)
    spans = []
    for match in danish.WORD.finditer(text):
        if limit is not None and spans and match.start() > end:
            break  # past the part shown
        if danish.stem(match.group().lower()) not in stems:
            continue
        if limit is not None and not spans and len(text) > limit:
            start = max(0, match.start() - limit // 3)
            while start > 0 and not text[start - 1].isspace():  # from the beginning of a word
                start -= 1
            end = min(len(text), start + limit)
            while end < len(text) and not text[end].isspace() and end - start < limit + 30:
                end += 1
        spans.append(match.span())
    if limit is not None and not spans and len(text) > limit:  # a hit by its title: the text's beginning
        end = limit
        while end < len(text) and not text[end].isspace() and end < limit + 30:
            end += 1
    parts, position = [], start
    for first, last in spans:
        if first < start or last > end:
            continue
        parts.append(escape(text[position:first]))
        parts.append(f"<mark>{escape(text[first:last])}</mark>")
        position = last
    parts.append(escape(text[position:end]))
    shown = "".join(parts).replace("\n", " ")
    return mark_safe(("… " if start > 0 else "") + shown + (" …" if end < len(text) else ""))  # nosec B308 B703 - every piece escaped above


def visible_to(user, *, include_archived: bool, moment: datetime.datetime | None) -> Q:
    """The index rows `user` may find: a draft bilag only an editor; archived items only when asked for;
    looking at an earlier day, only what existed by then."""
    visible = Q()
    if not is_editor(user):
        visible &= Q(draft=False)
    if not include_archived:
        visible &= Q(archived=False)
    if moment is not None:
        visible &= Q(existed_from__isnull=True) | Q(existed_from__lte=moment)
    return visible


def search(text: str, *, user, kind: str | None = None, include_archived=False, moment=None) -> Results:
    parsed = parse(text)
    kind = kind if kind in KIND_LABELS else None
    results = Results(text=text, parsed=parsed, kind=kind)
    if not parsed.searchable:
        return results
    planned = engine.plan(parsed)
    counts, hits = engine.find(
        planned,
        visible=visible_to(user, include_archived=include_archived, moment=moment),
        kind=kind,
        per_kind=PER_KIND_ALONE if kind else PER_KIND,
    )
    stems = planned.stems
    by_kind: dict[str, list[Hit]] = {}
    for row in hits:
        by_kind.setdefault(row.kind, []).append(
            Hit(
                kind=row.kind,
                title=mark(row.title, stems, limit=SNIPPET),
                snippet=mark(row.body, stems, limit=SNIPPET),
                status=row.status,
                url=row.url,
                draft=row.draft,
                archived=row.archived,
            )
        )
    results.groups = [
        Group(kind=k.key, label=k.label, count=counts[k.key], hits=by_kind.get(k.key, []))
        for k in KINDS
        if counts.get(k.key) and (kind is None or k.key == kind)
    ]
    return results
