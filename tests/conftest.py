"""Settings every test process gets before any Estore module is imported, as Lambda's environment would."""

import os

# Powertools reads these when estore.observability is first imported (by whichever test comes first).
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "estore")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Estore")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")

# Every botocore session of the test process shares one data loader (tests/shared_loader.py: why).
from tests.shared_loader import install as _share_botocore_loader

_share_botocore_loader()
