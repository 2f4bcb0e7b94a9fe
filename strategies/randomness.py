"""Seeds and seeded ``torch.Generator`` objects, and the exact-printing tensor builder.

Determinism (project standard): every random number a test uses comes from a Hypothesis
draw, either directly or through a generator seeded by a drawn seed, so a falsifying
example replays exactly.
"""

from __future__ import annotations

from typing import Sequence

import torch
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._validation import check_integer, check_interval

__all__ = ["float64_tensor", "generators", "seeded_generator", "seeds"]

_MAX_SEED = 2**63 - 1  # torch.Generator.manual_seed accepts any non-negative int64


def float64_tensor(values: Sequence) -> torch.Tensor:
    """A float64 CPU tensor from (nested) lists of Python floats.

    Strategies return their tensors through ``st.builds(float64_tensor, ...)``, so Hypothesis
    prints a falsifying example as ``float64_tensor([...])`` with every float in full
    (``repr``) precision: the printed call rebuilds the exact tensor, which torch's own
    4-digit tensor repr would not.
    """
    return torch.tensor(values, dtype=torch.float64)


def seeded_generator(seed: int) -> torch.Generator:
    """``torch.Generator`` (CPU) seeded with ``seed``; the printed form of a drawn generator."""
    return torch.Generator().manual_seed(int(seed))


def seeds(*, min_value: int = 0, max_value: int = 2**32 - 1) -> st.SearchStrategy[int]:
    """Seeds for ``torch.Generator.manual_seed`` / ``numpy.random.default_rng``.

    Shrinks to ``min_value`` (0 by default).
    """
    min_value = check_integer("min_value", min_value, min_value=0)
    max_value = check_integer("max_value", max_value, min_value=0)
    if max_value > _MAX_SEED:
        raise InvalidArgument(f"max_value: must be <= 2**63 - 1 (torch seeds are int64), got {max_value}")
    check_interval("min_value", min_value, "max_value", max_value)
    return st.integers(min_value, max_value)


def generators(*, min_seed: int = 0, max_seed: int = 2**32 - 1) -> st.SearchStrategy[torch.Generator]:
    """CPU ``torch.Generator`` objects seeded from a seed drawn by ``seeds(min_value=min_seed, max_value=max_seed)``.

    Printed in falsifying examples as ``seeded_generator(SEED)``. Shrinks to the generator
    seeded with ``min_seed`` (0 by default).
    """
    try:
        seed_strategy = seeds(min_value=min_seed, max_value=max_seed)
    except InvalidArgument as err:
        raise InvalidArgument(str(err).replace("min_value", "min_seed").replace("max_value", "max_seed")) from None
    return st.builds(seeded_generator, seed_strategy)
