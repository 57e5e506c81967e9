import os

from celery import Celery
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerator.settings")

app = Celery("accelerator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Failures that go away on their own (a database or broker restarting): tasks retry them.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
