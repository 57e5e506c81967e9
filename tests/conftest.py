"""The cast, as in a story: alice carries an initiative, bob is another innovator, sam is a
chargée de mission, eve evaluates, colette sits on the committee, paul is a partner."""

import contextlib
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accelerator import roles
from initiatives import filters

from .factories import PASSWORD, InitiativeFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def french(settings):
    """Each test starts in French: a request in English must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing strength is Django's concern, not these tests': keep the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of the test's own (a key prefix on the same Redis): no cached page, catalogue
    version or throttle count left by another test, or by another run sharing the server."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    yield
    # The only keys kept without a timeout; a test that cut the network leaves them behind.
    with contextlib.suppress(OSError, ConnectionError, redis.exceptions.RedisError):
        cache.delete_many(["catalogue:version", filters.CHOICES_VERSION_KEY])


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded and rendered files go to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def alice(db):
    user = UserFactory(email="alice@asso-mobilite.fr", first_name="Alice", roles=[roles.INNOVATOR])
    OrganisationFactory(name="Mobilité Solidaire 59", members=[user])
    return user


@pytest.fixture
def bob(db):
    user = UserFactory(email="bob@autre-asso.fr", first_name="Bob", roles=[roles.INNOVATOR])
    OrganisationFactory(name="Tremplin Emploi", members=[user])
    return user


@pytest.fixture
def sam(db):
    return UserFactory(email="sam@ansa.fr", first_name="Sam", roles=[roles.STAFF])


@pytest.fixture
def eve(db):
    return UserFactory(email="eve@evaluation.fr", first_name="Eve", roles=[roles.EVALUATOR])


@pytest.fixture
def colette(db):
    return UserFactory(email="colette@comite.fr", first_name="Colette", roles=[roles.COMMITTEE])


@pytest.fixture
def paul(db):
    return UserFactory(email="paul@partenaire.fr", first_name="Paul", roles=[roles.PARTNER])


@pytest.fixture
def initiative(alice):
    """Alice's complete draft, carried by her organisation."""
    return InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, title="Garage solidaire"
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def login():
    return client_for


@pytest.fixture
def password():
    return PASSWORD
