"""Importing this module registers the built-in rules."""

from validate import arithmetic, dates, duplicates, invoice, quality  # noqa: F401
