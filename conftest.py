"""Thin root conftest: thread counts, hypothesis profiles, and the landscape plugin.

Profiles (select with ``--hypothesis-profile=NAME``; default ``ci`` when the CI
environment variable is set, else ``dev``):

- ``dev``: quick local iteration, random seeds, Hypothesis' database on.
- ``ci``: derandomized (the same examples every run, so ``-n 2`` and reruns agree),
  no database, no deadline (timing never decides a claim).
- ``thorough``: many more examples for a researcher probing a claim.
"""

import os

# Two cores: each xdist worker gets its share of BLAS/OpenMP threads, so `-n 2` does not
# oversubscribe. Must happen before torch is imported anywhere.
_workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
_threads = str(max(1, (os.cpu_count() or 1) // max(1, _workers)))
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _threads)

import torch  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=25, **_common)
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, print_blob=True, **_common)
settings.register_profile("thorough", max_examples=500, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

pytest_plugins = ["landscape.pytest_plugin"]
