"""Settings of the benchmark: the site's own, plus the bare "hello" view."""

from cnespress.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
