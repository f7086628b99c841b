"""The spelling check of Latin company names: long trade words one letter off (or with
"rn" read as "m") are spelt as the lexicon spells them; names, short words, real words
and singulars or plurals stay as printed."""

from __future__ import annotations

import pytest

from extract.spelling import spell_trade_words


@pytest.mark.parametrize(("read", "want"), [
    ("UNIHAKKA INTERNATIGNAL", "UNIHAKKA INTERNATIONAL"),
    ("ENW Hardwar Centre", "ENW Hardware Centre"),  # a letter lost
    ("Intemational", "International"),  # rn read as m
    ("SYARlKAT", "SYARIKAT"),  # OCR's l for I in a capitalised word
    ("hardwake supplies", "hardware supplies"),
])
def test_misread_trade_words_are_spelt(read: str, want: str) -> None:
    assert spell_trade_words(read) == want


@pytest.mark.parametrize("text", [
    "SANYO STATIONERY SHOP",  # a name one letter off another name is no misreading
    "PRODUCT SERVICE HOLDING",  # singulars are no misread plurals
    "Stationary",  # a real word
    "KEDAI RUNClT",  # too short to tell
    "Hardwa, 2 Centre",  # two letters off
    "Zhenghe Perniagaan",
    "STATIONERV",  # one letter off two words (STATIONERY, STATIONERS): which one?
])
def test_names_and_real_words_stay(text: str) -> None:
    assert spell_trade_words(text) == text
