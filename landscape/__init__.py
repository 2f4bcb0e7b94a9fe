"""landscape: the engine of landscape-claims.

Fully connected networks on flat float64 parameter vectors, activations with
declared and tested properties, losses, and certificates that say what a point of
a loss landscape is (critical point, strict or non-strict local minimum, saddle,
sub-optimal) with an explicit evidence level.

The engine imports neither pytest nor hypothesis (``pytest_plugin`` excepted) and
never changes torch's global default dtype: every tensor it makes is float64 by
explicit ``dtype=``.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
