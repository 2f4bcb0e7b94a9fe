"""Speed and memory measurements of the engine (never asserted in tests).

``python -m benchmarks --out reports/benchmarks.json`` runs every case in its own
subprocess (so peak memory is per case) and writes the JSON the HTML report reads.
"""
