"""Figure helpers for reproductions and benchmarks: matplotlib without pyplot.

``new_figure`` returns a :class:`matplotlib.figure.Figure` on an Agg canvas, so drawing
never needs a display and figures are freed when dropped (no pyplot registry).
``data_uri`` turns a PNG file into a ``data:`` URI for the self-contained HTML report.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

__all__ = ["new_figure", "data_uri"]


def new_figure(width: float = 6.0, height: float = 4.0, **kwargs):
    """A matplotlib Figure (inches ``width`` x ``height``) with an Agg canvas attached."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout=kwargs.pop("layout", "constrained"), **kwargs)
    FigureCanvasAgg(fig)
    return fig


_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def data_uri(path: str | os.PathLike) -> str | None:
    """``data:<mime>;base64,...`` for an image file, or ``None`` if it is missing."""
    path = Path(path)
    if not path.is_file():
        return None
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
