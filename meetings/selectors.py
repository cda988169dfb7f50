"""Reads of meetings and bilag that the pages, the PDF and issuing share."""

import json
import re
from datetime import date
from typing import NamedTuple

from django.db.models import OuterRef, Subquery

from core import formats
from core.registry import bilag_kind
from core.selectors import named

from .models import Bilag, BilagVersion, Meeting


def bilag_context(bilag: Bilag, snapshot: dict, *, version=None, for_pdf=False) -> dict:
    """What every bilag template gets; used by the HTML preview and the PDF alike."""
    header = snapshot["header"]
    meeting_date = date.fromisoformat(header["meeting_date"])
    changes = snapshot.get("changes")  # dates stay ISO text: the Danish date filters read it
    return {
        "bilag": bilag,
        "data": snapshot,
        "title": snapshot["title"],
        "header": header,
        "meeting_date": meeting_date,
        "changes": changes,
        "version": version,
        "for_pdf": for_pdf,
        "landscape": bilag_kind(bilag.kind).landscape,
    }


def bilag_file_name(bilag: Bilag, *, version=None, extension="pdf") -> str:
    """ "2019-03-26 Bilag 1 Overbliksark 0,35% puljen.pdf"; a draft's name says KLADDE, a correction its version.

    Characters that a file system or an e-mail client refuses (/ \\ : * ? " < > |) become a dash."""
    title = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", bilag.display_title).strip(" .-")[:120]
    name = f"{bilag.meeting.date.isoformat()} Bilag {bilag.number} {title}".strip()
    if version is None:
        name += " KLADDE"
    elif version.number > 1:
        name += f" rettet version {version.number}"
    return f"{name}.{extension}"


class IssuedBilag(NamedTuple):
    bilag: Bilag
    version: BilagVersion  # the newest issued version, with its stored PDF


def issued_bilag(meeting: Meeting) -> list[IssuedBilag]:
    """Every issued bilag of the meeting with its newest version, in number order; drafts are left out."""
    newest = BilagVersion.objects.filter(bilag=OuterRef("pk")).order_by("-number").values("pk")[:1]
    bilag = list(meeting.bilag.annotate(newest=Subquery(newest)).filter(newest__isnull=False).order_by("number"))
    versions = BilagVersion.objects.defer("snapshot").in_bulk([item.newest for item in bilag])
    for item in bilag:
        item.meeting = meeting  # the file names and titles read the meeting's date and committee
    return [IssuedBilag(item, versions[item.newest]) for item in bilag]


def shown_bilag(meeting, *, editor: bool) -> list[Bilag]:
    """The meeting's bilag a user sees listed: an editor sees drafts too, a politician only what was issued.
    Reads the bilag and versions the page prefetched."""
    return [bilag for bilag in meeting.bilag.all() if editor or bilag.versions.all()]


def issued_bilag_using(item) -> list[str]:
    """Why an item an issued bilag is about may only be archived (core.registry.register_usage_check):
    "Projekt „…“ indgår i bilag 1 til mødet den 26. marts 2019." An issued bilag never changes, so
    the item it names must stay findable."""
    label, reasons = item._meta.label_lower, []
    rows = (
        BilagVersion.objects.values_list("snapshot__covers", "bilag__number", "bilag__meeting__date")
        .order_by("bilag__meeting__date", "bilag__number")
        .distinct()
    )
    seen = set()
    for covers, number, day in rows:
        covers = json.loads(covers) if isinstance(covers, str) else covers or {}
        if item.pk in covers.get(label, ()) and (number, day) not in seen:
            seen.add((number, day))
            reasons.append(f"{named(item)} indgår i bilag {number} til mødet den {formats.long_date(day)}.")
    return reasons
