"""Fully connected networks on one flat float64 parameter vector, and training problems.

Notation (li2022benefit, eq. (3); the other papers map onto it in their modules):

=====================  ==========================  ===========================================
paper                  code                        meaning
=====================  ==========================  ===========================================
d_0, ..., d_H, d_out   ``Network.widths``          layer widths; ``widths[0]`` is the input
H                      ``Network.depth``           number of hidden layers
sigma_h                ``Network.activations[h-1]`` activation of hidden layer h
W_h in R^{d_h x d_{h-1}} ``Network.unflatten(theta)[h-1].weight`` paper orientation
b_h in R^{d_h}         ``.bias``                   only when ``Network.bias`` is true
X in R^{d_0 x N}       ``X``                       samples are the *columns*
T_h = sigma_h(W_h T_{h-1})  ``Network.hidden(theta, X)[h-1]``
W_{H+1} T_H            ``Network.forward(theta, X)`` linear output layer (optional output activation)
E(W) = l(Y, W_{H+1} T_H)  ``Problem.loss(theta)``
=====================  ==========================  ===========================================

Flat layout: for h = 1, ..., H+1 the entries of W_h in row-major order, then b_h if
biases are on. For the scalar one-hidden-layer network of li2022benefit Section 3.2
(yhat^T = v^T sigma(w x^T)) this is ``theta = (w_1, ..., w_m, v_1, ..., v_m)``.

Every derivative is exact automatic differentiation from ``torch.func``; batches of
points and of directions are evaluated with ``vmap``, never with Python loops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Sequence

import torch
from ._tensors import DTYPE, as_tensor
from .differentiable import Differentiable

__all__ = ["Layer", "Network", "Problem", "one_hidden_layer"]


class Layer(NamedTuple):
    """One affine layer in the paper's orientation: ``weight`` is (d_h, d_{h-1})."""

    weight: torch.Tensor
    bias: torch.Tensor | None


def _activation_name(act) -> str:
    return getattr(act, "name", getattr(act, "__name__", repr(act)))


