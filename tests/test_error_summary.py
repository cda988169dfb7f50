"""A form sent back with mistakes opens with a summary of them, each a link to its field."""

import re

from django.urls import reverse


def test_a_secretarys_project_form_with_mistakes_opens_with_a_summary_linking_to_each_field(
    client_for, secretary, seed
):
    response = client_for(secretary).post(reverse("projects:project_add"), {"name": "", "description": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Fejl: ", page)
    summary = page[page.index('class="error-summary') : page.index("</div>", page.index('class="error-summary'))]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links and all(f'id="{target}"' in page for target, _ in links)  # every link leads to its field
    assert any(text.startswith("Projektnavn:") for _, text in links)


def test_a_form_without_mistakes_has_no_summary_and_no_fejl_in_its_title(client_for, secretary, seed):
    page = client_for(secretary).get(reverse("projects:project_add")).content.decode()
    assert "error-summary" not in page and "<title>Fejl:" not in page


def test_the_bilag_form_with_a_wrong_year_opens_with_a_summary(client_for, secretary, meeting):
    url = reverse("meetings:bilag_add", kwargs={"pk": meeting.pk}) + "?slags=overview_sheet"
    page = client_for(secretary).post(url, {"slags": "overview_sheet", "year": "abc", "threshold": "500.000"})
    html = page.content.decode()
    assert "<title>Fejl: " in html and "Der er " in html and 'href="#id_year"' in html
