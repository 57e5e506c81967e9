"""Rate limits per client, counted in the default cache (Redis): by IP address for anonymous
clients, by account for signed-in ones. Rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
("anon", "user"), read at each request."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _CurrentRates:
    # DRF reads the rates once, when its module is imported; read them now instead, so that
    # a changed setting (a test, a reload) applies.
    @property
    def THROTTLE_RATES(self):
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    pass


class UserThrottle(_CurrentRates, UserRateThrottle):
    pass
