"""The benchmark harness: every path of the product against its raw primitive, in one run.

`make bench` (or `python -m evals.bench [--only PART,...]`) measures each row with rounds of
the product and of the primitive interleaved, prints the ratios and writes
`evals/reports/bench.{json,md}` with the machine's load. Parts: see `evals.bench.run.parts`.
"""
