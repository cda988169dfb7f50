"""The list cells written in Python (ADR 0024) say exactly what the templates they replaced said."""

import datetime
import re

from django.urls import reverse
from django.utils.dateformat import format as django_date

from core import formats
from core.registry import entries
from core.urlpaths import pk_url
from projects.models import Partner, Project

LIST = reverse("projects:project_list")


def test_a_secretary_gets_a_status_button_for_every_row_that_opens_that_rows_status_for_the_chosen_year(
    client_for, secretary, seed
):
    html = client_for(secretary).get(LIST, {"year": 2019}).content.decode()
    buttons = re.findall(r'hx-get="([^"]+)"[^>]*aria-label="Skift status for ([^"]+)"', html)
    projects = {project.name: project for project in Project.objects.all()}
    assert len(buttons) == len(projects) == 6
    for url, name in buttons:
        project = projects[name.replace("&#x27;", "'")]
        assert url == f"/projekter/{project.pk}/status/?year=2019"


def test_a_politician_reads_each_status_as_shape_and_label_but_gets_no_button(client_for, politician, seed):
    html = client_for(politician).get(LIST).content.decode()
    assert html.count('<div class="status-cell"><span class="status status--') == 6
    assert "status__shape" in html and "Skift status" not in html


def test_partner_names_are_listed_with_commas_and_shown_as_text_never_as_markup(client_for, politician, seed):
    project = Project.objects.get(name="Læsecenter")
    project.partners.set([Partner.objects.create(name="<b>Skole & SFO</b>"), Partner.objects.create(name="VIA")])
    html = client_for(politician).get(LIST).content.decode()
    assert "&lt;b&gt;Skole &amp; SFO&lt;/b&gt;, VIA" in html
    assert "<b>Skole" not in html


def test_every_month_and_day_is_written_as_django_wrote_it_in_danish():
    for month in range(1, 13):
        day = datetime.date(2019, month, 26)
        assert formats.month(day) == django_date(day, "F Y")
        assert formats.long_date(day) == django_date(day, "j. F Y")
    assert formats.long_date(datetime.date(2019, 3, 26)) == "26. marts 2019"
    assert formats.month(None) == "Ikke oplyst"


def test_every_row_link_opens_that_rows_own_page(client_for, politician, seed):
    reader = client_for(politician)
    opened = 0
    for entry in entries():
        row = entry.model.objects.first()
        if row is None or not hasattr(row, "get_absolute_url"):
            continue
        url = row.get_absolute_url()
        assert reader.get(url.split("#")[0]).status_code == 200, url
        opened += 1
    assert opened >= 8
    project = Project.objects.first()
    assert pk_url("projects:project_detail", project.pk) == f"/projekter/{project.pk}/"
