"""Answers cached in Redis until the catalogue changes, and validated by their ETag.

An answer's key carries the catalogue's version (catalogue.cache.cache_key): every
change the public sees bumps it after its commit, so that all cached answers are stale at
once. The ETag is a hash of the answer's content, so that a client's copy is revalidated
against what the public sees now, never against a counter: If-None-Match gets a 304.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control
from rest_framework.utils.encoders import JSONEncoder

from catalogue.cache import cache_key as catalogue_key


def answer_key(request, *parts) -> str:
    """The cache key of the answer to `request`: its host (absolute links), path and query
    (parameters sorted, so that the same question has one key), and `parts` (the language
    of the labels, the format). Hashed: a long search stays a short key."""
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    question = "\n".join(map(str, [request.get_host(), request.path, query, *parts]))
    return catalogue_key("open-data", hashlib.sha256(question.encode()).hexdigest())


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def json_bytes(data) -> bytes:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False, sort_keys=True).encode()


def cached(key, build, content=json_bytes):
    """(etag, payload) of the answer under `key`, built by `build()` when none is cached.
    Exceptions (404, a bad filter) propagate and nothing is cached."""
    entry = cache.get(key)
    if entry is None:
        payload = build()
        entry = (_etag(content(payload)), payload)
        cache.set(key, entry, settings.OPEN_DATA_CACHE_SECONDS)
    return entry


def conditional(request, response, etag):
    """`response` with its ETag, or a 304 when the client's copy is the same."""
    response["ETag"] = etag
    # Clients and proxies may keep a copy, but ask each time whether it is still current.
    patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=etag, response=response)
