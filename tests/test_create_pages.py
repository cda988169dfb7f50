"""Issue 22: an editor (Redaktør) creates and corrects every kind of thing the seeds describe in the
portal's own pages, never in the Django admin; a politician (Læser) is refused; status scales are
configuration only an administrator changes."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from goals.models import ApproachElement, Goal, GoalGroup, Method, Theme, Value
from initiatives.models import Area, Plan
from initiatives.models import Theme as PlanTheme
from projects.models import Partner, Pool, Project, SubProject
from statuses.models import StatusScale, StatusValue
from tests.pages import form_version, text
from tests.queries import count_queries


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def post(committed):
    """post(client, url, data): a form post the page accepts; it sends the user on (302), and the
    cached pages see the change afterwards, as after a real commit. Returns where it sends the user."""

    def accepted(client, url, data):
        data = {**form_version(client, url), **data}  # an edit form sends back the version it showed
        with committed():
            response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        return response["Location"]

    return accepted


def refused(client, url, data):
    """A form post the page refuses: the form again, with the message (200)."""
    response = client.post(url, {**form_version(client, url), **data})
    assert response.status_code == 200
    return response.content.decode()


def readers_are_refused(client_for, politician, *urls):
    reader = client_for(politician)
    for url in urls:
        assert reader.get(url).status_code == 403, url
        assert reader.post(url, {"name": "Forsøg"}).status_code == 403, url


# --- Pools, partners and sub-projects --------------------------------------------------------------


def test_a_secretary_creates_a_pool_and_renames_it(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    scale = Pool.objects.get().status_scale
    assert "Puljer" in page(editor, reverse("projects:project_list"))
    add = reverse("projects:pool_add")
    assert "Ny pulje" in page(editor, reverse("projects:pool_list"))
    post(editor, add, {"name": "Udviklingspuljen", "description": "Til forsøg.", "status_scale": scale.pk})
    pool = Pool.objects.get(name="Udviklingspuljen")
    assert pool.status_scale == scale
    assert "Udviklingspuljen" in page(editor, reverse("projects:pool_list"))

    edit = reverse("projects:pool_edit", kwargs={"pk": pool.pk})
    post(editor, edit, {"name": "Udviklingspuljen 2020", "description": "Til forsøg i 2020."})
    listed = page(client_for(politician), reverse("projects:pool_list"))
    assert "Udviklingspuljen 2020" in listed and "Redigér" not in listed
    # The new pool is one to put a project in.
    assert "Udviklingspuljen 2020" in page(editor, reverse("projects:project_add"))

    taken = refused(editor, add, {"name": "Udviklingspuljen 2020", "description": "", "status_scale": scale.pk})
    assert "Navn er allerede brugt. Vælg et andet." in taken
    assert "Giv puljen et navn." in refused(editor, add, {"name": "", "description": "", "status_scale": scale.pk})
    assert Pool.objects.filter(name__startswith="Udviklingspuljen").count() == 1
    readers_are_refused(client_for, politician, add, edit)


def test_a_pool_needs_a_scale_with_a_start_value(client_for, post, secretary, seed):
    empty = StatusScale.objects.create(slug="tom", name="Tom skala")
    html = refused(
        client_for(secretary), reverse("projects:pool_add"), {"name": "X", "description": "", "status_scale": empty.pk}
    )
    assert "Vælg en statusskala fra listen." in html
    assert not Pool.objects.filter(name="X").exists()


def test_a_secretary_adds_a_partner_and_corrects_its_spelling(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    add = reverse("projects:partner_add")
    post(editor, add, {"name": "VIA Univercity College"})
    partner = Partner.objects.get(name="VIA Univercity College")
    edit = reverse("projects:partner_edit", kwargs={"pk": partner.pk})
    post(editor, edit, {"name": "VIA University College"})
    assert "VIA University College" in page(client_for(politician), reverse("projects:partner_list"))
    assert "VIA University College" in page(editor, reverse("projects:project_add"))  # a partner to choose
    assert "Navn er allerede brugt." in refused(editor, add, {"name": "VIA University College"})
    readers_are_refused(client_for, politician, add, edit)


def test_a_secretary_adds_a_sub_project_to_a_project_and_corrects_it(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    project = Project.objects.get(name="Læsecenter")
    partner = Partner.objects.first()
    project_page = reverse("projects:project_detail", kwargs={"pk": project.pk})
    add = reverse("projects:subproject_add", kwargs={"pk": project.pk})
    assert add in page(editor, project_page)
    data = {
        "name": "Læsevejledning i 0. klasse",
        "description": "Vejledning af lærerne.",
        "status_text": "",
        "start_month": "2019-08",
        "end_month": "2020-06",
        "partners": [partner.pk],
    }
    assert post(editor, add, data) == project_page
    sub = SubProject.objects.get(name="Læsevejledning i 0. klasse")
    assert sub.project == project and list(sub.partners.all()) == [partner]

    edit = reverse("projects:subproject_edit", kwargs={"pk": sub.pk})
    post(editor, edit, {**data, "name": "Læsevejledning i 0.–1. klasse", "partners": []})
    shown = page(client_for(politician), project_page)
    assert "Læsevejledning i 0.–1. klasse" in shown and add not in shown
    assert not SubProject.objects.get(pk=sub.pk).partners.exists()
    backwards = refused(editor, edit, {**data, "start_month": "2020-06", "end_month": "2019-08"})
    assert "Slut skal ligge efter start." in backwards
    readers_are_refused(client_for, politician, add, edit)


# --- Sammenhængsmodellen's parts ---------------------------------------------------------------------


def rows(prefix, *rows_data, initial=0):
    """A formset's post: its management form and its rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows_data)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows_data):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


