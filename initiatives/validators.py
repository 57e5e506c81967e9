from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIRET_FORMAT = _("Un SIRET compte 14 chiffres (espaces acceptés).")
SIRET_CHECKSUM = _("Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas.")

# La Poste's establishments share one SIREN and follow another rule (sum of digits % 5).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    return "".join((value or "").split())


def validate_siret(value: str) -> None:
    siret = normalise_siret(value)
    if not siret:
        return
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(SIRET_FORMAT, code="siret_format")
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00001":
        valid = sum(int(c) for c in siret) % 5 == 0
    else:
        valid = luhn_valid(siret)
    if not valid:
        raise ValidationError(SIRET_CHECKSUM, code="siret_checksum")
