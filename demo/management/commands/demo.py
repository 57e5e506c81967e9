"""`manage.py demo`: migrate, load the French demo data, print the accounts, serve."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

DEFAULT_ADDRPORT = "127.0.0.1:8000"


def url_of(addrport: str) -> str:
    """The address a browser opens for runserver's `addrport` ("8000", "0.0.0.0:8000"…)."""
    address, _, port = addrport.rpartition(":")
    if address in {"", "0", "0.0.0.0"}:  # no address or every interface: browse the local one
        address = "127.0.0.1"
    elif address in {"::", "[::]"}:
        address = "[::1]"
    return f"http://{address}:{port}"


class Command(BaseCommand):
    help = (
        "Prépare une base de démonstration (migrations et données fictives en français), "
        "affiche les comptes de démonstration puis lance le serveur de développement."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Charge les données et affiche les comptes sans lancer le serveur.",
        )
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"Adresse et port du serveur (par défaut {DEFAULT_ADDRPORT}).",
        )

    def handle(self, *args, no_serve=False, addrport=DEFAULT_ADDRPORT, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "La démonstration crée des comptes au mot de passe public : elle est refusée "
                "quand PRODUCTION est activé."
            )
        try:
            # The loader moves a frozen clock (time-machine): a development dependency.
            from demo.loader import load_demo_data
            from demo.schema import DemoDataError
        except ImportError as error:
            raise CommandError(
                f"La démonstration est un outil de développement ({error}) : installez les "
                "dépendances de développement (uv sync)."
            ) from error
        verbosity = options.get("verbosity", 1)
        self._prepare_sqlite_directory()

        self.stdout.write("Mise à jour de la base de données…")
        call_command(
            "migrate", interactive=False, verbosity=max(verbosity - 1, 0), stdout=self.stdout
        )
        try:
            result = load_demo_data(stdout=self.stdout)
        except DemoDataError as error:
            raise CommandError(f"Données de démonstration refusées : {error}") from error

        url = url_of(addrport)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Essaim est prêt : {url}"))
        self.stdout.write("Comptes de démonstration (rôle, e-mail, mot de passe) :")
        width = max(len(account["label"]) for account in result["accounts"])
        for account in result["accounts"]:
            self.stdout.write(
                f"  {account['label']:<{width}}  {account['email']:<26}  {account['password']}"
            )
        self.stdout.write("")

        if not no_serve:
            # No autoreloader: it would start this command, migrations and all, a second time.
            call_command("runserver", addrport, use_reloader=False)

    def _prepare_sqlite_directory(self):
        """SQLite creates the file, not its directory (var/ in the embedded default)."""
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        name = str(database.get("NAME") or "")
        if (
            database["ENGINE"].endswith("sqlite3")
            and name
            and not name.startswith((":memory:", "file:"))
        ):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
