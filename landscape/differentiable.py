"""Exact derivatives and batched evaluation of any scalar function of a flat parameter vector.

``Differentiable`` is the one implementation behind :class:`landscape.nets.Problem` (a
network's training loss) and :class:`landscape.certificates.Objective` (the papers' toy
functions): a subclass provides ``n_params``, ``describe()`` and ``_loss(theta)`` (a
``torch.func``-traceable map from a (P,) float64 tensor to a 0-dim tensor), and gets
the loss at one point or at a batch, along directions, the gradient, the exact Hessian
and Hessian-vector products, all through ``torch.func`` with no Python loop over
points, parameters or directions.
"""

from __future__ import annotations

import torch
from torch.func import grad, hessian, jvp, vmap

from ._tensors import as_tensor

__all__ = ["Differentiable"]


class Differentiable:
    n_params: int

    def describe(self) -> str:  # pragma: no cover - overridden
        return type(self).__name__

    def _loss(self, theta: torch.Tensor) -> torch.Tensor:  # pragma: no cover - overridden
        raise NotImplementedError

    def point(self, theta) -> torch.Tensor:
        """``theta`` as a validated float64 parameter vector."""
        t = as_tensor(theta, name="theta").reshape(-1)
        if t.shape != (self.n_params,):
            raise ValueError(f"theta: expected {self.n_params} parameters for {self.describe()}, got {t.numel()}")
        return t

    def loss(self, theta) -> torch.Tensor:
        """The value at ``theta``, a 0-dim float64 tensor."""
        return self._loss(self.point(theta))

    def loss_batch(self, thetas, *, chunk_size: int | None = None) -> torch.Tensor:
        """The value at each row of ``thetas`` (shape (B, P)), one ``vmap`` call.

        ``chunk_size`` bounds memory: at most that many points are evaluated at once.
        """
        thetas = as_tensor(thetas, name="thetas")
        if thetas.ndim != 2 or thetas.shape[1] != self.n_params:
            raise ValueError(f"thetas: expected shape (B, {self.n_params}), got {tuple(thetas.shape)}")
        return vmap(self._loss, chunk_size=chunk_size)(thetas)

    def loss_along(self, theta, directions, steps, *, chunk_size: int | None = None) -> torch.Tensor:
        """The value at theta + s d for every direction d (rows of ``directions``) and step s.

        Returns (n_directions, n_steps). Vectorized over both axes with nested vmap;
        ``chunk_size`` limits how many directions are in flight at once, so peak memory
        is O(chunk_size x steps x (parameters + activations)) rather than O(directions x ...).
        """
        theta = self.point(theta)
        directions = as_tensor(directions, name="directions")
        steps = as_tensor(steps, name="steps").reshape(-1)
        if directions.ndim != 2 or directions.shape[1] != self.n_params:
            raise ValueError(f"directions: expected shape (D, {self.n_params}), got {tuple(directions.shape)}")

        def along(d):
            return vmap(lambda s: self._loss(theta + s * d))(steps)

        return vmap(along, chunk_size=chunk_size)(directions)

    def gradient(self, theta) -> torch.Tensor:
        return grad(self._loss)(self.point(theta))

    def hessian(self, theta) -> torch.Tensor:
        """The exact (P, P) Hessian from ``torch.func.hessian``."""
        return hessian(self._loss)(self.point(theta))

    def hvp(self, theta, v) -> torch.Tensor:
        """Hessian-vector product H(theta) v by forward-over-reverse differentiation."""
        theta = self.point(theta)
        v = as_tensor(v, name="v").reshape(-1)
        return jvp(grad(self._loss), (theta,), (v,))[1]

    def hvp_batch(self, theta, V) -> torch.Tensor:
        """H(theta) v for every row v of ``V`` (shape (K, P)), one ``vmap`` call."""
        theta = self.point(theta)
        V = as_tensor(V, name="V")
        g = grad(self._loss)
        return vmap(lambda v: jvp(g, (theta,), (v,))[1])(V)
