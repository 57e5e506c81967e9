"""Loaded by pytest before Django: the suite runs on PostgreSQL and Redis on 127.0.0.1.

The embedded default (SQLite, eager tasks) is for trying Essaim on one machine; the tests
run on the real services. Set DATABASE_URL or REDIS_URL to point them elsewhere.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/essaim")
# pytest-django creates test_<name>; a name per run lets two runs share the server.
os.environ.setdefault("TEST_DATABASE_NAME", f"test_essaim_{os.getpid()}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Playwright's sync API runs an event loop in the test thread; Django must allow the ORM
# calls made around it (live_server tests only touch the database between page actions).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
