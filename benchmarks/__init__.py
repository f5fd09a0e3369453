"""Reproducible benchmarks of langmem-local (run each with ``python -m benchmarks.<name>``).

* :mod:`benchmarks.locomo` - LoCoMo retrieval quality, latency and context tokens
  through the real engine (raw turns or extracted facts), beside three baselines.
* :mod:`benchmarks.scale` - search latency against a NumPy brute-force scan, add
  throughput, disk and RAM per memory at 1k / 10k / 100k memories.
* :mod:`benchmarks.retrieval_lab` - retrieval experiments on LoCoMo raw turns.

Results (JSON, Markdown, PNG) are written to ``benchmarks/results/``; see
``benchmarks/README.md``.
"""
