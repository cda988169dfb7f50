"""Production settings for the benchmark: DEBUG off, plain http on loopback, persistent connections,
plus a bare view (the floor) at /bench/bare/."""

import os

os.environ.setdefault("SECRET_KEY", "bench-" + "k7Q2vX9pL4mN8rT1wY6zB3cF5hJ0dS" * 2)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.pop("DEBUG", None)

from viborg_bu.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# Loopback without TLS: the cookies must travel over http here, and only here.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
AXES_ENABLED = False  # the load generator logs in many times from one address

if os.environ.get("BENCH_NO_CACHE"):
    # The throughput of pages computed afresh on every request (the cache's worst case).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
