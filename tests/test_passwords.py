"""Finding 9 of issue 17: weak passwords are refused, in Danish (ADR 0017)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

WEAK = [
    "Viborg2026",  # the pentest's two
    "sommer2026",
    "ViborgKommune2026!",  # local words run together, with a year and a sign: long enough, still weak
    "Børn&Unge-2025",
    "December2025december",
    "1234567890123",
    "kodeord12345",
]
STRONG = ["tre grønne cykler i regnvejr", "Hestekraft-Ø-Kaffe-97", "vi ses ved åen kl 7"]


@pytest.mark.parametrize("password", WEAK)
def test_an_administrator_cannot_give_a_user_a_weak_password(db, password):
    user = get_user_model()(username="ny-politiker", first_name="Nina", last_name="Ny")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    messages = " ".join(refused.value.messages)
    assert "Denne" in messages or "Adgangskoden" in messages  # Danish
    assert "password" not in messages.lower()


@pytest.mark.parametrize("password", STRONG)
def test_an_administrator_can_give_a_user_a_long_passphrase(db, password):
    validate_password(password, get_user_model()(username="ny-politiker"))


def test_the_administrator_s_add_user_form_says_why_viborg2026_is_refused(client_for, administrator):
    response = client_for(administrator).post(
        "/admin/auth/user/add/",
        {"username": "ny-politiker", "usable_password": "true", "password1": "Viborg2026", "password2": "Viborg2026"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Den skal indeholde mindst 12 tegn." in html
    assert "lette at gætte" in html
    assert not get_user_model().objects.filter(username="ny-politiker").exists()
