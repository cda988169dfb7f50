"""Every bilag carries every section of its source document (fixtures/ from /work/shared/seeds), in the
source's order: a distinctive sentence of each section reaches the PDF's text, and each one comes after
the one before it. Plus what the bilag print must never do (split "92 %", guess a traffic-light colour),
and Sammenhængsmodellen's texts edited in the browser."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from goals.models import CoherenceModel
from meetings.services import bilag_add, bilag_issue, bilag_snapshot, render_bilag_html
from projects.models import Pool
from statuses.models import StatusValue
from statuses.services import status_change
from tests.test_meetings import SIX, flat, pdf_text

# The source documents' sections, each by a distinctive sentence (or the value it gives), in order.
DELAFTALE = [
    "Delaftale for indsatsområdet Uddannelse og livschancer",
    "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale",
    "Beskrivelsen af områdets problemkompleks inden for dette indsatsområde",
    "Uddannelse og Livschancer",  # the name of the boligsocial indsats
    "1. august 2025 – 31. juli 2029",
    "Chefgruppen for alle tre delaftaler tager årligt ansvar",
    "Ad hoc-gruppen sammensættes så den tilpasses opgaven.",
    "Ansvarlige for delaftalens udførelse i samspil med ad hoc-gruppen",
    "Viceskolechef Børn og Unge, Viborg Kommune",
    "Leder af den boligsociale indsats",
    "Børn og Ungeområde, herunder skoler, sundhedsplejesker, forebyggelsesområdet etc.",
    "Der skal opsættes delmål for nærværende indsatsområde",
    "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene.",
    "Delmål Indikator Baseline Evt. anden baseline Baseline år Datakilde",
    "Flere unge skal klare sig bedre i Dansk og Matematik",
    "Reducere skolefravær",
    "Data kommer",
    "Delaftalen omfatter følgende indsatser for helhedsplanen",
    "Helhedsplanens ressourcer vil blive afstemt med boligafdelingernes procentvise andel",
    "Samlet estimeret timeforbrug af boligsociale ressourcer anslået pr uge pr. år.",
    "Relationel Velfærd – som indsats: 38 timer pr. uge",
    "Skole/familie samarbejde: 28 timer pr. uge",
    "Læringsmiljø for børn og voksne: 10 timer pr. uge",
    "Styrket Forældreskab: 10 timer pr. uge",
    "Barselscafé: 10 timer pr. uge",
    "Boligsociale ressourcer i alt: 96 timer pr. uge",
    "Sammenhæng med den kommunale indsats i boligområdet",
    "Der er markante forskelle i børns opvækstvilkår i Viborg Kommune",
    "Samarbejdet vil foregå med relevante skoler, skoletandplejen",
    "Delaftalen skal arbejde for følgende kommunale målsætninger inden for uddannelsesområdet",
    "klasse-prøven hæves til 92 % i 2025",
    "Vi ønsker at højne sprogkundskab og social trivsel blandt de 0-6-årig",
    "Målsætningerne følges jf. dokumenternes mål og delmål",
    "Revision af delaftalen",
    "Eventuelle reviderede aftaler skal ikke fremsendes til Landsbyggefonden",
    "Delaftalen indsatser følges løbende og evalueres én gang årligt.",
    "Aktivitet: Relationel Velfærd – som indsats",
    "Indsatsen læner sig op af investeringsprojektet relationel velfærd",
    "Hvert område har en cirkel af medarbejdere",
    "Aktivitet: Skole/familie samarbejde",
    "Helhedsplanen rummer 484 i alderen 7-17 år.",
    "Aktivitet: Læringsmiljø for børn og voksne",
    "Dialogisk læsning for børn.",
    "Aktivitet: Styrket Forældreskab",
    "Forstå dagligdagen i børnehaven",
    "Aktivitet: Barselscafé",
    "Øvrige faglige input inviteres ad hoc.",
]

SAMMENHAENGSMODEL = [
    "Notat om implementering af sammenhængsmodellen - B&U",
    "Børne- og Ungdomsudvalget har siden januar 2019 arbejdet med",
    "til brug for fremlæggelse på byrådets plankonference i april",
    "Værdier (Rødder)",
    "Værdierne er det fundament, som vi står på i Børn og Unge",
    "Derfor vil vi skabe sammenhæng og helhed i børns og unges liv",
    "(Stammen)",
    "Der er de seneste år blevet arbejdet med implementering af fælles forståelser",
    "Den tværfaglige model",
    "Sammenhæng for borgerne (Forgreningen)",
    "Målet i sammenhængsmodellen om at skabe sammenhæng for borgerne",
    "Derfor foreslås følgende forståelsesramme",
    "Alle børn og unge gør det bedste de kan",
    "Vores indsatser og tilbud afspejler både målene",
    "Udvalgte mål fra sammenhængsmodellen (Bladene)",
    "Udvalget har peget på følgende mål",
    "Færre i Viborg Kommune føler sig ensomme.",
    "Vi vil etablere økonomisk, fagligt og miljømæssigt bæredygtige institutioner.",
    "Realisering af målene i sammenhængsmodellen",
    "Udvalget har efterfølgende grupperet nogle af målene",
    "Målene nr. 1, 2, 4 og 5 handler alle sammen om",
    "Langt størstedelen af børnene og de unge klarer sig fint",
    "Med små enheder er der en risiko for",
    "Særligt relevante samarbejdspartnere og aktører",
    "Udvalget har i forhold til det videre arbejde med en realisering",
    "Politisk",
    "Administrativt",
    "Her peger udvalget på, at både samarbejdet på tværs af forvaltninger",
    "Identificering og prioritering af konkrete indsatser og projekter",
]

LYS_I_OEJNENE = [
    "Status på indsatser i Lys i øjnene 2014–2017",
    "Nedenstående oversigt giver en status på udvalgte indsatser.",
    "Noget, vi gør tilfredsstillende",
    "Noget, vi gør, men som vi ikke gør tilfredsstillende",
    "Noget, vi ikke gør, fordi der er truffet en aktiv politisk beslutning",
    "Om kilden:",
    "Indsatsernes farver gik tabt",
    "Tværgående målsætninger og indsatser",
    "at sætte ind på sprogområdet",
    "Dagtilbud",
    "Skole",
    "Familie & Rådgivning",
]

BUDGETFORSLAG = [
    "Investering i udviklingen af almen",
    "Dato: 1. august 2025",
    "Udvalg: Børne- og Ungdomsudvalget",
    "Baggrund og formål",
    "er et udviklingsprogram i Børn & Unge",
    "anvende sunde fællesskaber i fritiden til at fremme trivsel",
    "Beskrivelse",
    "gives en årlig bevilling på 4 mio. kr.",
    "i perioden 2026-2030",
    "partnerskab med VIA",
    "7,5 mio. kr. fra Poul Due Jensen Fonden",
    "knap 4000 medarbejdere og ledere",
    "Økonomi",
    "i 1.000 kr.",
    "Udgifter 4.000 4.000 4.000 4.000",
    "Finansiering",
    "Netto 4.000 4.000 4.000 4.000",
]

OVERBLIKSARK_I_ALT = "I ALT 4.650.000"


def draft(meeting, kind: str, parameters: dict, user):
    """A draft bilag of `kind` on the meeting, added as the secretary adds it."""
    return bilag_add(meeting=meeting, kind=kind, parameters=parameters, include_changes=False, acting_user=user)


def issued_text(meeting, user, kind, parameters) -> str:
    bilag = draft(meeting, kind, parameters, user)
    return flat(pdf_text(bytes(bilag_issue(bilag=bilag, acting_user=user).pdf)))


def first_pk(model: str) -> int:
    return apps.get_model(model).objects.order_by("pk").first().pk


def assert_in_order(text: str, fragments: list[str]):
    """Each fragment is in the text, after the one before it; the message names the first that is not."""
    at = -1
    for fragment in fragments:
        found = text.find(fragment, at + 1)
        assert found != -1, f"Not in the bilag after the previous section: {fragment!r}"
        at = found


def test_the_delaftale_bilag_carries_every_section_of_its_source_in_order(secretary, meeting):
    text = issued_text(meeting, secretary, "agreement", {"agreement": first_pk("agreements.Agreement")})
    assert_in_order(text, DELAFTALE)


def test_the_sammenhaengsmodel_bilag_carries_every_section_introduction_and_the_closing_in_order(secretary, meeting):
    text = issued_text(meeting, secretary, "coherence_model", {"model": first_pk("goals.CoherenceModel")})
    assert_in_order(text, SAMMENHAENGSMODEL)


def test_the_lys_i_oejnene_bilag_says_the_sources_colours_are_unknown_and_guesses_none(secretary, meeting):
    text = issued_text(meeting, secretary, "initiative_status", {"plan": first_pk("initiatives.Plan")})
    assert_in_order(text, LYS_I_OEJNENE)
    # Every one of the 50 initiatives stands as not assessed (plus the scale's own row).
    assert text.count("Ikke vurderet") >= 51


def test_the_budget_proposal_bilag_carries_every_section_with_long_dates_and_its_unit(secretary, meeting):
    text = issued_text(meeting, secretary, "budget_proposal", {"proposal": first_pk("programs.BudgetProposal")})
    assert_in_order(text, BUDGETFORSLAG)
    assert "01.08.2025" not in text


def test_the_overview_sheet_carries_every_project_in_the_sources_order_and_the_total(secretary, meeting):
    parameters = {"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000}
    text = issued_text(meeting, secretary, "overview_sheet", parameters)
    assert_in_order(
        text,
        [
            "Overbliksark over projekter i 0,35% puljen med budget på 500.000 kr. og derover",
            "Bilag til Børne- og Ungdomsudvalgets møde den 26. marts 2019",
            "Disponeret i 2019 (kr.)",
            *SIX,
            OVERBLIKSARK_I_ALT,
        ],
    )
    for sentence in (
        "Det drejer sig om to projekter",
        "Der afsættes midler til en central tovholder",
        "Tiltrækning af nye ressourcestærke beboere til Ellekonebakken",
        "Frem til sommer 2019 arbejdes der på en analyse",
    ):
        assert sentence in text
    assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text)  # one date style: "26. marts 2019"


def test_a_status_shape_is_printed_in_its_traffic_light_colour_beside_its_label(secretary, meeting):
    from initiatives.models import Initiative, Plan

    first = Initiative.objects.in_report_order().first()
    status_change(
        item=first,
        expected_version=first.version,
        new_value=StatusValue.objects.get(scale__slug="lys-i-oejnene", slug="gul"),
        reason="Sprogindsatsen er ikke fuldt udrullet",
        acting_user=secretary,
    )
    bilag = draft(meeting, "initiative_status", {"plan": Plan.objects.get().pk}, secretary)
    html = render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))
    # Green circle, yellow triangle with a dark outline, red square, grey ring: shape, colour and label.
    assert '<circle cx="8" cy="8" r="6.5" fill="#0a6b2d"' in html
    assert '<path d="M8 1.5 15 14.5H1z" fill="#f2b800" stroke="#7a5300"/>' in html
    assert '<rect x="2" y="2" width="12" height="12" fill="#b3131b"' in html
    assert '<circle cx="8" cy="8" r="5.5" fill="none" stroke="#4d4d4d"' in html
    assert html.count('class="status__label">Gul<') == 2  # the scale's row and the assessed initiative


def test_a_number_and_its_unit_are_never_split_in_print(secretary, meeting):
    bilag = draft(meeting, "agreement", {"agreement": first_pk("agreements.Agreement")}, secretary)
    html = render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))
    assert "hæves til 92\u00a0% i 2025" in html
    assert '<span class="nowrap">75\u00a0%</span>' in html
    assert '<span class="no-data">Data kommer</span>' in html


# --- Sammenhængsmodellen's texts, edited in the browser ---------------------------------------------


def model_texts(model, **changes):
    from goals.services import COHERENCE_MODEL_FIELDS

    return {**{f: getattr(model, f) for f in COHERENCE_MODEL_FIELDS}, "version": model.version, **changes}


def test_secretary_edits_sammenhaengsmodellens_closing_text_and_the_bilag_prints_it(client_for, secretary, meeting):
    model = CoherenceModel.objects.get()
    editor = client_for(secretary)
    page = editor.get(reverse("goals:model"))
    url = reverse("goals:model_edit", kwargs={"pk": model.pk})
    assert url in page.content.decode()

    form = editor.get(url)
    assert form.status_code == 200 and "Redigér Sammenhængsmodellens tekster" in form.content.decode()
    response = editor.post(url, model_texts(model, closing="Indsatserne prioriteres efter plankonferencen."))
    assert response.status_code == 302 and response["Location"] == reverse("goals:model")
    model.refresh_from_db()
    assert model.closing == "Indsatserne prioriteres efter plankonferencen." and model.version == 2
    assert model.history.first().history_user == secretary

    text = issued_text(meeting, secretary, "coherence_model", {"model": model.pk})
    assert text.endswith("Indsatserne prioriteres efter plankonferencen.") or (
        "Indsatserne prioriteres efter plankonferencen." in text
    )


def test_a_politician_can_read_sammenhaengsmodellen_but_not_edit_its_texts(client_for, politician, seed):
    model = CoherenceModel.objects.get()
    reader = client_for(politician)
    url = reverse("goals:model_edit", kwargs={"pk": model.pk})
    assert url not in reader.get(reverse("goals:model")).content.decode()
    assert reader.get(url).status_code == 403
    assert reader.post(url, model_texts(model, closing="Nej")).status_code == 403
    model.refresh_from_db()
    assert model.closing != "Nej"


def test_a_second_editor_of_sammenhaengsmodellens_texts_is_told_and_nothing_is_overwritten(
    client_for, secretary, other_secretary, seed
):
    model = CoherenceModel.objects.get()
    url = reverse("goals:model_edit", kwargs={"pk": model.pk})
    assert client_for(other_secretary).post(url, model_texts(model, goals_intro="Først")).status_code == 302
    response = client_for(secretary).post(url, model_texts(model, goals_intro="Mit forslag"))
    assert response.status_code == 200 and "Søren Sagsbehandler har gemt ændringer" in response.content.decode()
    model.refresh_from_db()
    assert model.goals_intro == "Først"


@pytest.mark.parametrize("field", ["responsible_intro", "preamble", "revision_note", "targets_outro"])
def test_every_text_of_the_delaftale_is_in_its_edit_form(client_for, secretary, seed, field):
    from agreements.models import Agreement

    agreement = Agreement.objects.get()
    html = client_for(secretary).get(reverse("agreements:agreement_edit", kwargs={"pk": agreement.pk})).content
    assert f'name="{field}"'.encode() in html


def test_an_overview_row_that_fits_on_a_page_is_kept_whole_and_a_longer_one_splits(secretary, meeting):
    parameters = {"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000}
    bilag = draft(meeting, "overview_sheet", parameters, secretary)
    rows = {row["name"]: row["keep_whole"] for row in bilag_snapshot(bilag=bilag)["rows"]}
    # The research row holds two projects and runs over more than a page; Læsecenter is a few lines.
    assert rows[next(name for name in rows if name.startswith(SIX[0]))] is False
    assert rows["Læsecenter"] is True and rows["Hånd om familien"] is True
    html = render_bilag_html(bilag=bilag, snapshot=bilag_snapshot(bilag=bilag))
    assert html.count('<tr class="keep-whole">') == sum(rows.values())
    assert "<thead>" in html and 'scope="row">Læsecenter</th>' in html
