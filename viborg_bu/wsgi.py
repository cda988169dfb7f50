import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "viborg_bu.settings")
application = get_wsgi_application()

# What Django loaded at start lives as long as the worker: moved out of the collector's reach, a full
# collection scans only what requests made, and no longer adds tens of ms to an unlucky request (the p95 of a
# 100-row list, docs/benchmarks.md). The Python docs recommend this for servers that start workers.
gc.collect()
gc.freeze()
# A request of a 100-row list makes a few hundred thousand objects; at the default thresholds (700, 10, 10)
# the collector ran a full collection every few requests and added 60–130 ms to them. Collecting the young
# generation after 20 000 allocations instead, and the older ones less often, took the p95 of the 100-row
# indicator list from 173–208 ms to 92–109 ms with the same p50 (ADR 0024).
gc.set_threshold(20_000, 20, 20)
