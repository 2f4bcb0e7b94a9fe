"""Evidence levels and certificates: ordering, assertion helpers, serialization."""

import json

import pytest

from landscape.evidence import Certificate, Evidence, evidence_log, require, require_not, weakest


def cert(holds, level="second-order", **numbers):
    return Certificate("strict local minimum", holds, level, "lambda_min > bound", numbers, 1e-12, "Weyl")


def test_levels_are_ordered_strongest_first():
    order = [Evidence.EXACT, Evidence.CERTIFIED, Evidence.SECOND_ORDER, Evidence.WITNESS, Evidence.SAMPLED]
    assert [e.strength for e in order] == sorted((e.strength for e in order), reverse=True)
    assert weakest(["exact", "sampled", "witness"]) is Evidence.SAMPLED
    assert weakest([]) is None
    assert str(Evidence.SECOND_ORDER) == "second-order"


def test_unknown_level_is_rejected_by_name():
    with pytest.raises(ValueError, match="evidence: 'proof'"):
        Evidence.parse("proof")
    with pytest.raises(ValueError, match="evidence"):
        cert(True, level="proof")


def test_require_raises_with_the_numbers_and_logs():
    evidence_log.clear()
    assert require(cert(True, lambda_min=0.5)).holds
    with pytest.raises(AssertionError, match=r"FAILS.*lambda_min=-0\.25.*tol=1e-12 \(Weyl\)"):
        require(cert(False, lambda_min=-0.25), "at the constructed point")
    assert evidence_log.levels() == [Evidence.SECOND_ORDER, Evidence.SECOND_ORDER]
    evidence_log.clear()


def test_require_not_rejects_an_accepted_negative_control():
    require_not(cert(False))
    with pytest.raises(AssertionError, match="negative control accepted"):
        require_not(cert(True))


def test_certificate_is_not_a_boolean():
    with pytest.raises(TypeError, match="require"):
        bool(cert(True))
    with pytest.raises(TypeError, match="Certificate"):
        require(True)


def test_to_dict_is_json_serializable():
    d = cert(True, lambda_min=0.5, n=3).to_dict()
    assert json.loads(json.dumps(d))["numbers"] == {"lambda_min": 0.5, "n": 3.0}
    assert d["evidence"] == "second-order"
