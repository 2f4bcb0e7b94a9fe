"""Certificates: what can be said about a point or a path of a loss landscape.

Each function returns a :class:`landscape.evidence.Certificate` with the verdict, the
numbers behind it, the tolerance and its derivation, and the evidence level:

==========================  =============  ==============================================
function                    evidence       question
==========================  =============  ==============================================
``critical_point``          second-order   grad E(theta) = 0 within float64 rounding
``strict_local_minimum``    second-order   grad = 0 and Hess > 0 beyond rounding (SOSC)
``local_minimum_probe``     sampled        nothing lower in balls around theta
``saddle``                  witness        negative curvature and a lower point along it
``suboptimal``              witness        a given point is lower beyond rounding
``path_decreasing``         sampled        values along a path decrease (li2022benefit Def 1)
``path_certificate``        sampled        the same, evaluating E along a path
``constant_along_path``     sampled        E constant along a path (li2022benefit Thm 5)
==========================  =============  ==============================================

Objects: any ``obj`` with ``loss``, ``gradient``, ``hessian``, ``loss_batch``,
``n_params`` (``landscape.nets.Problem``, or :class:`Objective` for closed-form toys).
Tolerances come from :mod:`landscape.certificates._rounding` (float64 error bounds).
"""

from ._rounding import U, RoundingModel, gamma, rounding_model
from .objective import Objective
from .paths import constant_along_path, dyadic_grid, path_certificate, path_decreasing
from .points import critical_point, saddle, strict_local_minimum, suboptimal
from .probe import local_minimum_probe

__all__ = [
    "Objective",
    "RoundingModel",
    "U",
    "gamma",
    "rounding_model",
    "critical_point",
    "strict_local_minimum",
    "local_minimum_probe",
    "saddle",
    "suboptimal",
    "path_decreasing",
    "path_certificate",
    "constant_along_path",
    "dyadic_grid",
]
