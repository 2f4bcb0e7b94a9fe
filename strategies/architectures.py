"""Fully connected architectures by width regime (li2022benefit Assumption 1 A3, Assumption 3).

Notation:

==================  ==============================  ============================================
paper               code                            meaning
==================  ==============================  ============================================
d_0, ..., d_{H+1}   ``Architecture.widths``         input, hidden and output widths
H                   ``Architecture.depth``          number of hidden layers
d_H >= N            ``regime="wide"``               A3: the last hidden layer is wide
m < N               ``regime="narrow"``             every hidden layer narrower than N (Section 3.2
                                                    uses one hidden layer; deep narrow nets too)
h_0                 ``Architecture.pyramid_index``  Assumption 3 B1: d_{h_0} >= N and
                                                    d_{h_0} >= d_{h_0+1} >= ... >= d_{H+1}
==================  ==============================  ============================================

Sizes are small by default (the suite runs on two cores); raise ``max_width``/``max_depth``
for bigger draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._validation import check_bool_or_none, check_choice, check_integer, check_interval

__all__ = ["REGIMES", "Architecture", "architectures", "widths"]

REGIMES = ("narrow", "wide", "pyramid", "any")


@dataclass(frozen=True)
class Architecture:
    """Widths ``(d_0, d_1, ..., d_H, d_out)`` and whether layers have biases."""

    widths: tuple[int, ...]
    bias: bool = False

    @property
    def depth(self) -> int:
        """H, the number of hidden layers."""
        return len(self.widths) - 2

    @property
    def hidden_widths(self) -> tuple[int, ...]:
        return self.widths[1:-1]

    @property
    def d_in(self) -> int:
        return self.widths[0]

    @property
    def d_out(self) -> int:
        return self.widths[-1]

    def is_narrow(self, n_samples: int) -> bool:
        """Every hidden width < N."""
        return all(w < n_samples for w in self.hidden_widths)

    def is_wide(self, n_samples: int) -> bool:
        """li2022benefit A3: d_H >= N."""
        return self.widths[-2] >= n_samples

    def pyramid_index(self, n_samples: int) -> int | None:
        """The smallest h_0 in 1..H meeting Assumption 3 B1 (d_{h_0} >= N, non-increasing after), else None."""
        w = self.widths
        for h0 in range(1, self.depth + 1):
            if w[h0] >= n_samples and all(a >= b for a, b in zip(w[h0:], w[h0 + 1:])):
                return h0
        return None

    def network(self, activations, *, output_activation=None):
        """:class:`landscape.nets.Network` with these widths (one activation or one per hidden layer)."""
        from landscape.nets import Network

        return Network(self.widths, activations, bias=self.bias, output_activation=output_activation)


def _check_depth_width(min_depth, max_depth, min_width, max_width):
    min_depth = check_integer("min_depth", min_depth, min_value=1)
    max_depth = check_integer("max_depth", max_depth, min_value=1)
    check_interval("min_depth", min_depth, "max_depth", max_depth)
    min_width = check_integer("min_width", min_width, min_value=1)
    max_width = check_integer("max_width", max_width, min_value=1)
    check_interval("min_width", min_width, "max_width", max_width)
    return min_depth, max_depth, min_width, max_width


def widths(
    *, min_depth: int = 1, max_depth: int = 3, min_width: int = 1, max_width: int = 6
) -> st.SearchStrategy[tuple[int, ...]]:
    """Hidden widths ``(d_1, ..., d_H)`` with H in [min_depth, max_depth], each in [min_width, max_width].

    Shrinks to ``(min_width,) * min_depth``.
    """
    min_depth, max_depth, min_width, max_width = _check_depth_width(min_depth, max_depth, min_width, max_width)
    return st.lists(st.integers(min_width, max_width), min_size=min_depth, max_size=max_depth).map(tuple)


def _non_increasing(draw, count: int, low: int, high: int) -> list[int]:
    """``count`` widths high >= w_1 >= ... >= w_count >= low, built top-down; shrinks to all ``low``."""
    out, prev = [], high
    for _ in range(count):
        prev = draw(st.integers(low, prev))
        out.append(prev)
    return out


def architectures(
    *,
    regime: str = "any",
    n_samples: int | None = None,
    min_depth: int = 1,
    max_depth: int = 2,
    min_width: int = 1,
    max_width: int | None = None,
    d_in: int = 1,
    d_out: int = 1,
    bias: bool | None = None,
) -> st.SearchStrategy[Architecture]:
    """:class:`Architecture` drawn in a width regime relative to ``n_samples`` (N).

    - ``"narrow"``: every hidden width < N (needs N >= 2 and min_width < N). Shrinks to
      ``(d_in, min_width, d_out)``.
    - ``"wide"``: d_H >= N (A3); earlier layers any width in range. Shrinks to
      ``(d_in, max(N, min_width), d_out)``.
    - ``"pyramid"``: Assumption 3 B1: a drawn h_0 with d_{h_0} >= max(N, d_out) and
      d_{h_0} >= d_{h_0+1} >= ... >= d_H >= d_out; layers before h_0 any width. Shrinks to
      ``(d_in, max(N, d_out, min_width), d_out)`` (h_0 = H = 1).
    - ``"any"``: every hidden width in [min_width, max_width]; ``n_samples`` optional.
      Shrinks to ``(d_in, min_width, d_out)``.

    ``max_width`` defaults to ``N + 2`` (6 without N); the depth is in [min_depth,
    max_depth]. ``bias=None`` draws it (shrinking to False). Assumption 3 B2 (sigma_h
    monotone for h > h_0) concerns the activations: draw them with
    ``activations(requires=("monotone",))``.
    """
    check_choice("regime", regime, REGIMES)
    if n_samples is not None:
        n_samples = check_integer("n_samples", n_samples, min_value=1)
    elif regime != "any":
        raise InvalidArgument(f"n_samples: regime={regime!r} is defined relative to N; pass n_samples")
    if max_width is None:
        max_width = max(n_samples + 2, min_width) if n_samples is not None else max(6, min_width)
    min_depth, max_depth, min_width, max_width = _check_depth_width(min_depth, max_depth, min_width, max_width)
    d_in = check_integer("d_in", d_in, min_value=1)
    d_out = check_integer("d_out", d_out, min_value=1)
    bias = check_bool_or_none("bias", bias)
    if regime == "narrow" and min_width >= n_samples:
        raise InvalidArgument(
            f"min_width: narrow networks need hidden widths < n_samples={n_samples}, got min_width={min_width}"
        )
    if regime == "wide" and max_width < n_samples:
        raise InvalidArgument(f"max_width: wide networks need d_H >= n_samples={n_samples}, got max_width={max_width}")
    if regime == "pyramid" and max_width < max(n_samples, d_out, min_width):
        raise InvalidArgument(
            f"max_width: pyramid networks need d_(h0) >= max(n_samples, d_out) = {max(n_samples, d_out)}, "
            f"got max_width={max_width}"
        )

    @st.composite
    def build(draw) -> Architecture:
        depth = draw(st.integers(min_depth, max_depth))
        free = st.integers(min_width, max_width)
        if regime == "narrow":
            hidden = [draw(st.integers(min_width, min(max_width, n_samples - 1))) for _ in range(depth)]
        elif regime == "wide":
            hidden = [draw(free) for _ in range(depth - 1)]
            hidden.append(draw(st.integers(max(n_samples, min_width), max_width)))
        elif regime == "pyramid":
            # h_0 = depth first: the shrink target is the plain wide one-hidden-layer net.
            h0 = depth - draw(st.integers(0, depth - 1))
            top = draw(st.integers(max(n_samples, d_out, min_width), max_width))
            before = [draw(free) for _ in range(h0 - 1)]
            after = _non_increasing(draw, depth - h0, max(d_out, min_width), top)
            hidden = before + [top] + after
        else:
            hidden = [draw(free) for _ in range(depth)]
        has_bias = draw(st.booleans()) if bias is None else bias
        return Architecture((d_in, *hidden, d_out), has_bias)

    return build()
