"""Eager argument checks shared by the strategies.

Every check raises :class:`hypothesis.errors.InvalidArgument` whose message names the
argument, the requirement it violates and the value it got, so a bad ``@given(...)`` fails
at collection time with a message that says what to change.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Iterable

from hypothesis.errors import InvalidArgument

__all__ = [
    "check_choice",
    "check_finite",
    "check_integer",
    "check_interval",
    "check_positive",
    "check_bool_or_none",
]


def check_integer(name: str, value: Any, *, min_value: int | None = None) -> int:
    """``value`` as an int (bools rejected), at least ``min_value``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(f"{name}: expected an integer, got {value!r} ({type(value).__name__})")
    value = int(value)
    if min_value is not None and value < min_value:
        raise InvalidArgument(f"{name}: must be >= {min_value}, got {value}")
    return value


def check_finite(name: str, value: Any) -> float:
    """``value`` as a finite float (bools rejected)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgument(f"{name}: expected a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise InvalidArgument(f"{name}: must be finite, got {value}")
    return value


def check_positive(name: str, value: Any) -> float:
    """``value`` as a finite float > 0."""
    value = check_finite(name, value)
    if not value > 0:
        raise InvalidArgument(f"{name}: must be > 0, got {value}")
    return value


def check_interval(min_name: str, min_value: float, max_name: str, max_value: float) -> None:
    """``min_value <= max_value`` (both already checked individually)."""
    if min_value > max_value:
        raise InvalidArgument(
            f"{min_name}, {max_name}: need {min_name} <= {max_name}, got {min_name}={min_value!r} > {max_name}={max_value!r}"
        )


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """``value`` is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        raise InvalidArgument(f"{name}: expected one of {choices!r}, got {value!r}")
    return value


def check_bool_or_none(name: str, value: Any) -> bool | None:
    """``value`` is ``True``, ``False`` or ``None`` (``None`` = drawn)."""
    if value is not None and not isinstance(value, bool):
        raise InvalidArgument(f"{name}: expected True, False or None (drawn), got {value!r}")
    return value
