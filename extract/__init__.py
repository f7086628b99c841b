"""OCR words -> typed fields: document-type scoring, extractors, normalisers."""
