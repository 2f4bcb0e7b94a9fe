"""Argument checks shared by the certificates (ValueError naming the argument)."""

from __future__ import annotations

import math

import torch

from .._tensors import as_tensor

__all__ = ["check_obj", "point_of", "clean"]

_REQUIRED = ("loss", "gradient", "hessian", "loss_batch", "n_params")


def check_obj(obj) -> None:
    missing = [a for a in _REQUIRED if not hasattr(obj, a)]
    if missing:
        raise ValueError(f"obj: an objective needs {', '.join(_REQUIRED)}; {type(obj).__name__} lacks {', '.join(missing)}")


def point_of(obj, theta, *, name: str = "theta") -> torch.Tensor:
    t = as_tensor(theta, name=name).reshape(-1)
    if t.shape != (obj.n_params,):
        raise ValueError(f"{name}: expected {obj.n_params} parameters, got {t.numel()}")
    return t


def clean(numbers: dict) -> dict:
    """Plain floats; non-finite values become None so results stay strict JSON."""
    out = {}
    for k, v in numbers.items():
        if isinstance(v, torch.Tensor):
            v = float(v)
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        out[k] = v
    return out
