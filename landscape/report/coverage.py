"""What a claim's check covers, read from the claim test's docstring.

Claim docstrings follow one layout (see ``claims/``): the statement as printed (title line,
hypotheses H1..Hn, conclusion), then paragraphs that open with a label at the start of a
line::

    Checked: ...               (also "Checked (exact): ...", "Instance checked (...): ...")
    Not checked: ...
    Negative control(s): ...
    Refuted (...): ... / Contradicted (...): ...   (printed statements the suite refutes)

:func:`coverage_sections` splits a docstring at those labels so the report can show, beside
each claim, what the check covers and what it leaves out. A label counts only at the start
of a line; everything before the first label is the statement. A label seen twice (two
"Checked" paragraphs) has its paragraphs joined.
"""

from __future__ import annotations

import re

# Canonical section -> regex for the label at the start of a line. The optional
# parenthesised qualifier ("Checked (sampled):") is part of the label and kept in the text.
_LABELS: dict[str, str] = {
    "checked": r"(?:Instance checked|Checked)(?:\s*\([^)\n]*\))?",
    "not_checked": r"Not checked(?:\s*\([^)\n]*\))?",
    "negative_controls": r"Negative controls?(?:\s*\([^)\n]*\))?",
    "refuted": r"(?:Refuted|Contradicted)(?:\s*\([^)\n]*\))?",
}
SECTIONS: tuple[str, ...] = ("statement", *_LABELS)
_HEAD = re.compile("(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\s*:", re.MULTILINE)


def _squash(text: str) -> str:
    """Paragraph text with the docstring's hard line wraps undone (blank lines kept)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs if p.strip())


def coverage_sections(doc: str) -> dict[str, str]:
    """Split a claim docstring into ``statement``, ``checked``, ``not_checked``,
    ``negative_controls`` and ``refuted`` (only the sections present; ``statement`` always).

    Labels are recognised only at the start of a line (after ``inspect.getdoc``'s dedent);
    the label's qualifier, e.g. "(sampled)" in "Checked (sampled):", stays at the front of
    its section's text.
    """
    if not isinstance(doc, str):
        raise TypeError(f"doc: expected a docstring (str), got {type(doc).__name__}")
    matches = [m for m in _HEAD.finditer(doc) if m.start() == 0 or doc[m.start() - 1] == "\n"]
    out: dict[str, list[str]] = {"statement": [doc[: matches[0].start()] if matches else doc]}
    for m, nxt in zip(matches, [*matches[1:], None]):
        key = m.lastgroup
        label = m.group(key)
        qualifier = label[label.index("("):] + " " if "(" in label else ""
        body = doc[m.end(): nxt.start() if nxt else len(doc)]
        out.setdefault(key, []).append(qualifier + body.strip())
    return {k: _squash("\n\n".join(v)) for k, v in out.items() if k == "statement" or any(s.strip() for s in v)}