@dataclass(frozen=True)
class Network:
    """A fully connected network ``d_0 -> d_1 -> ... -> d_H -> d_out``.

    ``activations`` has one entry per hidden layer (a single activation is repeated).
    Each entry is any elementwise, ``torch.func``-traceable callable; the catalog's
    :class:`landscape.activations.Activation` objects are such callables.
    ``output_activation`` is ``None`` for the linear output the papers mostly use.
    """

    widths: tuple[int, ...]
    activations: tuple[Callable[[torch.Tensor], torch.Tensor], ...]
    bias: bool = False
    output_activation: Callable[[torch.Tensor], torch.Tensor] | None = None
    _shapes: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __init__(self, widths: Sequence[int], activations, *, bias: bool = False, output_activation=None):
        widths = tuple(int(w) for w in widths)
        if len(widths) < 2:
            raise ValueError(f"widths: need at least (d_0, d_out), got {widths}")
        if any(w < 1 for w in widths):
            raise ValueError(f"widths: every layer width must be >= 1, got {widths}")
        depth = len(widths) - 2
        if callable(activations):
            activations = (activations,) * depth
        activations = tuple(activations)
        if len(activations) != depth:
            raise ValueError(
                f"activations: need one per hidden layer (H = {depth}), got {len(activations)}"
            )
        if not all(callable(a) for a in activations):
            raise ValueError("activations: every entry must be callable on tensors")
        object.__setattr__(self, "widths", widths)
        object.__setattr__(self, "activations", activations)
        object.__setattr__(self, "bias", bool(bias))
        object.__setattr__(self, "output_activation", output_activation)
        object.__setattr__(self, "_shapes", tuple(zip(widths[1:], widths[:-1])))

    # ----------------------------------------------------------------- structure
    @property
    def depth(self) -> int:
        """H, the number of hidden layers."""
        return len(self.widths) - 2

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Number of flat parameters in each layer (weights then bias)."""
        return tuple(r * c + (r if self.bias else 0) for r, c in self._shapes)

    @property
    def n_params(self) -> int:
        return sum(self.layer_sizes)

    def describe(self) -> str:
        acts = ", ".join(_activation_name(a) for a in self.activations)
        return f"{'-'.join(map(str, self.widths))} [{acts}]{' +bias' if self.bias else ''}"

    def unflatten(self, theta: torch.Tensor) -> list[Layer]:
        """Split a flat parameter vector into layers (views, differentiable)."""
        if theta.shape != (self.n_params,):
            raise ValueError(f"theta: expected shape ({self.n_params},) for {self.describe()}, got {tuple(theta.shape)}")
        layers, offset = [], 0
        for rows, cols in self._shapes:
            w = theta[offset : offset + rows * cols].reshape(rows, cols)
            offset += rows * cols
            b = None
            if self.bias:
                b = theta[offset : offset + rows]
                offset += rows
            layers.append(Layer(w, b))
        return layers

    def flatten(self, weights: Sequence, biases: Sequence | None = None) -> torch.Tensor:
        """The flat vector for layer matrices ``W_1, ..., W_{H+1}`` (and biases)."""
        weights = [as_tensor(w, name=f"weights[{i}]") for i, w in enumerate(weights)]
        if len(weights) != len(self._shapes):
            raise ValueError(f"weights: expected {len(self._shapes)} matrices, got {len(weights)}")
        if self.bias != (biases is not None):
            raise ValueError(f"biases: network has bias={self.bias}, biases given: {biases is not None}")
        parts = []
        for i, (w, shape) in enumerate(zip(weights, self._shapes)):
            w = w.reshape(shape) if w.numel() == shape[0] * shape[1] else w
            if tuple(w.shape) != shape:
                raise ValueError(f"weights[{i}]: expected shape {shape}, got {tuple(w.shape)}")
            parts.append(w.reshape(-1))
            if self.bias:
                b = as_tensor(biases[i], name=f"biases[{i}]").reshape(-1)
                if b.shape != (shape[0],):
                    raise ValueError(f"biases[{i}]: expected shape ({shape[0]},), got {tuple(b.shape)}")
                parts.append(b)
        return torch.cat(parts)

    # ----------------------------------------------------------------- evaluation
    def hidden(self, theta: torch.Tensor, X: torch.Tensor) -> list[torch.Tensor]:
        """``[T_1, ..., T_H]`` with ``T_h = sigma_h(W_h T_{h-1} + b_h)``, each (d_h, N)."""
        layers = self.unflatten(theta)
        outs, t = [], X
        for layer, act in zip(layers[:-1], self.activations):
            pre = layer.weight @ t
            if layer.bias is not None:
                pre = pre + layer.bias[:, None]
            t = act(pre)
            outs.append(t)
        return outs

    def forward(self, theta: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        """Network output ``W_{H+1} T_H (+ b)`` of shape (d_out, N)."""
        layers = self.unflatten(theta)
        t = X
        for layer, act in zip(layers[:-1], self.activations):
            pre = layer.weight @ t
            if layer.bias is not None:
                pre = pre + layer.bias[:, None]
            t = act(pre)
        out = layers[-1].weight @ t
        if layers[-1].bias is not None:
            out = out + layers[-1].bias[:, None]
        if self.output_activation is not None:
            out = self.output_activation(out)
        return out


def _squared(Y: torch.Tensor, Yhat: torch.Tensor) -> torch.Tensor:
    # li2022benefit (5): E = ||y - yhat||_2^2, no factor 1/2.
    return ((Y - Yhat) ** 2).sum()


@dataclass(frozen=True)
class Problem(Differentiable):
    """A training problem ``E(theta) = l(Y, f_theta(X))``.

    ``X`` is (d_0, N) and ``Y`` is (d_out, N), samples as columns. ``loss`` is any
    callable ``(Y, Yhat) -> scalar tensor``; the default is li2022benefit's
    ``||Y - Yhat||_F^2`` (no 1/2). :mod:`landscape.losses` has the papers' others.
    Evaluation and derivatives (``loss``, ``loss_batch``, ``loss_along``, ``gradient``,
    ``hessian``, ``hvp``, ``hvp_batch``) come from :class:`landscape.differentiable.Differentiable`.
    """

    network: Network
    X: torch.Tensor
    Y: torch.Tensor
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = _squared

    def __init__(self, network: Network, X, Y, loss_fn=None):
        X = as_tensor(X, name="X")
        Y = as_tensor(Y, name="Y")
        if X.ndim == 1:
            X = X[None, :]
        if Y.ndim == 1:
            Y = Y[None, :]
        if X.shape[0] != network.widths[0]:
            raise ValueError(f"X: expected {network.widths[0]} rows (d_0, samples as columns), got shape {tuple(X.shape)}")
        if Y.shape != (network.widths[-1], X.shape[1]):
            raise ValueError(f"Y: expected shape ({network.widths[-1]}, {X.shape[1]}), got {tuple(Y.shape)}")
        object.__setattr__(self, "network", network)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "Y", Y)
        object.__setattr__(self, "loss_fn", loss_fn if loss_fn is not None else _squared)

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_params(self) -> int:
        return self.network.n_params

    def describe(self) -> str:
        return f"{self.network.describe()} on N = {self.n_samples}"

    def output(self, theta) -> torch.Tensor:
        return self.network.forward(self.point(theta), self.X)

    def _loss(self, theta: torch.Tensor) -> torch.Tensor:
        return self.loss_fn(self.Y, self.network.forward(theta, self.X))


def one_hidden_layer(activation, m: int, *, d_in: int = 1, d_out: int = 1, bias: bool = False) -> Network:
    """The 1-hidden-layer network ``yhat^T = v^T sigma(W X)`` with ``m`` hidden units."""
    if m < 1:
        raise ValueError(f"m: the hidden width must be >= 1, got {m}")
    return Network((d_in, m, d_out), activation, bias=bias)


__all__ += ["DTYPE"]
