"""Scans in: type sniffing, the file store, pages, the per-document pipeline."""
