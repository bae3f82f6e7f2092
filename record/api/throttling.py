"""Requests per client: by network address without a token, by the token's holder with one (rates in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, from ``API_THROTTLE_ANON`` and ``API_THROTTLE_TOKEN``).
Counted in the cache; over the rate, 429 with ``Retry-After``."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _SettingsRate:
    def get_rate(self):
        # Read when asked, not when the class is defined, so a change of settings takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    scope = "anon"


class TokenThrottle(_SettingsRate, throttling.UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None  # AnonThrottle counts these
        return super().get_cache_key(request, view)
