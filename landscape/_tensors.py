"""float64 conversion shared by the engine (one place, so no module guesses a dtype)."""

from __future__ import annotations

import numpy as np
import torch

DTYPE = torch.float64


def as_tensor(value, *, name: str = "value") -> torch.Tensor:
    """``value`` as a float64 CPU tensor; raises ``ValueError`` naming ``name`` on non-finite input."""
    t = torch.as_tensor(np.asarray(value, dtype=np.float64) if not isinstance(value, torch.Tensor) else value)
    t = t.to(dtype=DTYPE)
    if not bool(torch.isfinite(t).all()):
        raise ValueError(f"{name}: expected finite values, got {t}")
    return t