MODEL_PARTS = [
    # (URL name, model, the new one, the corrected one, where it shows)
    (
        "value",
        Value,
        {"name": "Nysgerrighed", "statement": "Vi er nysgerrige.", "therefore": "Derfor spørger vi."},
        {"name": "Nysgerrighed og mod", "statement": "Vi er nysgerrige.", "therefore": "Derfor spørger vi."},
    ),
    (
        "method",
        Method,
        {"name": "Kollegial sparring", "description": ""},
        {"name": "Kollegial supervision", "description": "Hver uge."},
    ),
    (
        "approachelement",
        ApproachElement,
        {"name": "Evaluering", "text": "Vi følger op."},
        {"name": "Evaluering og læring", "text": "Vi følger op og lærer."},
    ),
    ("theme", Theme, {"name": "Fritid og fællesskab"}, {"name": "Fritid og fællesskaber"}),
]


@pytest.mark.parametrize("kind, model, new, corrected", MODEL_PARTS, ids=[p[0] for p in MODEL_PARTS])
def test_a_secretary_adds_a_part_of_sammenhaengsmodellen_and_corrects_it(
    client_for, post, secretary, politician, seed, kind, model, new, corrected
):
    editor = client_for(secretary)
    add = reverse(f"goals:{kind}_add")
    assert add in page(editor, reverse("goals:model"))
    assert post(editor, add, new).startswith(reverse("goals:model") + "#")
    part = model.objects.get(name=new["name"])
    assert part.order == model.objects.order_by("-order").first().order  # last in its section
    edit = reverse(f"goals:{kind}_edit", kwargs={"pk": part.pk})
    post(editor, edit, corrected)
    shown = page(client_for(politician), reverse("goals:model"))
    assert corrected["name"] in shown and add not in shown and edit not in shown
    readers_are_refused(client_for, politician, add, edit)


