"""Run every registered reproduction (see :mod:`landscape.reproduction`) under pytest.

Imports each ``reproductions/<paperkey>.py`` and ``reproductions/<paperkey>_<part>.py``
that exists (an import error is a collection error, never skipped), then runs one test per registered id, marked
``@pytest.mark.reproduction(id)``. Each run writes its figures and data into the session's
staging directory; the record (quantities, figures, data files) travels to the report
through ``record_reproduction``. A reproduction whose numbers differ from the paper fails,
listing the differing quantities.
"""

import importlib
from pathlib import Path

import pytest

from landscape.papers import PAPERS
from landscape.reproduction import REGISTRY, run

_HERE = Path(__file__).parent
for _key in PAPERS:
    # One paper's reproductions may span several modules, as its claims do.
    for _path in sorted([*_HERE.glob(f"{_key}.py"), *_HERE.glob(f"{_key}_*.py")]):
        importlib.import_module(f"{__package__}.{_path.stem}" if __package__ else _path.stem)


@pytest.mark.parametrize(
    "rep_id", [pytest.param(i, marks=pytest.mark.reproduction(i), id=i) for i in sorted(REGISTRY)]
)
def test_reproduction(rep_id, landscape_staging_dir, record_reproduction):
    rep = run(rep_id, landscape_staging_dir)
    record_reproduction(rep)  # before judging: a differing record still reaches the report
    if rep.outcome == "differs":
        pytest.fail(
            "numbers differ from the paper:\n" + "\n".join(
                f"  {q.name}: paper={q.paper!r} ours={q.ours!r} tol={q.tol!r}{' (relative)' if q.rel else ''}"
                + (f"  [{q.note}]" if q.note else "")
                for q in rep.differing
            ),
            pytrace=False,
        )
