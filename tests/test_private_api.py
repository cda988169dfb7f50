"""The private APIs the portal relies on (core/private_api.py) still do what it relies on. A library
upgrade that changes one of them fails here, not in a page."""

from decimal import Decimal

import django_tables2.utils
import pytest
from django.db import connection, transaction
from django.utils import timezone

from core import private_api, tables  # noqa: F401 - importing core.tables installs the signature cache
from core.history import HistoricalRecords
from projects.models import Partner, Project


@pytest.fixture
def project(seed):
    return Project.objects.get(name="Læsecenter")


def test_the_history_records_the_user_a_service_sets(project, secretary):
    project.description = "Ny beskrivelse"
    private_api.set_history_user(project, secretary)
    project.save()
    assert project.history.latest("history_date").history_user == secretary


def test_a_save_without_history_writes_no_history_row(project):
    before = project.history.count()
    with private_api.without_history(project):
        project.description = "Uden historik"
        project.save()
    assert project.history.count() == before
    assert not hasattr(project, "skip_history_when_saving")


def test_the_history_knows_the_many_to_many_relations_it_keeps(project):
    assert [field.name for field in private_api.history_m2m_fields(Project.history.model)] == ["partners"]
    assert private_api.history_m2m_fields(Partner.history.model) == []
    assert private_api.recorded_model(Project.history.model) is Project


def test_rows_read_from_the_history_as_records_keep_their_annotations(project):
    from django.db.models import Value
    from django.utils import timezone

    records = private_api.as_records(Project.history.as_of(timezone.now()).annotate(mark=Value(7)))
    record = records.get(id=project.pk)
    assert record.mark == 7 and hasattr(record, "history_id")


def test_a_history_row_can_be_built_now_and_saved_later(project, secretary):
    """core.history builds the row simple-history would save, and inserts it at the end of a batch."""
    project.description = "Bygget nu"
    private_api.set_history_user(project, secretary)
    recorder = HistoricalRecords()
    recorder.manager_name = "history"  # what contribute_to_class sets from `history = HistoricalRecords()`
    record = private_api.history_record(recorder, project, "~")
    assert record.pk is None and record.history_user == secretary and record.history_type == "~"
    assert record.description == "Bygget nu" and record.id == project.pk


def test_whether_children_were_read_before_is_known(project):
    assert not private_api.has_prefetched(project, "allocations")
    assert private_api.has_prefetched(Project.objects.prefetch_related("allocations").get(pk=project.pk), "allocations")


def test_children_put_where_all_reads_them_cost_no_query(project, django_assert_num_queries):
    rows = list(project.allocations.all())
    fresh = Project.objects.get(pk=project.pk)
    private_api.set_prefetched(fresh, "allocations", rows)
    with django_assert_num_queries(0):
        assert list(fresh.allocations.all()) == rows


@pytest.mark.django_db(transaction=True)
def test_a_callback_waiting_for_the_commit_is_found_once_per_transaction():
    class Bump:
        def __call__(self):
            pass

    with transaction.atomic():
        assert private_api.waiting_on_commit(connection, Bump) is None
        bump = Bump()
        transaction.on_commit(bump)
        assert private_api.waiting_on_commit(connection, Bump) is bump
        with transaction.atomic():  # a savepoint waits for its own
            assert private_api.waiting_on_commit(connection, Bump) is None


def test_django_tables2_reads_each_signature_once():
    assert django_tables2.utils.signature is private_api._cached_signature

    def render(value, record):
        return value

    assert django_tables2.utils.signature(render) == private_api._uncached_signature(render)
    assert django_tables2.utils.call_with_appropriate(render, {"value": 1, "record": 2, "column": 3}) == 1


def test_pypdf_makes_an_indirect_object_the_writer_resolves():
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

    writer = PdfWriter()
    element = DictionaryObject({NameObject("/K"): NumberObject(7)})
    reference = private_api.pdf_indirect(writer, element)
    assert isinstance(reference, IndirectObject)
    assert reference.get_object()["/K"] == 7


def test_the_history_manager_class_is_built_once_and_each_read_still_knows_its_item(project):
    """core.history: simple-history built a new manager class on every read of `Model.history`."""
    assert type(Project.history) is type(Project.history)
    assert Project.history.instance is None and project.history.instance is project
    assert list(project.history.values_list("id", flat=True).distinct()) == [project.pk]
    # The partners' snapshots of a history row are read through the same kind of descriptor.
    assert type(Project.history.model.partners) is type(Project.history.model.partners)


def test_rows_read_as_they_stood_are_marked_as_simple_history_marks_them(project):
    moment = timezone.now()
    assert Project.history.as_of(moment)._as_of == moment
    assert private_api.mark_as_of(Project.history.all(), moment)._as_of == moment


def test_a_values_query_compiled_once_reads_as_values_reads_it_every_time(seed, secretary):
    from core.compiled import compiled_values, value_rows
    from goals.models import Indicator, Measurement
    from goals.services import measurement_add

    indicators = Indicator.objects.order_by("id").values("id", "name", "baseline_value", "baseline_year")
    compiled = compiled_values(indicators)
    assert value_rows(compiled) == list(indicators)
    # As Decimal on SQLite and PostgreSQL alike (a float would compare equal, and print as 75.49999…).
    assert {type(row["baseline_value"]) for row in value_rows(compiled)} <= {Decimal, type(None)}
    first = Indicator.objects.order_by("id").first()
    measurement_add(indicator=first, measured_on=timezone.localdate(), value=Decimal("75.5"), acting_user=secretary)
    # Run again, it reads the rows of now; DISTINCT with an ordering adds columns the names leave out.
    measured = Measurement.objects.order_by("-measured_on").values("indicator_id", "measured_on", "value").distinct()
    assert value_rows(compiled_values(measured)) == list(measured)
    assert {"indicator_id": first.pk, "measured_on": timezone.localdate(), "value": Decimal("75.50")} in list(measured)
