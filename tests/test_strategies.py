"""Meta-tests of the strategies: every draw meets its hypotheses, every regime and option is
reachable, bad arguments raise ``InvalidArgument``, and shrinking reaches the documented
simplest case.

Hypotheses are re-checked here from first principles (sorted differences, norms, sampled
values, the activation's float derivatives), not with the strategies' own helpers.
"""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import strategies as sts
from landscape import activations as A
from landscape.nets import Network

U = 2.0**-53  # unit roundoff of float64

# Reachability searches stop at the first hit; the budget only bounds the miss case.
# (No explain phase: it only annotates failures and would dominate the run time.)
_PHASES = (Phase.generate, Phase.shrink)
REACH = settings(max_examples=1000, database=None, phases=_PHASES, suppress_health_check=list(HealthCheck))
# The shrink target of a trivially-true search is the strategy's simplest draw.
SHRINK = settings(database=None, phases=_PHASES, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=15)


def reach(strategy, predicate):
    """An example satisfying ``predicate`` (fails the test if none turns up)."""
    return find(strategy, predicate, settings=REACH)


def simplest(strategy):
    return find(strategy, lambda _: True, settings=SHRINK)


def assert_invalid(make, match=None):
    """``make()`` (building and validating the strategy, drawing nothing) raises InvalidArgument."""
    with pytest.raises(InvalidArgument, match=match):
        make().validate()


def sorted_gaps(x: torch.Tensor) -> torch.Tensor:
    return torch.diff(torch.sort(x).values)


# ---------------------------------------------------------------------------------------
# seeds, generators


@given(seed=sts.seeds(min_value=3, max_value=9), gen=sts.generators())
def test_seeds_in_range_and_generators_seeded(seed, gen):
    assert 3 <= seed <= 9
    assert isinstance(gen, torch.Generator)
    replay = sts.seeded_generator(gen.initial_seed())
    a = torch.rand(3, generator=gen, dtype=torch.float64)
    assert torch.equal(a, torch.rand(3, generator=replay, dtype=torch.float64))


def test_seeds_and_generators_shrink_to_zero():
    assert simplest(sts.seeds()) == 0
    assert simplest(sts.generators()).initial_seed() == 0


def test_seeds_and_generators_reject_bad_arguments():
    assert_invalid(lambda: sts.seeds(min_value=-1), "min_value")
    assert_invalid(lambda: sts.seeds(max_value=2**64), "max_value")
    assert_invalid(lambda: sts.seeds(min_value=5, max_value=4), "min_value <= max_value")
    assert_invalid(lambda: sts.seeds(min_value=1.5), "integer")
    assert_invalid(lambda: sts.generators(min_seed=-1), "min_seed")


# ---------------------------------------------------------------------------------------
# scalar inputs (A1)

SCALAR_OPTIONS = [
    dict(),
    dict(signs="positive", ordered="increasing"),
    dict(signs="negative", ordered="decreasing"),
    dict(signs="mixed", min_size=2),
    dict(integer_valued=True, max_magnitude=50.0, min_separation=2.0),
    dict(integer_valued=False, min_magnitude=1e-6, max_magnitude=1e-2, min_separation=1e-7),
    dict(min_size=8, max_size=8, max_magnitude=8.0, min_separation=1.0),  # tight: all of +-1..+-8 grids
]


