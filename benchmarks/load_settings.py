"""Settings for benchmarks/load.py only: production settings (council.settings.base, DEBUG off)
with one more URL, a bare Django view to compare the pages against. Never used by the service."""

from council.settings.base import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
