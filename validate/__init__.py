"""Fields -> findings: a registry of rules (arithmetic, インボイス制度, dates,
duplicates, scan quality, confidence) and the invoice class."""