@pytest.mark.parametrize("options", SCALAR_OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default")
@given(data=st.data())
@FEW
def test_scalar_inputs_meet_a1_and_bounds(options, data):
    kw = dict(min_size=1, max_size=8, min_magnitude=1e-3, max_magnitude=1e3, min_separation=1e-3)
    kw.update(options)
    x = data.draw(sts.scalar_inputs(**kw))
    assert x.dtype == torch.float64 and x.dim() == 1
    assert kw["min_size"] <= x.numel() <= kw["max_size"]
    assert bool((x.abs() >= kw["min_magnitude"]).all()) and bool((x.abs() <= kw["max_magnitude"]).all())
    if x.numel() > 1:
        assert float(sorted_gaps(x).min()) >= kw["min_separation"]
    signs = options.get("signs", "any")
    if signs == "positive":
        assert bool((x > 0).all())
    if signs == "negative":
        assert bool((x < 0).all())
    if signs == "mixed":
        assert bool((x > 0).any()) and bool((x < 0).any())
    if options.get("ordered") == "increasing":
        assert bool((torch.diff(x) > 0).all())
    if options.get("ordered") == "decreasing":
        assert bool((torch.diff(x) < 0).all())
    if options.get("integer_valued") is True:
        assert torch.equal(x, torch.round(x))


@pytest.mark.parametrize(
    "what, predicate",
    [
        ("mixed signs", lambda x: bool((x > 0).any() and (x < 0).any())),
        ("all negative", lambda x: x.numel() >= 3 and bool((x < 0).all())),
        ("integer valued", lambda x: x.numel() >= 3 and torch.equal(x, torch.round(x)) and float(x.abs().max()) > 10),
        ("fractional", lambda x: not torch.equal(x, torch.round(x))),
        ("tiny magnitudes", lambda x: float(x.abs().min()) < 1e-2),
        ("large magnitudes", lambda x: float(x.abs().max()) > 500),
        ("tiny and large together", lambda x: float(x.abs().min()) < 1e-1 and float(x.abs().max()) > 100),
        ("near-coincident pair at the grid limit", lambda x: x.numel() > 1 and float(sorted_gaps(x).min()) < 2e-3),
        ("near-coincident relative to size", lambda x: x.numel() > 1
         and float((sorted_gaps(x) / torch.sort(x.abs()).values[1:]).min()) < 1e-3),
        ("unsorted", lambda x: x.numel() >= 3 and not (bool((torch.diff(x) > 0).all()) or bool((torch.diff(x) < 0).all()))),
    ],
)
def test_scalar_inputs_cover_every_case(what, predicate):
    reach(sts.scalar_inputs(min_size=2, max_size=8), predicate)


def test_scalar_inputs_shrink_to_one_two_three():
    assert simplest(sts.scalar_inputs(min_size=3)).tolist() == [1.0, 2.0, 3.0]
    assert simplest(sts.scalar_inputs(min_size=3, signs="negative")).tolist() == [-1.0, -2.0, -3.0]
    assert simplest(sts.scalar_inputs(min_size=3, signs="mixed")).tolist() == [1.0, 2.0, -1.0]
    assert simplest(sts.scalar_inputs(min_size=2, integer_valued=False)).tolist() == [0.5, 1.0]


def test_scalar_inputs_reject_bad_arguments():
    assert_invalid(lambda: sts.scalar_inputs(min_size=0), "min_size")
    assert_invalid(lambda: sts.scalar_inputs(min_size=4, max_size=3), "min_size <= max_size")
    assert_invalid(lambda: sts.scalar_inputs(min_magnitude=0.0), "min_magnitude: must be > 0")
    assert_invalid(lambda: sts.scalar_inputs(min_magnitude=2.0, max_magnitude=1.0), "min_magnitude <= max_magnitude")
    assert_invalid(lambda: sts.scalar_inputs(min_separation=-1.0), "min_separation")
    assert_invalid(lambda: sts.scalar_inputs(min_separation=math.nan), "min_separation: must be finite")
    assert_invalid(lambda: sts.scalar_inputs(signs="both"), "signs")
    assert_invalid(lambda: sts.scalar_inputs(ordered="up"), "ordered")
    assert_invalid(lambda: sts.scalar_inputs(integer_valued="yes"), "integer_valued")
    assert_invalid(lambda: sts.scalar_inputs(signs="mixed", min_size=1), "mixed")
    # 10 distinct values with |x| in [1, 2], 1 apart, do not exist.
    assert_invalid(lambda: sts.scalar_inputs(max_size=10, min_magnitude=1.0, max_magnitude=2.0, min_separation=1.0),
                   "max_size")
    assert_invalid(lambda: sts.scalar_inputs(integer_valued=True, max_magnitude=0.5), "max_size")


# ---------------------------------------------------------------------------------------
# Theorem 7's decreasing positive inputs


@given(data=st.data())
@FEW
def test_decreasing_positive_inputs_meet_theorem_7_step_1(data):
    ratio = data.draw(st.sampled_from([1.01, 1.5, 2.0, 10.0]))
    x = data.draw(sts.decreasing_positive_inputs(min_size=3, max_size=8, max_ratio=ratio))
    assert 3 <= x.numel() <= 8 and x.dtype == torch.float64
    assert bool((x > 0).all())
    assert bool((torch.diff(x) < 0).all())
    assert float(x[0] / x[-1]) < ratio and float(x[0]) / float(x[-1]) < ratio
    assert float(-torch.diff(x).min()) >= 1e-3


def test_decreasing_positive_inputs_reach_the_ratio_bound_and_fine_grids():
    reach(sts.decreasing_positive_inputs(min_size=3, max_ratio=1.5), lambda x: float(x[0] / x[-1]) > 1.45)
    reach(sts.decreasing_positive_inputs(min_size=3, max_ratio=1.5), lambda x: not torch.equal(x, torch.round(x)))
    reach(sts.decreasing_positive_inputs(min_size=3), lambda x: float(x[0] / x[-1]) > 100)


def test_decreasing_positive_inputs_shrink():
    assert simplest(sts.decreasing_positive_inputs(min_size=3, max_ratio=2.0)).tolist() == [5.0, 4.0, 3.0]
    assert simplest(sts.decreasing_positive_inputs(min_size=3)).tolist() == [3.0, 2.0, 1.0]


def test_decreasing_positive_inputs_reject_bad_arguments():
    assert_invalid(lambda: sts.decreasing_positive_inputs(max_ratio=1.0), "max_ratio")
    assert_invalid(lambda: sts.decreasing_positive_inputs(max_ratio=0.5), "max_ratio")
    assert_invalid(lambda: sts.decreasing_positive_inputs(max_ratio="2"), "max_ratio")
    assert_invalid(lambda: sts.decreasing_positive_inputs(max_ratio=math.nan), "max_ratio")
    assert_invalid(lambda: sts.decreasing_positive_inputs(min_size=0), "min_size")
    assert_invalid(
        lambda: sts.decreasing_positive_inputs(max_size=5, max_ratio=1.001, max_magnitude=1.0, min_separation=0.1),
        "max_size",
    )


# ---------------------------------------------------------------------------------------
# datasets


@given(data=sts.datasets(min_samples=1, max_samples=6, min_dim=1, max_dim=3, d_out=2))
def test_datasets_meet_a1(data):
    X, Y = data.X, data.Y
    assert X.dtype == Y.dtype == torch.float64
    N = data.n_samples
    assert 1 <= N <= 6 and 1 <= data.d_in <= 3 and Y.shape == (2, N)
    assert bool(torch.isfinite(Y).all()) and float(Y.abs().max()) <= 1e3
    assert float(X.abs().max()) <= 1e3
    assert float(X.abs().amax(dim=0).min()) >= 1e-3  # every column nonzero, with margin
    for i in range(N):
        for j in range(i):
            assert float((X[:, i] - X[:, j]).abs().max()) >= 1e-3  # distinct columns
    assert data.min_separation >= 1e-3 and data.min_magnitude >= 1e-3


@pytest.mark.parametrize(
    "what, predicate",
    [
        ("scalar inputs", lambda d: d.d_in == 1 and d.n_samples >= 3),
        ("three-dimensional inputs", lambda d: d.d_in == 3 and d.n_samples >= 3),
        ("columns sharing a coordinate", lambda d: d.d_in >= 2 and d.n_samples >= 2
         and any(len(set(row.tolist())) < d.n_samples for row in d.X)),
        ("a column with a zero entry", lambda d: d.d_in >= 2 and bool((d.X == 0).any())),
        ("fractional inputs", lambda d: not torch.equal(d.X, torch.round(d.X))),
        ("nonzero targets", lambda d: bool((d.Y != 0).all())),
    ],
)
def test_datasets_cover_every_case(what, predicate):
    reach(sts.datasets(max_samples=6), predicate)


def test_datasets_shrink_to_first_lattice_points():
    d = simplest(sts.datasets())
    assert d.X.tolist() == [[1.0]] and d.Y.tolist() == [[0.0]]
    d = simplest(sts.datasets(min_samples=3, min_dim=2))
    assert d.X.tolist() == [[1.0, 1.0, 1.0], [0.0, 1.0, -1.0]] and d.Y.tolist() == [[0.0, 0.0, 0.0]]
    assert simplest(sts.datasets(min_samples=3)).X.tolist() == [[1.0, -1.0, 2.0]]


def test_dataset_builds_a_problem():
    d = simplest(sts.datasets(min_samples=3))
    problem = d.problem(Network((1, 2, 1), torch.tanh))
    assert problem.n_samples == 3 and problem.n_params == 4


def test_datasets_reject_bad_arguments():
    assert_invalid(lambda: sts.datasets(min_samples=0), "min_samples")
    assert_invalid(lambda: sts.datasets(min_samples=3, max_samples=2), "min_samples <= max_samples")
    assert_invalid(lambda: sts.datasets(min_dim=0), "min_dim")
    assert_invalid(lambda: sts.datasets(min_dim=3, max_dim=2), "min_dim <= max_dim")
    assert_invalid(lambda: sts.datasets(d_out=0), "d_out")
    assert_invalid(lambda: sts.datasets(max_abs_target=0.0), "max_abs_target")
    assert_invalid(lambda: sts.datasets(max_samples=9, max_dim=1, min_magnitude=1.0, max_magnitude=2.0,
                                        min_separation=1.0), "max_samples")


# ---------------------------------------------------------------------------------------
# architectures


@pytest.mark.parametrize("regime", sts.REGIMES)
@given(data=st.data())
def test_architectures_meet_their_regime(regime, data):
    n = data.draw(st.integers(2, 7), label="N")
    arch = data.draw(sts.architectures(regime=regime, n_samples=n, max_depth=3, d_in=2, d_out=1))
    assert arch.d_in == 2 and arch.d_out == 1 and 1 <= arch.depth <= 3
    assert all(1 <= w <= n + 2 for w in arch.hidden_widths)
    assert isinstance(arch.bias, bool)
    w = arch.widths
    if regime == "narrow":
        assert all(m < n for m in arch.hidden_widths)
    if regime == "wide":
        assert w[-2] >= n
    if regime == "pyramid":
        assert any(w[h0] >= n and all(a >= b for a, b in zip(w[h0:], w[h0 + 1:])) for h0 in range(1, len(w) - 1))


@pytest.mark.parametrize(
    "regime, predicate",
    [
        ("narrow", lambda a: a.depth == 1),
        ("narrow", lambda a: a.depth >= 2),  # deep narrow
        ("wide", lambda a: a.depth >= 2 and min(a.hidden_widths[:-1]) < 5),  # only the last layer wide
        ("pyramid", lambda a: a.pyramid_index(5) is not None and a.pyramid_index(5) < a.depth and not a.is_wide(5)),
        ("pyramid", lambda a: a.depth == 3 and a.pyramid_index(5) == 2 and a.hidden_widths[0] < 5),  # narrow before h_0
        ("any", lambda a: a.is_narrow(5)),
        ("any", lambda a: a.is_wide(5)),
        ("any", lambda a: a.bias),
        ("any", lambda a: not a.bias),
    ],
)
def test_architectures_cover_every_case(regime, predicate):
    reach(sts.architectures(regime=regime, n_samples=5, max_depth=3), predicate)


@given(hidden=sts.widths(min_depth=2, max_depth=4, min_width=2, max_width=5))
def test_widths_meet_their_bounds(hidden):
    assert isinstance(hidden, tuple) and 2 <= len(hidden) <= 4 and all(2 <= w <= 5 for w in hidden)


def test_architectures_shrink_to_one_hidden_layer():
    assert simplest(sts.architectures(regime="narrow", n_samples=5)).widths == (1, 1, 1)
    assert simplest(sts.architectures(regime="wide", n_samples=5)).widths == (1, 5, 1)
    assert simplest(sts.architectures(regime="pyramid", n_samples=5, d_out=2)).widths == (1, 5, 2)
    assert simplest(sts.architectures()) == sts.Architecture((1, 1, 1), False)
    assert simplest(sts.widths(min_depth=2, min_width=3)) == (3, 3)


def test_architecture_builds_the_network():
    arch = sts.Architecture((2, 3, 1), bias=True)
    net = arch.network(torch.tanh)
    assert isinstance(net, Network) and net.n_params == 2 * 3 + 3 + 3 + 1


def test_architectures_reject_bad_arguments():
    assert_invalid(lambda: sts.architectures(regime="deep"), "regime")
    assert_invalid(lambda: sts.architectures(regime="narrow"), "n_samples")
    assert_invalid(lambda: sts.architectures(regime="narrow", n_samples=1), "min_width")
    assert_invalid(lambda: sts.architectures(regime="wide", n_samples=9, max_width=4), "max_width")
    assert_invalid(lambda: sts.architectures(regime="pyramid", n_samples=2, d_out=5, max_width=4), "max_width")
    assert_invalid(lambda: sts.architectures(min_depth=0), "min_depth")
    assert_invalid(lambda: sts.architectures(min_depth=3, max_depth=2), "min_depth <= max_depth")
    assert_invalid(lambda: sts.architectures(bias="yes"), "bias")
    assert_invalid(lambda: sts.architectures(d_in=0), "d_in")
    assert_invalid(lambda: sts.widths(min_width=0), "min_width")


# ---------------------------------------------------------------------------------------
# activations

_GRID = torch.linspace(-6.0, 6.0, 241, dtype=torch.float64)


def _check(act: A.Activation, requirement: str) -> None:
    """Re-derive ``requirement`` from properties, float derivatives and sampled values."""
    p = act.properties
    if requirement == "C2":
        assert p.smoothness >= 2
        assert bool(torch.isfinite(act.derivative(_GRID, 2)).all())
    elif requirement == "analytic":
        assert p.analytic and act.pieces is not None and len(act.pieces) == 1
    elif requirement.startswith("sigma"):
        k = {"sigma0_nonzero": 0, "sigma1_0_nonzero": 1, "sigma2_0_nonzero": 2}[requirement]
        if k > 0:
            assert 0.0 not in p.breakpoints or p.smoothness >= k
        v = act.derivatives_at(0.0, k)[k]  # NaN where the derivative does not exist
        assert math.isfinite(v) and v != 0.0
    elif requirement == "pl_flat_at_0":
        assert p.piecewise_linear and p.breakpoints and 0.0 not in p.breakpoints
        eps = 0.5 * min(abs(b) for b in p.breakpoints)
        for t in (-eps, -eps / 2, 0.0, eps / 2, eps):  # exact values (sympy), not float evaluation
            assert act.derivatives_at(t, 1).tolist() == [0.0, 0.0]
        assert bool((act(_GRID * 10) != 0).any())
    elif requirement == "positively_homogeneous":
        assert p.positively_homogeneous
        slope = float(act.derivative(_GRID, 1).abs().max())
        for a in (0.5, 3.0):
            # Both sides are float evaluations of c0 + s0 t + sum jump max(t - b, 0): each is
            # within (k + 3) u (k <= 3 breakpoints) of |t| times the summed |slopes|
            # (<= 3 max|sigma'|) at |t| <= a max|grid|; 64 u covers both sides.
            scale = a * float(_GRID.abs().max()) * 3 * slope
            assert float((act(a * _GRID) - a * act(_GRID)).abs().max()) <= 64 * U * scale
    elif requirement == "monotone":
        assert p.monotone is not None
        values = act(_GRID)
        steps = torch.diff(values) if p.monotone in ("increasing", "nondecreasing") else -torch.diff(values)
        # Each float value is within a few u of the exact one times the size of the terms
        # summed (|c0| + |s0 t| + sum |jump| |t - b| for piecewise linear ones, bounded by
        # max|sigma| + max|t| max|sigma'|): a flat piece may wiggle by that much, no more.
        scale = float(values.abs().max()) + 6.0 * float(act.derivative(_GRID, 1).abs().max()) + 1.0
        assert float(steps.min()) >= -32 * U * scale
    elif requirement == "surjective":
        assert p.surjective
        ends = act(torch.tensor([-1e6, 1e6], dtype=torch.float64))
        assert float(ends[0] * ends[1]) < 0
    elif requirement == "bounded":
        assert p.bounded and float(act(_GRID * 1e3).abs().max()) < 1e3
    elif requirement.startswith("asm2:"):
        n = int(requirement.split(":")[1])
        assert A.assumption_2_orders(act, n, max_order=2 * n + 1) is not None
    else:
        raise AssertionError(requirement)


ACTIVATION_REQUIREMENTS = [
    ("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"),  # Theorem 6
    ("pl_flat_at_0",),  # Theorem 7
    ("positively_homogeneous",),  # Theorem 5
    ("monotone", "surjective"),
    ("bounded", "pl_flat_at_0"),
    ("analytic", "asm2:2"),
    ("monotone", "sigma2_0_nonzero", "analytic"),
]


@pytest.mark.parametrize("requires", ACTIVATION_REQUIREMENTS, ids=lambda r: "+".join(r))
@given(data=st.data())
@settings(max_examples=12)
def test_activations_meet_their_requirements(requires, data):
    act = data.draw(sts.activations(requires=requires))
    assert isinstance(act, A.Activation)
    for requirement in requires:
        _check(act, requirement)
        assert sts.requirement_holds(act, requirement)


def _rises(act) -> bool:
    return float(act(torch.tensor(1.0, dtype=torch.float64))) > float(act(torch.tensor(-1.0, dtype=torch.float64)))


@given(act=sts.activations(requires=("C2", _rises)))
@settings(max_examples=10)
def test_activations_apply_predicates(act):
    assert _rises(act) and act.properties.smoothness >= 2


@pytest.mark.parametrize("family", sts.FAMILIES)
def test_every_family_is_drawn(family):
    act = reach(sts.activations(families=(family,)), lambda a: a.name.startswith(family + "("))
    assert isinstance(act, A.Activation)


@pytest.mark.parametrize(
    "requires, family",
    [
        (("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"), "shifted"),
        (("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"), "polynomial"),
        (("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"), "sin_cos_perturbed"),
        (("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"), "hermite_designed"),
        (("pl_flat_at_0",), "piecewise_linear"),
        (("pl_flat_at_0", "surjective"), "piecewise_linear"),
        (("positively_homogeneous", "strictly_monotone"), "piecewise_linear"),
        (("monotone", "surjective", "sigma2_0_nonzero"), "polynomial"),
        (("asm2:6", "strictly_monotone"), "polynomial"),
    ],
)
def test_families_reach_requirements(requires, family):
    act = reach(sts.activations(requires=requires, families=(family,)), lambda a: a.name.startswith(family + "("))
    for requirement in requires:
        if requirement == "asm2:6":
            assert A.assumption_2_orders(act, 6, max_order=13) is not None
        elif requirement == "strictly_monotone":
            assert act.properties.monotone in ("increasing", "decreasing")
        else:
            _check(act, requirement)


def test_requirement_holds_rejects_known_bad_cases():
    get = A.get
    assert not sts.requirement_holds(get("relu"), "C2")
    assert not sts.requirement_holds(get("relu"), "sigma1_0_nonzero")  # no derivative at the kink
    assert not sts.requirement_holds(get("relu"), "pl_flat_at_0")  # 0 is a breakpoint
    assert sts.requirement_holds(get("shifted(relu, c=-1.0)"), "pl_flat_at_0")
    assert not sts.requirement_holds(get("sigmoid"), "sigma2_0_nonzero")
    assert not sts.requirement_holds(get("tanh"), "sigma0_nonzero")
    assert not sts.requirement_holds(get("sigmoid"), "surjective")
    assert not sts.requirement_holds(get("sine"), "monotone")
    assert not sts.requirement_holds(get("quadratic"), "asm2:2")  # one nonzero order at 0
    assert sts.requirement_holds(get("tanh"), "asm2:3")  # orders 1, 3, 5
    assert not sts.requirement_holds(get("tanh"), lambda a: False)


def test_activations_shrink_to_the_first_catalog_member():
    assert simplest(sts.activations()).name == "sigmoid"
    assert simplest(sts.activations(requires=("positively_homogeneous",))).name == "relu"
    assert simplest(sts.activations(requires=("pl_flat_at_0",))).name == "shifted(relu, c=-1.0)"
    assert simplest(sts.activations(requires=("C2", "sigma0_nonzero", "sigma1_0_nonzero", "sigma2_0_nonzero"))).name == "softplus"
    # No catalog member is bounded and flat at 0: the simplest piecewise linear one.
    act = simplest(sts.activations(requires=("bounded", "pl_flat_at_0")))
    assert act == A.piecewise_linear((1.0, 2.0), (0.0, 1.0, 0.0), 0.0)


def test_activations_reject_bad_arguments():
    assert_invalid(lambda: sts.activations(requires=("smooth",)), "unknown requirement")
    assert_invalid(lambda: sts.activations(requires=("asm2:0",)), "asm2")
    assert_invalid(lambda: sts.activations(requires=("asm2:x",)), "asm2")
    assert_invalid(lambda: sts.activations(requires=3), "requires")
    assert_invalid(lambda: sts.activations(families=("fourier",)), "families")
    assert_invalid(lambda: sts.activations(requires=("bounded", "surjective")), "no catalog activation")
    assert_invalid(lambda: sts.activations(requires=("pl_flat_at_0", "C1")), "no catalog activation")
    assert_invalid(lambda: sts.activations(requires=("strictly_monotone", "pl_flat_at_0")), "no catalog activation")
    assert_invalid(lambda: sts.activations(requires=("C2", "bounded", lambda a: False), families=False),
                   "no catalog activation")


# ---------------------------------------------------------------------------------------
# points, directions, radii, perturbations


@given(theta=sts.points(5, max_magnitude=3.0), d=sts.directions(7), r=sts.radii(min_radius=1e-4, max_radius=1e-1),
       p=sts.perturbations(4, min_radius=1e-3, max_radius=1.0))
def test_points_directions_radii_perturbations(theta, d, r, p):
    assert theta.shape == (5,) and theta.dtype == torch.float64 and float(theta.abs().max()) <= 3.0
    # ||d|| = 1 up to the rounding of v / ||v|| and of the check's own sum: (P + 2) u each way.
    assert d.shape == (7,) and abs(float(torch.linalg.vector_norm(d)) - 1.0) <= 2 * (7 + 2) * U
    assert 1e-4 <= r <= 1e-1
    assert 1e-3 <= p.radius <= 1.0 and p.direction.shape == (4,)
    assert abs(float(torch.linalg.vector_norm(p.vector)) - p.radius) <= 2 * (4 + 2) * U * p.radius
    torch.testing.assert_close(p.apply(torch.zeros(4, dtype=torch.float64)), p.vector)


def test_radii_and_directions_cover_their_range():
    reach(sts.radii(min_radius=1e-6, max_radius=1e-1), lambda r: r < 1e-5)
    reach(sts.radii(min_radius=1e-6, max_radius=1e-1), lambda r: r > 1e-2)
    reach(sts.radii(min_radius=1e-6, max_radius=1e-1), lambda r: 1e-5 < r < 1e-3)  # log-uniform middle
    reach(sts.directions(4), lambda d: int((d != 0).sum()) == 4 and bool((d < 0).any()))
    reach(sts.directions(4), lambda d: int((d != 0).sum()) == 1 and float(d.sum()) == -1.0)


def test_points_directions_radii_perturbations_shrink():
    assert simplest(sts.points(3)).tolist() == [0.0, 0.0, 0.0]
    assert simplest(sts.directions(3)).tolist() == [1.0, 0.0, 0.0]
    assert simplest(sts.radii(min_radius=1e-5, max_radius=1e-2)) == 1e-5
    p = simplest(sts.perturbations(2, min_radius=1e-3))
    assert p.direction.tolist() == [1.0, 0.0] and p.radius == 1e-3


def test_points_directions_radii_reject_bad_arguments():
    assert_invalid(lambda: sts.points(0), "n_params")
    assert_invalid(lambda: sts.points(3, max_magnitude=0.0), "max_magnitude")
    assert_invalid(lambda: sts.directions(2.5), "n_params")
    assert_invalid(lambda: sts.radii(min_radius=0.0), "min_radius")
    assert_invalid(lambda: sts.radii(min_radius=1.0, max_radius=0.1), "min_radius <= max_radius")
    assert_invalid(lambda: sts.perturbations(3, max_radius=math.inf), "max_radius")
