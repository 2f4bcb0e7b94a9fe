"""``Objective``: any torch-traceable f: R^P -> R behind the interface of ``Problem``.

The papers state several facts about toy functions rather than networks, e.g.
li2022benefit's f(u, v) = (1 - u v^2)^2, whose minimum at (-1, 0) is not strict.
Certificates accept an ``Objective`` wherever they accept a ``Problem``.

=============  =====================  ==============================================
paper          code                   meaning
=============  =====================  ==============================================
f(p), p in R^m ``Objective.f``        the function, (P,) tensor -> 0-dim tensor
m              ``n_params``           number of variables
|f| twin       ``magnitude``          f with |coefficients| (optional; see _rounding)
=============  =====================  ==============================================
"""

from __future__ import annotations

from typing import Callable

import torch
from ..differentiable import Differentiable
from ._rounding import RoundingModel, _mixed_model, _twin_model

__all__ = ["Objective"]


class Objective(Differentiable):
    """Wrap ``f: (P,) tensor -> scalar tensor`` (torch.func-traceable, float64).

    ``magnitude`` is the |terms| twin of f (same expression with absolute coefficients,
    e.g. ``x^2 + y^2`` for ``x^2 - y^2``); it makes rounding bounds see cancellation.
    ``ops`` is the number of roundings in one evaluation of f (a count for the closed
    form, e.g. 2 per multiplication/addition level); 16 covers the papers' toys.
    """

    def __init__(self, f: Callable[[torch.Tensor], torch.Tensor], n_params: int, name: str = "objective", *,
                 magnitude: Callable[[torch.Tensor], torch.Tensor] | None = None, ops: int = 16):
        if not callable(f):
            raise ValueError(f"f: expected a callable (P,) tensor -> scalar, got {type(f).__name__}")
        if int(n_params) != n_params or n_params < 1:
            raise ValueError(f"n_params: expected a positive integer, got {n_params!r}")
        if magnitude is not None and not callable(magnitude):
            raise ValueError(f"magnitude: expected a callable |terms| twin of f or None, got {type(magnitude).__name__}")
        if int(ops) != ops or ops < 1:
            raise ValueError(f"ops: the rounding count per evaluation must be a positive integer, got {ops!r}")
        self.f = f
        self.n_params = int(n_params)
        self.name = str(name)
        self.magnitude = magnitude
        self.ops = int(ops)

    def __repr__(self) -> str:
        return f"Objective({self.name!r}, n_params={self.n_params})"

    def describe(self) -> str:
        return self.name

    def _loss(self, theta: torch.Tensor) -> torch.Tensor:
        out = self.f(theta)
        if not isinstance(out, torch.Tensor) or out.numel() != 1:
            raise ValueError(f"f: {self.name} must return a scalar tensor, got {type(out).__name__} {getattr(out, 'shape', '')}")
        return out.reshape(())

    def rounding_model(self) -> RoundingModel:
        if self.magnitude is None:
            return _mixed_model(self._loss, self.ops, self.name)
        twin = self.magnitude
        return _twin_model(lambda th: twin(th).reshape(()), self.ops, self.name)
