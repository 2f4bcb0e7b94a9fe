"""Move a finished run's report into place, atomically.

Order (each step an ``os.replace`` of a file written next to its destination):

1. figure and data files the results reference, from the staging dir into the report dir;
2. ``results.json`` and ``index.html`` written to temporary files in the report dir;
3. ``results.json`` replaced, then ``index.html``;
4. reproduction figure/data files (named ``<paperkey>-...``) no longer referenced by the
   new ``results.json`` removed; other files there (benchmark figures) are left alone.

An interruption before step 3 leaves the previous ``results.json``/``index.html`` as they
were and no temporary files (they are removed on the way out, KeyboardInterrupt included).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from landscape.report.model import INDEX_NAME, RESULTS_NAME, Results, atomic_write_bytes

__all__ = ["publish"]

_OWNED_DIRS = ("figures", "data")


def _temp_in(directory: Path, name: str, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def publish(results: Results, staging_dir: str | os.PathLike, report_dir: str | os.PathLike) -> Path:
    """Install ``results`` (and the files it references, found in ``staging_dir``) into
    ``report_dir``; returns the path of ``index.html``."""
    from landscape.report.html import render_html

    staging, report = Path(staging_dir), Path(report_dir)
    report.mkdir(parents=True, exist_ok=True)
    referenced = results.referenced_files()
    for rel in referenced:
        src = staging / rel
        if src.is_file():
            atomic_write_bytes(report / rel, src.read_bytes())
    html = render_html(results, report)
    temps: list[str] = []
    try:
        temps.append(_temp_in(report, RESULTS_NAME, results.to_json().encode("utf-8")))
        temps.append(_temp_in(report, INDEX_NAME, html.encode("utf-8")))
        os.replace(temps[0], report / RESULTS_NAME)
        os.replace(temps[1], report / INDEX_NAME)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
    from landscape.papers import PAPERS

    keep = {Path(r) for r in referenced}
    for sub in _OWNED_DIRS:
        d = report / sub
        if d.is_dir():
            for f in d.iterdir():
                ours = any(f.name.startswith(f"{key}-") for key in PAPERS)
                if ours and f.is_file() and f.relative_to(report) not in keep:
                    f.unlink()
    return report / INDEX_NAME
