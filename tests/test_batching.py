"""Work many writes share (core.batching): rows an import locked together are taken by its services once."""

import pytest
from django.db import transaction

from core.batching import batched, hold_locked, take_locked
from core.exceptions import ConcurrentEditError
from core.services import lock_for_update
from projects.models import Project


@pytest.fixture
def project(seed):
    return Project.objects.order_by("pk").first()


def test_a_row_held_for_a_batch_is_taken_once_and_then_read_afresh(project):
    with transaction.atomic(), batched():
        held = Project.objects.select_for_update().get(pk=project.pk)
        hold_locked([held])
        assert lock_for_update(Project, pk=project.pk, expected_version=project.version) is held
        # Written behind the held copy's back: a second lock must see it, not the copy.
        Project.objects.filter(pk=project.pk).update(version=project.version + 1)
        with pytest.raises(ConcurrentEditError):
            lock_for_update(Project, pk=project.pk, expected_version=project.version)
        assert take_locked(Project, project.pk) is None


def test_outside_a_batch_nothing_is_held(project):
    with transaction.atomic():
        held = Project.objects.select_for_update().get(pk=project.pk)
        hold_locked([held])
        assert take_locked(Project, project.pk) is None
        assert lock_for_update(Project, pk=project.pk, expected_version=project.version) is not held


def test_a_held_row_that_moved_on_since_the_preview_is_still_refused(project):
    """The version check is the same whether the row was held or locked on its own."""
    with transaction.atomic(), batched():
        hold_locked([Project.objects.select_for_update().get(pk=project.pk)])
        with pytest.raises(ConcurrentEditError):
            lock_for_update(Project, pk=project.pk, expected_version=project.version - 1)
