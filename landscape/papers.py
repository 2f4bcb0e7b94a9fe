"""The five papers of the atlas, and claim ids.

A claim id is ``<paperkey>/<kind>-<number>``: ``paperkey`` one of :data:`PAPERS`,
``kind`` one of :data:`CLAIM_KINDS` and ``number`` the numbering printed in that
paper's version (``6``, ``3.8``, ``5.4``; digits separated by single dots, optionally
followed by one lower-case letter as in ``2a``). Ids are validated by format only: the
product keeps its own registry of papers and never reads the catalog at run time.

========================  ==============================================================
paper's notion            code
========================  ==============================================================
"Theorem 6"               ``ClaimId(paper="li2022benefit", kind="thm", number="6")``
"Definition 1"            kind ``def``; "Assumption" ``asm``; "Lemma" ``lem``;
                          "Proposition" ``prop``; "Corollary" ``cor``; an unnumbered
                          claim in the text ``claim``; "Example" ``ex``; "Figure" ``fig``;
                          "Table" ``tab``; "Experiment"/section of experiments ``exp``;
                          "Conjecture" ``conj``; "Remark" ``rmk``
========================  ==============================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Paper", "PAPERS", "CLAIM_KINDS", "KIND_NAMES", "ClaimId", "parse_claim_id", "paper"]


@dataclass(frozen=True)
class Paper:
    """One paper: ``key`` as used in claim ids, and how to cite it."""

    key: str
    authors: str
    year: int
    title: str
    venue: str
    seed_file: str  # the text version the claims are numbered against (in the project's papers/)

    @property
    def citation(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.venue}."

    @property
    def short(self) -> str:
        names = [n.split()[-1] for n in self.authors.replace(" and ", ", ").split(", ")]
        if len(names) == 1:
            return f"{names[0]} {self.year}"
        if len(names) == 2:
            return f"{names[0]} & {names[1]} {self.year}"
        return f"{names[0]} et al. {self.year}"


PAPERS: dict[str, Paper] = {
    p.key: p
    for p in (
        Paper(
            key="li2022benefit",
            authors="Dawei Li, Tian Ding and Ruoyu Sun",
            year=2022,
            title="On the Benefit of Width for Neural Networks: Disappearance of Basins",
            venue="SIAM Journal on Optimization 32(3)",
            seed_file="LDS22-benefit-of-width-disappearance-of-basins.txt",
        ),
        Paper(
            key="li2018overparameterized",
            authors="Dawei Li, Tian Ding and Ruoyu Sun",
            year=2018,
            title="Over-Parameterized Deep Neural Networks Have No Strict Local Minima For Any Continuous Activations",
            venue="arXiv:1812.11039",
            seed_file="LDS18-no-strict-local-minima-any-activation.txt",
        ),
        Paper(
            key="ding2019suboptimal",
            authors="Tian Ding, Dawei Li and Ruoyu Sun",
            year=2019,
            # Title of the version the claims are numbered against (Nov 4, 2019); a later
            # version is titled "Sub-optimal local minima exist for neural networks with
            # almost all non-linear activations".
            title="Sub-Optimal Local Minima Exist for Almost All Over-parameterized Neural Networks",
            venue="arXiv:1911.01413",
            seed_file="DLS19-suboptimal-local-minima-exist.txt",
        ),
        Paper(
            key="petzka2021nonattracting",
            authors="Henning Petzka and Cristian Sminchisescu",
            year=2021,
            title="Non-attracting Regions of Local Minima in Deep and Wide Neural Networks",
            venue="Journal of Machine Learning Research 22",
            seed_file="PS21-non-attracting-regions-of-local-minima.txt",
        ),
        Paper(
            key="nguyen2017loss",
            authors="Quynh Nguyen and Matthias Hein",
            year=2017,
            title="The Loss Surface of Deep and Wide Neural Networks",
            venue="Proceedings of the 34th International Conference on Machine Learning (ICML)",
            seed_file="NH17-loss-surface-deep-wide.txt",
        ),
    )
}

CLAIM_KINDS = ("def", "asm", "thm", "lem", "prop", "cor", "claim", "ex", "fig", "tab", "exp", "conj", "rmk")

KIND_NAMES = {
    "def": "Definition", "asm": "Assumption", "thm": "Theorem", "lem": "Lemma",
    "prop": "Proposition", "cor": "Corollary", "claim": "Claim", "ex": "Example",
    "fig": "Figure", "tab": "Table", "exp": "Experiment", "conj": "Conjecture", "rmk": "Remark",
}

# The papers' numbering ("6", "3.8", "A.1"), the catalog's letters for unnumbered items
# ("A", "B", ...) and a lower-case suffix for a corrected claim ("7a").
_NUMBER = re.compile(r"([0-9]+|[A-Z])(\.[0-9]+)*[a-z]?")


@dataclass(frozen=True, order=True)
class ClaimId:
    """A parsed claim id; ``str()`` gives the canonical ``paper/kind-number`` form."""

    paper: str
    kind: str
    number: str

    def __str__(self) -> str:
        return f"{self.paper}/{self.kind}-{self.number}"

    @property
    def label(self) -> str:
        """How the paper prints it, e.g. ``Theorem 6``."""
        return f"{KIND_NAMES[self.kind]} {self.number}"

    @property
    def sort_key(self) -> tuple:
        nums = tuple(int(p) if p.isdigit() else 0 for p in re.findall(r"[0-9]+", self.number))
        return (list(PAPERS).index(self.paper), CLAIM_KINDS.index(self.kind), nums, self.number)


def paper(key: str) -> Paper:
    """The :class:`Paper` for ``key``; ``ValueError`` naming the known keys otherwise."""
    try:
        return PAPERS[key]
    except (KeyError, TypeError):
        raise ValueError(f"paper: unknown paper key {key!r}; known keys: {', '.join(PAPERS)}") from None


def parse_claim_id(claim_id: str) -> ClaimId:
    """Parse ``<paperkey>/<kind>-<number>``; ``ValueError`` saying which part is wrong."""
    if not isinstance(claim_id, str):
        raise ValueError(f"claim id: expected a string '<paperkey>/<kind>-<number>', got {type(claim_id).__name__}")
    if claim_id.count("/") != 1:
        raise ValueError(f"claim id {claim_id!r}: expected '<paperkey>/<kind>-<number>' with exactly one '/'")
    key, rest = claim_id.split("/")
    if key not in PAPERS:
        raise ValueError(f"claim id {claim_id!r}: unknown paper {key!r}; known papers: {', '.join(PAPERS)}")
    kind, sep, number = rest.partition("-")
    if not sep:
        raise ValueError(f"claim id {claim_id!r}: expected '<kind>-<number>' after the '/'")
    if kind not in CLAIM_KINDS:
        raise ValueError(f"claim id {claim_id!r}: bad kind {kind!r}; expected one of {', '.join(CLAIM_KINDS)}")
    if not _NUMBER.fullmatch(number):
        raise ValueError(
            f"claim id {claim_id!r}: bad number {number!r}; expected the paper's numbering, "
            "digits separated by dots with an optional lower-case letter (6, 3.8, 2a)"
        )
    return ClaimId(key, kind, number)
