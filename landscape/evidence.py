"""Evidence levels, certificates, and the per-test evidence log.

A :class:`Certificate` is the answer to one question about a point of a loss
landscape (is it critical? a strict local minimum? a saddle? sub-optimal?), with the
numbers behind the answer, the tolerance used and how it was derived, and the
strength of the evidence. Levels, strongest first, never inflated:

- ``exact``: exact or rational arithmetic, or an identity checked symbolically;
- ``certified``: a rigorous enclosure (interval/ball arithmetic) of every rounding;
- ``second-order``: float64 gradient and Hessian with margins derived from error bounds;
- ``witness``: an explicit point or path whose loss values settle the question with a
  margin far above rounding;
- ``sampled``: probing found nothing; evidence, not proof.

Claims assert certificates through :func:`require` (or :func:`require_not` for negative
controls); both append to the evidence log, which the pytest plugin reads to report,
per claim, the evidence actually obtained. The log is plain Python, so the engine
stays free of pytest.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = [
    "Evidence",
    "Certificate",
    "require",
    "require_not",
    "EvidenceLog",
    "evidence_log",
    "weakest",
]


class Evidence(str, enum.Enum):
    """How strong a certificate's support is. Compare with ``strength`` (higher = stronger)."""

    EXACT = "exact"
    CERTIFIED = "certified"
    SECOND_ORDER = "second-order"
    WITNESS = "witness"
    SAMPLED = "sampled"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]

    @classmethod
    def parse(cls, value: "Evidence | str") -> "Evidence":
        try:
            return cls(value)
        except ValueError:
            raise ValueError(
                f"evidence: {value!r} is not one of {[e.value for e in cls]}"
            ) from None

    def __str__(self) -> str:  # "second-order", not "Evidence.SECOND_ORDER"
        return self.value


_STRENGTH = {
    Evidence.EXACT: 5,
    Evidence.CERTIFIED: 4,
    Evidence.SECOND_ORDER: 3,
    Evidence.WITNESS: 2,
    Evidence.SAMPLED: 1,
}


def weakest(levels: Iterable[Evidence | str]) -> Evidence | None:
    """The weakest of ``levels`` (``None`` for none): a conclusion is only as strong as its weakest step."""
    levels = [Evidence.parse(e) for e in levels]
    return min(levels, key=lambda e: e.strength) if levels else None


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}" if math.isfinite(v) else str(v)
    return str(v)


@dataclass(frozen=True)
class Certificate:
    """The answer to one question about a point.

    ``holds`` is the verdict; ``evidence`` how strong it is; ``numbers`` the quantities
    behind it (gradient norm, Hessian extreme eigenvalues, margin, ...); ``tolerance``
    the threshold used and ``tolerance_derivation`` where it comes from; ``explanation``
    one line a reader can check.
    """

    question: str
    holds: bool
    evidence: Evidence
    explanation: str
    numbers: Mapping[str, Any] = field(default_factory=dict)
    tolerance: float | None = None
    tolerance_derivation: str = ""

    def __post_init__(self):
        object.__setattr__(self, "evidence", Evidence.parse(self.evidence))
        object.__setattr__(self, "holds", bool(self.holds))
        object.__setattr__(self, "numbers", dict(self.numbers))

    def __bool__(self) -> bool:
        # A certificate is not a boolean: `assert cert` would hide the evidence level and numbers.
        raise TypeError("use require(cert) or cert.holds, not bool(cert)")

    def summary(self) -> str:
        nums = ", ".join(f"{k}={_fmt(v)}" for k, v in self.numbers.items())
        tol = f"; tol={_fmt(self.tolerance)} ({self.tolerance_derivation})" if self.tolerance is not None else ""
        verdict = "holds" if self.holds else "FAILS"
        return f"[{self.evidence}] {self.question}: {verdict}. {self.explanation} ({nums}{tol})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "holds": self.holds,
            "evidence": str(self.evidence),
            "explanation": self.explanation,
            "numbers": {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                        for k, v in self.numbers.items()},
            "tolerance": self.tolerance,
            "tolerance_derivation": self.tolerance_derivation,
        }


class EvidenceLog:
    """Certificates asserted during the current test, collected by the pytest plugin."""

    def __init__(self) -> None:
        self._records: list[Certificate] = []

    def clear(self) -> None:
        self._records.clear()

    def record(self, cert: Certificate) -> None:
        self._records.append(cert)

    def records(self) -> list[Certificate]:
        return list(self._records)

    def levels(self) -> list[Evidence]:
        return [c.evidence for c in self._records]


evidence_log = EvidenceLog()


def require(cert: Certificate, context: str = "") -> Certificate:
    """Assert that ``cert`` holds; the failure message carries every number behind it."""
    if not isinstance(cert, Certificate):
        raise TypeError(f"cert: expected a Certificate, got {type(cert).__name__}")
    evidence_log.record(cert)
    if not cert.holds:
        raise AssertionError(f"{context + ': ' if context else ''}{cert.summary()}")
    return cert


def require_not(cert: Certificate, context: str = "") -> Certificate:
    """Assert that ``cert`` does *not* hold (negative controls). Not logged as evidence for the claim."""
    if not isinstance(cert, Certificate):
        raise TypeError(f"cert: expected a Certificate, got {type(cert).__name__}")
    if cert.holds:
        raise AssertionError(
            f"{context + ': ' if context else ''}negative control accepted, the check cannot discriminate: {cert.summary()}"
        )
    return cert
