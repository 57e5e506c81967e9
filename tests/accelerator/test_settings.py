"""The settings module: embedded default, and production that refuses a bad environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# The suite's own variables, and those each test sets itself.
SCRUBBED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TEST_DATABASE_NAME",
    "SITE_URL",
}
KEY = "k" * 20 + "-production-secret-for-the-check-only-" + "z" * 20


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", PRODUCTION="1", ALLOWED_HOSTS="essaim.example.org")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_the_site_url():
    result = manage("check", PRODUCTION="1", SECRET_KEY=KEY, ALLOWED_HOSTS="essaim.example.org")
    assert result.returncode != 0
    assert "Set the SITE_URL environment variable" in result.stderr


@pytest.mark.parametrize(
    "site_url", ["", "essaim.example.org", "https://essaim.example.org/essaim", "ftp://essaim.fr"]
)
def test_production_refuses_a_site_url_that_is_not_an_address(site_url):
    result = manage(
        "check",
        PRODUCTION="1",
        SECRET_KEY=KEY,
        ALLOWED_HOSTS="essaim.example.org",
        SITE_URL=site_url,
    )
    assert result.returncode != 0
    assert "SITE_URL must be the site's address" in result.stderr


def test_production_passes_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PRODUCTION="1",
        SECRET_KEY=KEY,
        ALLOWED_HOSTS="essaim.example.org",
        SITE_URL="https://essaim.example.org/",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/essaim",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_default_is_sqlite_with_eager_tasks():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'], "
        "s.MAILERS['default']['BACKEND'], s.LANGUAGE_CODE, s.SITE_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "fr",
        "http://localhost:8000",
    ]


def test_the_suite_runs_on_postgresql_and_redis(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.CELERY_BROKER_URL.startswith("redis://127.0.0.1")


def test_the_health_check_answers(client, db):
    response = client.get(reverse("health"))
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_the_quick_start_loads_the_demo_on_sqlite_with_its_dashboard(tmp_path):
    """The README's first command, in the embedded mode (SQLite, eager tasks), on a file of
    its own: the demo loads, and the dashboard's figures read what it kept of its log."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'essaim.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    loaded = manage("demo", "--no-serve", **env)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert "Données de démonstration chargées" in loaded.stdout
    figures = manage(
        "shell",
        "-c",
        "from dashboard import selectors as d; from initiatives.models import Initiative as I; "
        "from django.db import connection as c; print(c.vendor); "
        "print(I.objects.count(), [r['reached'] for r in d.funnel()]); "
        "print({r['code']: r['stays'] for r in d.time_in_stage()}['submitted'] > 0)",
        **env,
    )
    assert figures.returncode == 0, figures.stderr[-2000:]
    vendor, funnel, stays = figures.stdout.split("\n")[-4:-1]
    assert vendor == "sqlite"
    count, reached = funnel.split(" ", 1)
    reached = [int(n) for n in reached.strip("[]").split(", ")]
    assert reached[0] == int(count)  # every initiative stands on the first step
    assert reached == sorted(reached, reverse=True) and reached[-1] > 0  # down to scaling up
    assert stays == "True"
