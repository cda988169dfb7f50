"""What a user typed, read the way PostgreSQL's websearch_to_tsquery reads it (ADR 0023).

Words are all wanted; "a quoted phrase" is wanted as written; `or` between two offers either; a leading
minus (-word, -"phrase") leaves out what has it. Anything else (SQL, tsquery or FTS5 operators, markup)
is only text: its words are searched for, its signs are not. The same reading serves both databases, so
that they answer alike.
"""

import re
from dataclasses import dataclass, field

from . import danish

MAX_CHARACTERS = 200  # a longer text is cut here; the page says so
MAX_GROUPS = 8  # words or phrases that must all be found
MAX_PHRASE_WORDS = 8

_TOKEN = re.compile(r'(?P<minus>-?)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Item:
    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False

    @property
    def word(self) -> str:
        return self.words[0]


@dataclass
class Parsed:
    groups: list[list[Item]] = field(default_factory=list)  # all groups wanted; any item of a group will do
    excluded: list[Item] = field(default_factory=list)  # none of these
    shortened: bool = False  # the text was longer than the search reads
    only_stop_words: bool = False  # words were typed, but only small words such as "og" and "i"

    @property
    def searchable(self) -> bool:
        return bool(self.groups)


def _meaningful(item: Item) -> bool:
    return any(not danish.is_stop_word(word) for word in item.words)


def parse(text: str) -> Parsed:
    text = (text or "").strip()
    parsed = Parsed(shortened=len(text) > MAX_CHARACTERS)
    text = text[:MAX_CHARACTERS]
    groups: list[list[Item]] = []
    joining = False
    typed_words = False
    for match in _TOKEN.finditer(text):
        if match["phrase"] is not None:
            words = danish.words(match["phrase"])[:MAX_PHRASE_WORDS]
            negated = bool(match["minus"])
            phrase = True
        else:
            raw = match["word"]
            if raw.lower() == "or":
                joining = bool(groups)
                continue
            negated = raw.startswith("-")
            words = danish.words(raw)[:MAX_PHRASE_WORDS]
            phrase = len(words) > 1  # "boligsocial-helhedsplan": its words next to each other
        if not words:
            continue
        typed_words = True
        item = Item(tuple(words), phrase=phrase, negated=negated)
        if not _meaningful(item):
            joining = False
            continue
        if joining and groups:
            if item not in groups[-1]:
                groups[-1].append(item)
        elif [item] not in groups:  # the same word twice is wanted once
            groups.append([item])
        joining = False
    for group in groups:
        if len(group) == 1 and group[0].negated:
            parsed.excluded.append(group[0])
        else:
            # "a or -b" offers a or everything without b: only the wanted side of such a group is kept.
            wanted = [item for item in group if not item.negated]
            if wanted:
                parsed.groups.append(wanted)
    if len(parsed.groups) > MAX_GROUPS:
        parsed.groups = parsed.groups[:MAX_GROUPS]
        parsed.shortened = True
    parsed.only_stop_words = typed_words and not parsed.groups and not parsed.excluded
    return parsed