def test_a_secretary_adds_a_numbered_goal_with_a_target_and_corrects_it(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    theme = Theme.objects.first()
    add = reverse("goals:goal_add")
    next_number = Goal.objects.order_by("-number").first().number + 1
    form = page(editor, f"{add}?theme={theme.pk}")
    assert f'value="{next_number}"' in form
    data = {
        "number": next_number,
        "theme": theme.pk,
        "text": "Flere børn går til fritidsaktiviteter.",
        **rows("targets", {"wording": "80 % går til en fritidsaktivitet", "value": "80", "unit": "%", "year": "2030"}),
    }
    post(editor, add, data)
    goal = Goal.objects.get(number=next_number)
    assert [t.wording for t in goal.targets.all()] == ["80 % går til en fritidsaktivitet"]
    assert "Nummer er allerede brugt. Vælg et andet." in refused(editor, add, data)
    assert "Målets nummer skal være 1 eller derover." in refused(editor, add, {**data, "number": 0})

    edit = reverse("goals:goal_edit", kwargs={"pk": goal.pk})
    post(
        editor,
        edit,
        {
            "theme": theme.pk,
            "text": "Flere børn og unge går til fritidsaktiviteter.",
            "version": goal.version,
            **rows(
                "targets",
                {"wording": "80 % går til en fritidsaktivitet", "value": "80", "unit": "%", "year": "2030"},
                initial=1,
            ),
        },
    )
    assert "Flere børn og unge går til fritidsaktiviteter." in page(client_for(politician), reverse("goals:model"))
    readers_are_refused(client_for, politician, add)


def test_a_secretary_groups_goals_with_focus_areas_and_regroups_them(client_for, post, secretary, politician, seed):
    editor = client_for(secretary)
    first, second, third = Goal.objects.order_by("number")[:3]
    add = reverse("goals:goalgroup_add")
    assert add in page(editor, reverse("goals:model"))
    data = {
        "name": "Fritid",
        "title": "",
        "challenge": "For få børn går til fritidsaktiviteter.",
        "partner_committee": "Kultur- og Fritidsudvalget",
        "goals": [first.pk, second.pk],
        **rows("focus_areas", {"text": "Foreningssamarbejde"}, {"text": ""}),
    }
    post(editor, add, data)
    group = GoalGroup.objects.get(name="Fritid")
    assert set(group.goals.all()) == {first, second}
    assert [area.text for area in group.focus_areas.all()] == ["Foreningssamarbejde"]
    assert "Vælg mindst ét mål." in refused(editor, add, {**data, "name": "Andet", "goals": []})

    edit = reverse("goals:goalgroup_edit", kwargs={"pk": group.pk})
    post(
        editor,
        edit,
        {
            **data,
            "name": "Fritid og fællesskab",
            "goals": [third.pk],
            **rows("focus_areas", {"text": "Foreningssamarbejde"}, {"text": "Fritidsjob"}, initial=1),
        },
    )
    group.refresh_from_db()
    assert set(group.goals.all()) == {third}
    assert [area.text for area in group.focus_areas.all()] == ["Foreningssamarbejde", "Fritidsjob"]
    shown = page(client_for(politician), reverse("goals:model"))
    assert "Fritid og fællesskab" in shown and "Fritidsjob" in shown
    readers_are_refused(client_for, politician, add, edit)


# --- Delaftaler ----------------------------------------------------------------------------------------


def test_a_secretary_creates_a_delaftale_with_its_parties_roles_and_targets_and_corrects_it(
    client_for, post, secretary, politician, seed
):
    editor = client_for(secretary)
    goal = Goal.objects.order_by("number").first()
    add = reverse("agreements:agreement_add")
    assert add in page(editor, reverse("agreements:agreement_list"))
    data = {
        "name": "Tryghed og trivsel",
        "title": "Delaftale om tryghed og trivsel",
        "valid_from": "2026-01-01",
        "valid_to": "2029-12-31",
        **rows("parties", {"name": "Chefgruppen", "tasks": "Følger op hvert kvartal."}, {"name": "", "tasks": ""}),
        **rows("roles", {"title": "Boligsocial leder"}),
        **rows("targets", {"text": "Flere unge i uddannelse", "goal": goal.pk}, {"text": "Mindre hærværk", "goal": ""}),
    }
    detail = post(editor, add, data)
    agreement = Agreement.objects.get(name="Tryghed og trivsel")
    assert detail == agreement.get_absolute_url()
    assert agreement.status_scale.slug == "aktivitetsstatus"  # its activities are assessed on the activity scale
    assert [(p.order, p.name) for p in agreement.parties.all()] == [(1, "Chefgruppen")]
    assert [(t.text, t.goal) for t in agreement.municipal_targets.all()] == [
        ("Flere unge i uddannelse", goal),
        ("Mindre hærværk", None),
    ]
    assert "Delaftalen skal slutte efter den begynder." in refused(editor, add, {**data, "valid_to": "2025-01-01"})
    assert "Skriv hvem parten er." in refused(editor, add, {**data, "parties-0-name": ""})

    edit = reverse("agreements:agreement_edit", kwargs={"pk": agreement.pk})
    post(
        editor,
        edit,
        {
            **data,
            "title": "Delaftale om tryghed og trivsel 2026–2029",
            "version": agreement.version,
            **rows("parties", {"name": "Chefgruppen", "tasks": "Følger op hvert halve år."}, initial=1),
            **rows("roles", {"title": "Boligsocial leder", "DELETE": "on"}, initial=1),
        },
    )
    agreement.refresh_from_db()
    assert agreement.version == 2 and not agreement.responsible_roles.exists()
    shown = page(client_for(politician), agreement.get_absolute_url())
    assert "Delaftale om tryghed og trivsel 2026–2029" in shown and "Følger op hvert halve år." in shown
    readers_are_refused(client_for, politician, add, edit)


# --- Lys i øjnene: the plan's areas and themes -------------------------------------------------------


def test_a_secretary_adds_an_area_and_a_theme_to_lys_i_oejnene_and_renames_them(
    client_for, post, secretary, politician, seed
):
    editor = client_for(secretary)
    plan = Plan.objects.get()
    report = reverse("initiatives:status_report")
    add_area = reverse("initiatives:area_add", kwargs={"pk": plan.pk})
    add_theme = reverse("initiatives:theme_add", kwargs={"pk": plan.pk})
    shown = page(editor, report)
    assert add_area in shown and add_theme in shown

    assert post(editor, add_area, {"name": "Fritid", "kind": "fagomraade"}) == plan.get_absolute_url()
    post(editor, add_theme, {"name": "Bevægelse"})
    area, theme = Area.objects.get(name="Fritid"), PlanTheme.objects.get(name="Bevægelse")
    assert area.plan == theme.plan == plan
    taken = refused(editor, add_area, {"name": "Fritid", "kind": "fagomraade"})
    assert "Planen har allerede et område med navnet “Fritid”." in taken

    post(
        editor,
        reverse("initiatives:area_edit", kwargs={"pk": area.pk}),
        {"name": "Fritid og idræt", "kind": "fagomraade"},
    )
    post(editor, reverse("initiatives:theme_edit", kwargs={"pk": theme.pk}), {"name": "Bevægelse og sundhed"})
    # The new area and theme are there to put an initiative under; then the report shows them.
    new_initiative = page(editor, reverse("initiatives:initiative_add"))
    assert "Fritid og idræt" in new_initiative and "Bevægelse og sundhed" in new_initiative
    post(
        editor,
        reverse("initiatives:initiative_add"),
        {"area": area.pk, "theme": theme.pk, "text": "at åbne skolernes haller om aftenen"},
    )
    read = page(client_for(politician), report)
    assert "Fritid og idræt" in read and "Bevægelse og sundhed" in read and add_area not in read
    readers_are_refused(
        client_for,
        politician,
        add_area,
        add_theme,
        reverse("initiatives:area_edit", kwargs={"pk": area.pk}),
        reverse("initiatives:theme_edit", kwargs={"pk": theme.pk}),
    )


# --- Status scales: configuration only an administrator changes ---------------------------------------


def test_an_administrator_makes_a_status_scale_with_values_and_only_an_administrator_may(
    client_for, post, administrator, secretary, politician, seed
):
    admin = client_for(administrator)
    scales = reverse("statuses:scale_list")
    add = reverse("statuses:scale_add")
    assert add in page(admin, scales) and add not in page(client_for(secretary), scales)
    post(admin, add, {"slug": "trivsel", "name": "Trivsel", "description": ""})
    scale = StatusScale.objects.get(slug="trivsel")
    add_value = reverse("statuses:value_add", kwargs={"pk": scale.pk})
    value = {"label": "God", "meaning": "Trives.", "shape": "circle", "tone": "green", "order": "1"}
    post(admin, add_value, {**value, "slug": "god"})
    first = StatusValue.objects.get(scale=scale, slug="god")
    assert first.is_default  # a scale's first value is where new items start

    # One shape is one colour on every scale, and the form says which.
    wrong = refused(admin, add_value, {**value, "slug": "daarlig", "label": "Dårlig", "tone": "red"})
    assert "Formen hører til én farve på alle skalaer" in wrong and "cirkel er grøn" in wrong
    assert "Skalaen har allerede en værdi med den betegnelse." in refused(admin, add_value, {**value, "slug": "god2"})
    second = {"label": "Bekymring", "meaning": "Trives ikke.", "shape": "square", "tone": "red", "order": "2"}
    post(admin, add_value, {**second, "slug": "bekymring", "is_default": "on"})
    first.refresh_from_db()
    assert not first.is_default and StatusValue.objects.get(slug="bekymring", scale=scale).is_default

    post(
        admin, reverse("statuses:scale_edit", kwargs={"pk": scale.pk}), {"name": "Trivsel i klassen", "description": ""}
    )
    post(admin, reverse("statuses:value_edit", kwargs={"pk": first.pk}), {**value, "label": "God trivsel"})
    shown = page(client_for(politician), scales)
    assert "Trivsel i klassen" in shown and "God trivsel" in shown
    # A scale keeps its start value: it is moved, never removed.
    default = StatusValue.objects.get(slug="bekymring", scale=scale)
    unset = refused(admin, reverse("statuses:value_edit", kwargs={"pk": default.pk}), second)
    assert "En skala skal have én startværdi." in unset

    for user in (politician, secretary):
        for url in (add, add_value, reverse("statuses:value_edit", kwargs={"pk": first.pk})):
            assert client_for(user).get(url).status_code == 403
            assert client_for(user).post(url, {**value, "slug": "x"}).status_code == 403
    assert StatusValue.objects.filter(scale=scale).count() == 2


# --- What the new pages cost -------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["projects:pool_list", "projects:partner_list", "goals:model"])
def test_the_new_lists_and_links_cost_the_same_queries_with_more_rows(client_for, secretary, seed, url_name):
    editor = client_for(secretary)  # an editor's rows carry the edit links too
    url = reverse(url_name)
    editor.get(url)  # warm the content-type cache
    small = count_queries(editor, url)
    scale = Pool.objects.get().status_scale
    for n in range(20):
        Pool.objects.create(name=f"Pulje {n}", status_scale=scale)
        Partner.objects.create(name=f"Partner {n}")
        Value.objects.create(
            coherence_model=Value.objects.first().coherence_model, name=f"Værdi {n}", statement="x", therefore="y"
        )
    assert count_queries(editor, url) == small


def test_two_secretaries_editing_a_pool_at_once_the_second_is_told_and_loses_nothing(
    client_for, post, secretary, other_secretary, seed
):
    pool = Pool.objects.get()
    edit = reverse("projects:pool_edit", kwargs={"pk": pool.pk})
    first, second = client_for(secretary), client_for(other_secretary)
    opened = form_version(second, edit)  # both open the form
    post(first, edit, {"name": "0,35 %-puljen", "description": pool.description})
    answer = second.post(edit, {**opened, "name": "Puljen 0,35 %", "description": "Ny tekst"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Sofie Sekretær har gemt ændringer" in text(html)  # who saved meanwhile
    assert 'value="Puljen 0,35 %"' in html and "Ny tekst" in html  # what the second typed is still there
    assert Pool.objects.get().name == "0,35 %-puljen"
