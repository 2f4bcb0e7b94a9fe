"""Engine helpers of li2022benefit's lemma claims: exact zero decisions and their evidence."""

import pytest
import sympy

from landscape._activation_symbolic import T
from landscape._activation_symbolic import zero_decision as shared_zero_decision
from landscape.constructions.li2022benefit_lemmas import zero_decision


def test_rational_zero_decisions_are_exact():
    assert zero_decision(sympy.Rational(1, 3) - sympy.Rational(2, 6)) == (True, True)
    assert zero_decision(sympy.Rational(1, 3)) == (False, True)


def test_undecided_zero_falls_back_to_60_digits_and_says_it_is_not_exact():
    # sympy leaves log 6 - log 2 - log 3 undecided after expansion; the 60-digit value is ~0,
    # which is evidence, not proof, so the decision is flagged as not exact.
    assert sympy.expand(sympy.log(6) - sympy.log(2) - sympy.log(3)).is_zero is None
    assert zero_decision(sympy.log(6) - sympy.log(2) - sympy.log(3)) == (True, False)
    # Ramanujan's near-integer exp(pi sqrt 163) differs from 640320^3 + 744 by ~7.5e-13: not zero.
    assert zero_decision(sympy.exp(sympy.pi * sympy.sqrt(163)) - 640320**3 - 744)[0] is False


def test_shared_zero_decision_uses_simplify_when_asked():
    shared = shared_zero_decision
    e = sympy.log(6) - sympy.log(2) - sympy.log(3)
    assert shared(e, simplify=False) == (True, False)  # the lemmas' setting: numeric verdict, flagged
    assert shared(e) == (True, True)  # simplify combines the logs: decided exactly
    assert shared(sympy.nan) == (False, True)


def test_shared_zero_decision_refuses_expressions_in_t():
    with pytest.raises(ValueError, match="e: expected a constant"):
        shared_zero_decision(T + 1)
