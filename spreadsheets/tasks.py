"""Large imports on the background worker (core.jobs, ADR 0020): reading a large file and saving many rows."""

from django.contrib.auth import get_user_model

from core.jobs import task

from .services import batch_apply, batch_stage


@task()
def stage_job(*, batch_id: str) -> dict:
    batch = batch_stage(batch_id)
    return {"state": batch.state}


@task()
def apply_job(*, batch_id: str, acting_user_id: int) -> dict:
    batch = batch_apply(batch_id, acting_user=get_user_model().objects.get(pk=acting_user_id))
    return {"state": batch.state}
