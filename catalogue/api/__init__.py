"""Open data: the public catalogue as a read-only JSON API (/api/v1/) and as CSV and JSON
downloads (/ce-qui-marche/export.csv, .json).

This package composes the apps (initiatives, evaluations, swarming) and exposes only what the
public pages show, through serializers with explicit field lists. Answers are cached in the
default cache (Redis) under `catalogue.cache.cache_key`, so that every change that bumps
the catalogue's version makes them stale at once; each carries an ETag (a hash of its content)
and a conditional request gets a 304.
"""
