"""Networks and problems: layout, forward pass, exact derivatives, batching, bad input."""

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

from landscape.nets import Network, Problem, one_hidden_layer

F64 = dict(dtype=torch.float64)


@st.composite
def small_problems(draw):
    """A random small problem; shrinks toward one hidden unit, one sample, no bias."""
    depth = draw(st.integers(1, 3))
    widths = tuple(draw(st.lists(st.integers(1, 4), min_size=depth + 2, max_size=depth + 2)))
    bias = draw(st.booleans())
    n = draw(st.integers(1, 5))
    g = torch.Generator().manual_seed(draw(st.integers(0, 2**32 - 1)))
    net = Network(widths, torch.tanh, bias=bias)
    X = torch.randn(widths[0], n, generator=g, **F64)
    Y = torch.randn(widths[-1], n, generator=g, **F64)
    theta = torch.randn(net.n_params, generator=g, **F64)
    return Problem(net, X, Y), theta, g


def manual_forward(net, theta, X):
    t = X
    layers = net.unflatten(theta)
    for layer, act in zip(layers[:-1], net.activations):
        t = act(layer.weight @ t + (layer.bias[:, None] if layer.bias is not None else 0))
    last = layers[-1]
    return last.weight @ t + (last.bias[:, None] if last.bias is not None else 0)


@given(small_problems())
def test_flatten_inverts_unflatten(case):
    prob, theta, _ = case
    net = prob.network
    layers = net.unflatten(theta)
    biases = [l.bias for l in layers] if net.bias else None
    assert torch.equal(net.flatten([l.weight for l in layers], biases), theta)
    assert sum(l.weight.numel() + (l.bias.numel() if l.bias is not None else 0) for l in layers) == net.n_params


def test_scalar_one_hidden_layer_layout_is_w_then_v():
    # li2022benefit Section 3.2: yhat^T = v^T sigma(w x^T), theta = (w_1..w_m, v_1..v_m).
    net = one_hidden_layer(torch.tanh, 2)
    w, v = torch.tensor([0.3, -1.2], **F64), torch.tensor([2.0, 0.5], **F64)
    x = torch.tensor([[0.1, 2.0, -3.0]], **F64)
    theta = torch.cat([w, v])
    expected = v @ torch.tanh(w[:, None] * x)
    assert torch.allclose(net.forward(theta, x)[0], expected, rtol=0, atol=1e-15)


@given(small_problems())
def test_loss_is_squared_frobenius_without_half(case):
    prob, theta, _ = case
    expected = ((prob.Y - manual_forward(prob.network, theta, prob.X)) ** 2).sum()
    assert torch.allclose(prob.loss(theta), expected, rtol=1e-14, atol=0)


@given(small_problems())
def test_batched_evaluation_matches_pointwise(case):
    prob, theta, g = case
    thetas = torch.randn(6, prob.n_params, generator=g, **F64)
    pointwise = torch.stack([prob.loss(t) for t in thetas])
    # vmap reorders no reductions within one point; agreement is to rounding of the sum.
    assert torch.allclose(prob.loss_batch(thetas), pointwise, rtol=1e-13, atol=1e-13)
    assert torch.allclose(prob.loss_batch(thetas, chunk_size=4), pointwise, rtol=1e-13, atol=1e-13)
    dirs = torch.randn(3, prob.n_params, generator=g, **F64)
    steps = torch.tensor([-0.5, 0.0, 0.25], **F64)
    along = prob.loss_along(theta, dirs, steps, chunk_size=2)
    manual = torch.stack([torch.stack([prob.loss(theta + s * d) for s in steps]) for d in dirs])
    assert torch.allclose(along, manual, rtol=1e-13, atol=1e-13)


@given(small_problems())
def test_derivatives_agree_with_finite_differences_and_each_other(case):
    prob, theta, g = case
    grad, H = prob.gradient(theta), prob.hessian(theta)
    assert torch.allclose(H, H.T, rtol=1e-12, atol=1e-12)
    assert torch.allclose(prob.hvp_batch(theta, torch.eye(prob.n_params, **F64)), H, rtol=1e-12, atol=1e-12)
    v = torch.randn(prob.n_params, generator=g, **F64)
    assert torch.allclose(prob.hvp(theta, v), H @ v, rtol=1e-12, atol=1e-12)
    # Central differences: truncation O(h^2 |E'''|), rounding O(u |E| / h); h = 1e-5 balances them
    # for the O(1)-scaled problems drawn here, so 1e-5 relative agreement is a real check.
    h = 1e-5
    fd = (prob.loss(theta + h * v) - prob.loss(theta - h * v)) / (2 * h)
    scale = 1.0 + float(prob.loss(theta)) + float(grad.abs().sum())
    assert abs(float(fd - grad @ v)) <= 1e-5 * scale


def test_bad_input_names_the_argument():
    net = Network((1, 2, 1), torch.tanh)
    with pytest.raises(ValueError, match="widths"):
        Network((3,), torch.tanh)
    with pytest.raises(ValueError, match="widths"):
        Network((1, 0, 1), torch.tanh)
    with pytest.raises(ValueError, match="activations"):
        Network((1, 2, 2, 1), (torch.tanh,))
    with pytest.raises(ValueError, match="X"):
        Problem(net, torch.zeros(2, 3, **F64), torch.zeros(1, 3, **F64))
    with pytest.raises(ValueError, match="Y"):
        Problem(net, torch.zeros(1, 3, **F64), torch.zeros(1, 2, **F64))
    with pytest.raises(ValueError, match="X: expected finite"):
        Problem(net, np.array([[0.0, np.nan]]), np.zeros((1, 2)))
    prob = Problem(net, torch.ones(1, 3, **F64), torch.zeros(1, 3, **F64))
    with pytest.raises(ValueError, match="theta"):
        prob.loss(torch.zeros(5, **F64))
    with pytest.raises(ValueError, match="thetas"):
        prob.loss_batch(torch.zeros(5, **F64))
    with pytest.raises(ValueError, match="m: the hidden width"):
        one_hidden_layer(torch.tanh, 0)
