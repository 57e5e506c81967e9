"""INSEE régions and départements (COG 2025), the themes and target publics."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "territories.csv"

THEMES = [
    "Emploi",
    "Insertion professionnelle",
    "Formation",
    "Mobilité",
    "Logement",
    "Précarité énergétique",
    "Accès aux droits",
    "Santé",
    "Numérique",
    "Jeunesse",
    "Création d'activité",
    "Économie circulaire",
    "Garde d'enfants",
]

TARGET_PUBLICS = [
    "Demandeurs d'emploi de longue durée",
    "Bénéficiaires du RSA",
    "Jeunes NEET",
    "Habitants des QPV",
    "Travailleurs handicapés",
    "Seniors",
    "Salariés en insertion",
    "Familles monoparentales",
]


def load(apps, schema_editor):
    Territory = apps.get_model("initiatives", "Territory")
    Theme = apps.get_model("initiatives", "Theme")
    TargetPublic = apps.get_model("initiatives", "TargetPublic")

    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        if row["kind"] == "region":
            regions[row["code"]], _ = Territory.objects.get_or_create(
                kind="region",
                code=row["code"],
                cog_year=int(row["cog_year"]),
                defaults={"name": row["name"]},
            )
    for row in rows:
        if row["kind"] == "department":
            Territory.objects.get_or_create(
                kind="department",
                code=row["code"],
                cog_year=int(row["cog_year"]),
                defaults={"name": row["name"], "parent": regions[row["parent_code"]]},
            )
    for model, names in ((Theme, THEMES), (TargetPublic, TARGET_PUBLICS)):
        for position, name in enumerate(names):
            model.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
