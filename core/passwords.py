"""The password policy (ADR 0017): at least 12 characters (OWASP ASVS 4.0 level 2, 2.1.1), Django's checks
(similar to the user's name, one of 20 000 common passwords, only digits), and no password that is only
local words — the municipality, the committee, seasons, months, days — with years, digits and signs.

`Viborg2026`, `sommer2026`, `ViborgKommune2026!` and `Børn&Unge-2025` are refused; a passphrase such as
`tre grønne cykler i regnvejr` is not. Messages are Danish."""

import re

from django.core.exceptions import ValidationError

LOCAL_WORDS = frozenset(
    [
        "viborg",
        "viborgkommune",
        "kommune",
        "kommunen",
        "borger",
        "bu",
        "born",
        "boern",
        "børn",
        "unge",
        "og",
        "ungdom",
        "ungdomsudvalg",
        "børneogungdomsudvalget",
        "udvalg",
        "udvalget",
        "udvalgets",
        "politiker",
        "sekretariat",
        "redaktør",
        "redaktoer",
        "læser",
        "laeser",
        "admin",
        "administrator",
        "demo",
        "portal",
        "velkommen",
        "adgangskode",
        "kodeord",
        "password",
        "kode",
        "hej",
        "qwerty",
        "test",
        "danmark",
        "dansk",
        "jylland",
        "forår",
        "foraar",
        "sommer",
        "efterår",
        "efteraar",
        "vinter",
        "jul",
        "påske",
        "paaske",
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
        "mandag",
        "tirsdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lørdag",
        "loerdag",
        "søndag",
        "soendag",
    ]
)
_NOT_LETTERS = re.compile(r"[^a-zæøåäöü]+")


def _only_local_words(letters: str) -> bool:
    """Whether `letters` is one or more local words run together ("viborgkommune", "sommerjuli")."""
    if not letters:
        return False
    ends = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        ends[end] = any(ends[start] and letters[start:end] in LOCAL_WORDS for start in range(max(0, end - 25), end))
    return ends[-1]


class LocalWordsValidator:
    """Refuses a password whose letters are only local words: what is left is years, digits and signs."""

    message = (
        "Adgangskoden består kun af ord, der er lette at gætte her (fx kommunens navn, en årstid eller en måned) "
        "og tal. Vælg en længere sætning med egne ord."
    )

    def validate(self, password, user=None):
        letters = _NOT_LETTERS.sub("", password.casefold())
        if _only_local_words(letters):
            raise ValidationError(self.message, code="password_local_words")

    def get_help_text(self):
        return "Adgangskoden må ikke kun være kommunens navn, en årstid, en måned eller lignende med et årstal."
