"""Finding 2 of issue 17: every free-text field has a maximum length, enforced by the form and by the
database, with a Danish message (ADR 0017)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from core.fields import LONG_TEXT, LongTextField
from core.services import save
from projects.models import Project
from tests.pages import text
from tests.test_projects import form_data

APPS = ("agreements", "goals", "initiatives", "meetings", "programs", "projects", "statuses")


def test_every_free_text_field_of_the_portal_has_a_maximum_length():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and not isinstance(field, LongTextField)
    ]
    assert unlimited == []
    limits = {
        field.max_length
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, LongTextField)
    }
    assert limits == {LONG_TEXT, 4000, 2000}


def test_a_secretary_s_one_megabyte_description_is_refused_in_danish(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(description="x" * 1_000_000))
    assert response.status_code == 200
    assert "Denne værdi må højst have 10000 tegn (den har 1000000)." in text(response.content.decode())
    assert not Project.objects.filter(name="Sprogstart").exists()


def test_a_secretary_s_description_of_exactly_10_000_characters_is_saved(client_for, secretary, seed):
    response = client_for(secretary).post(reverse("projects:project_add"), form_data(description="æ" * LONG_TEXT))
    assert response.status_code == 302
    assert len(Project.objects.get(name="Sprogstart").description) == LONG_TEXT


def test_the_form_tells_the_browser_the_limit(client_for, secretary, seed):
    html = client_for(secretary).get(reverse("projects:project_add")).content.decode()
    assert 'maxlength="10000"' in html


def test_the_database_refuses_a_longer_text_that_skips_the_form(seed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(name="Læsecenter").update(description="x" * (LONG_TEXT + 1))


def test_a_service_saving_a_longer_text_gets_the_danish_rule_message(seed, administrator):
    project = Project.objects.get(name="Læsecenter")
    project.status_text = "x" * (LONG_TEXT + 1)
    with pytest.raises(ValidationError, match="Statusbeskrivelse må højst være 10.000 tegn lang."):
        save(project, acting_user=administrator)


def test_a_politician_s_status_reason_is_limited_to_4000_characters_in_the_database(seed):
    from statuses.models import StatusChange

    assert StatusChange._meta.get_field("reason").max_length == 4000
