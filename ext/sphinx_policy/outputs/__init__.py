"""The outputs: one part each, reading the records, never importing one another.

What they share lives below them, in ``sphinx_policy.publishing``.
"""
