"""Reads of meetings and bilag that the pages, the PDF and issuing share."""

from datetime import date

from core.registry import bilag_kind

from .models import Bilag


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
