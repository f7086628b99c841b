"""Approved documents -> files the accounting software imports: yomitori's own CSV and
journal CSV, 弥生会計, マネーフォワード クラウド会計 and freee会計. Formats register in
export.registry; export.batches records who exported what and keeps the file."""
