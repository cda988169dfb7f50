"""Danish amounts: "4.000" is four thousand, never four; nothing ambiguous is guessed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from core.formats import kr
from core.forms import AmountField, large_thousands_message, parse_danish_amount


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1.500.000 kr.", 1_500_000),
        ("1.500.000 kr", 1_500_000),
        ("4.000", 4_000),
        ("1 500 000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        (" 850.000 ", 850_000),
        ("0", 0),
    ],
)
def test_amount_typed_the_danish_way_is_read_as_whole_kroner(typed, expected):
    assert parse_danish_amount(typed) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1.5", "kan ikke læses entydigt"),
        ("1.50", "kan ikke læses entydigt"),
        ("1.5000", "kan ikke læses entydigt"),
        ("1.500 000", "kan ikke læses entydigt"),
        ("1,5", "hele tal"),
        ("abc", "Skriv et beløb med tal"),
        ("-500", "negativt"),
    ],
)
def test_unclear_amount_is_refused_with_a_danish_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        parse_danish_amount(typed)


def test_amount_field_refuses_absurd_amounts_and_shows_saved_amounts_in_danish():
    field = AmountField()
    with pytest.raises(ValidationError, match="urealistisk stort"):
        field.clean("99.999.999.999.999")
    assert field.prepare_value(1_500_000) == "1.500.000"


def test_amounts_and_dates_render_the_danish_way(settings):
    assert kr(1_500_000) == "1.500.000 kr."
    assert kr(None) == "Ikke oplyst"
    assert date_format(datetime.date(2019, 3, 26)) == "26. marts 2019"


def test_amounts_are_named_the_danish_way_in_the_audit_trail_and_the_admin(seed):
    from programs.models import Funding
    from projects.models import Allocation

    assert str(Funding.objects.get(source="Poul Due Jensen Fonden")) == "Poul Due Jensen Fonden: 7.500.000 kr."
    assert str(Allocation.objects.get(project__name="Læsecenter")) == "Læsecenter 2019: 500.000 kr."


@pytest.mark.parametrize(
    "thousands, said",
    [
        (4_000_000, "4.000.000 i 1.000 kr. er 4 mia. kr. Mente du 4.000 (i 1.000 kr.)?"),
        (150_000, "150.000 i 1.000 kr. er 150 mio. kr. Mente du 150 (i 1.000 kr.)?"),
        (2_500_000, "2.500.000 i 1.000 kr. er 2,5 mia. kr. Mente du 2.500 (i 1.000 kr.)?"),
        (4_123_456, "4.123.456 i 1.000 kr. er ca. 4,1 mia. kr. Mente du ca. 4.123 (i 1.000 kr.)?"),
        (1_500_000_000, "1.500.000.000 i 1.000 kr. er 1.500 mia. kr. Mente du 1.500.000 (i 1.000 kr.)?"),
    ],
)
def test_an_amount_in_thousands_typed_in_whole_kroner_is_named_in_mio_or_mia_with_what_was_meant(thousands, said):
    assert large_thousands_message(thousands) == said + " Sæt hak i »Beløbene er rigtige«, hvis beløbet skal stå."
