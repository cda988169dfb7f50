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
