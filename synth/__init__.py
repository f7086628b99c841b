"""Synthetic scans of Japanese and English invoices, receipts and contracts, with truth
in the benchmark's format (truth.jsonl). Deterministic from a seed."""

from synth.generate import KINDS, generate_set

__all__ = ["KINDS", "generate_set"]
