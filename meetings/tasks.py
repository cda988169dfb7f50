"""Work the background worker does for meetings (core.jobs, ADR 0020)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.jobs import task
from core.pdf import PdfRenderError, waiting_for_a_slot

from .models import Bilag
from .services import bilag_issue


@task()
def bilag_issue_job(*, bilag_id: int, number: int, note: str, acting_user_id: int) -> dict:
    """Issue version `number` of the bilag for the user who asked (their name goes in the history and
    on the version). Returns {"version": n}, or {"error": "…"} with a Danish reason the progress page
    shows next to "Prøv igen"; anything else fails the job, and the page says so in general words.

    Nothing is stored until the PDF exists (bilag_issue): a worker killed on the way leaves no version,
    and the job can be run again."""
    bilag = Bilag.objects.select_related("meeting__committee").get(pk=bilag_id)
    acting_user = get_user_model().objects.get(pk=acting_user_id)
    try:
        with waiting_for_a_slot():  # the worker holds no page request while it waits for a render slot
            version = bilag_issue(bilag=bilag, note=note, number=number, acting_user=acting_user)
    except ValidationError as error:
        return {"error": " ".join(error.messages)}
    except PdfRenderError as error:
        return {"error": str(error)}
    return {"version": version.number}
