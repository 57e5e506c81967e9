"""Running a transition by its name in tests, through the service its custom= names, as the
transition view does (accelerator.transition_views.run_service)."""

import importlib

from accelerator.transition_views import run_service


def run_transition_named(instance, name, *, by, text="", **arguments):
    services = importlib.import_module(f"{instance._meta.app_label}.services")
    return run_service(services, instance, name, by=by, text=text, **arguments)
