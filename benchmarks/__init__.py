"""liquidator's benchmarks (docs/product.md and the performance notes in this folder): each figure beside its floor, measured in one run.

Run ``python -m benchmarks --help`` from the repository root; see benchmarks/README.md.
Not part of the test suite.
"""
