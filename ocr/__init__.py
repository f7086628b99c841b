"""Page image -> words with boxes: preprocessing, the OCR engines, Japanese clean-up."""
