from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py demo` and the French demo content as data files (top floor: it may import
    every domain app; nothing imports it)."""

    name = "demo"
