"""Settings every test process gets before any Estore module is imported, as Lambda's environment would."""

import os

# Powertools reads these when estore.observability is first imported (by whichever test comes first).
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "estore")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Estore")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")

# Work done once per test process instead of once per in-process cloud (tests/process_caches.py: what, why).
from tests.process_caches import install as _install_process_caches

_install_process_caches()
