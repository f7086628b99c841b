"""The page's text in reading order (ocr.reading): lines as Tesseract returns them,
block by block, read back top to bottom; tables row by row, blocks side by side one
after the other. Boxes and the engine's lines are left as they were."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.types import OcrPage, Word, join_line

H = 30  # line height in px


def width(token: str, height: int = H) -> int:
    """A Japanese character is as wide as the line is high; a Latin one about half."""
    return sum(height if ord(ch) > 0x2E80 else height * 11 // 20 for ch in token)


def line(text: str, x: int, y: int, n: int, height: int = H) -> list[Word]:
    """One engine line of words (split at spaces) starting at (x, y)."""
    words = []
    for token in text.split(" "):
        w = width(token, height)
        words.append(Word(token, (x, y, x + w, y + height), 0.9, n))
        x += w + height // 2
    return words


def page(*lines: list[Word]) -> OcrPage:
    return OcrPage(1, 2000, 2000, 300, tuple(w for ln in lines for w in ln))


def test_a_table_read_column_by_column_comes_back_row_by_row() -> None:
    # Tesseract made each column a block: all names, then all quantities, then amounts.
    names = [line(t, 100, 300 + 50 * i, i) for i, t in enumerate(["品名", "コピー用紙", "封筒"])]
    qty = [line(t, 900, 300 + 50 * i, 3 + i) for i, t in enumerate(["数量", "5", "2"])]
    amounts = [line(t, 1400, 300 + 50 * i, 6 + i)
               for i, t in enumerate(["金額", "4,000", "600"])]
    text = page(*names, *qty, *amounts).text
    assert text.splitlines() == ["品名 数量 金額", "コピー用紙 5 4,000", "封筒 2 600"]


def test_a_title_read_last_comes_first_and_a_value_joins_its_label() -> None:
    body = line("合計", 1000, 600, 0)
    title = line("請求書", 800, 100, 1, height=60)
    value = line("¥17,600", 1500, 600, 2)
    assert page(body, title, value).text.splitlines() == ["請求書", "合計 ¥17,600"]


def test_two_address_blocks_side_by_side_are_read_one_after_the_other() -> None:
    # The customer's block (left) and the issuer's (right) have their own spacing;
    # Tesseract ran lines across both where they happened to stand side by side.
    customer = ["株式会社若葉製作所 御中", "下記のとおりご請求申し上げます。",
                "ご請求金額 ¥421,767-"]
    issuer = ["双葉企画有限会社", "〒460-0043", "愛知県名古屋市中区栄2-12-17", "さくらセンター7F",
              "TEL 052-9750-7925", "登録番号：T6010401821409"]
    left = {300 + 90 * i: t for i, t in enumerate(customer)}
    right = {300 + 45 * i: t for i, t in enumerate(issuer)}
    lines = [(line(left[y], 100, y, n) if y in left else [])
             + (line(right[y], 1300, y, n) if y in right else [])
             for n, y in enumerate(sorted(set(left) | set(right)))]
    as_read = [join_line(line(t, 0, 0, 0)) for t in [*customer, *issuer]]
    assert as_read[0] == "株式会社若葉製作所御中"  # the engine's word break dropped
    assert page(*lines).text.splitlines() == as_read


RECEIPT = ["AA Batteries 4pk", "2 @ $10.55|$21.10", "Sandwich Turkey", "2 @ $6.85|$13.70",
           "Coffee Large", "2 @ $5.10|$10.20", "Orange Juice", "3 @ $5.85|$17.55"]
# Amounts as wide as a line of text: only their being numbers tells them apart.
LARGE = ["サーバー保守 年間", "2 @ ¥617,283|¥1,234,566", "ライセンス 一式",
         "1 @ ¥2,469,135|¥2,469,135",
         "導入作業費", "3 @ ¥411,522|¥1,234,566"]


@pytest.mark.parametrize("rows", [RECEIPT, LARGE], ids=["receipt", "large amounts"])
def test_items_with_amounts_under_each_stay_row_by_row(rows: list[str]) -> None:
    """Regression: item names (left) and `qty @ price   amount` lines with the amounts
    in a column on the right were taken for two blocks and read column after column."""
    lines = []
    for i, row in enumerate(rows):
        left, _, right = row.partition("|")
        words = line(left, 60, 300 + 45 * i, i)
        if right:
            words += line(right, 600, 300 + 45 * i, i)
        lines.append(words)
    p = page(*lines)
    assert p.text.splitlines() == [ln.text for ln in p.lines]  # as the engine read it
    assert p.text.splitlines()[1].endswith(rows[1].split("|")[1])


def test_prose_keeps_the_engines_order() -> None:
    paras = [line(t, 100, 200 + 50 * i, i) for i, t in enumerate(
        ["第1条 (目的) 本契約は、甲が乙に委託する業務の内容を定める。",
         "第2条 (業務内容) 乙は、本業務を誠実に遂行する。", "第3条 (契約期間) 一年間とする。"])]
    p = page(*paras)
    assert p.text.splitlines() == [ln.text for ln in p.lines]


def test_vertical_writing_keeps_the_engines_order() -> None:
    # jpn_vert lines run down the page, the first one on the right.
    texts = ["業務委託契約書", "株式会社山田商事を甲とし", "次のとおり契約する"]
    columns = [[Word(t, (1500 - 80 * i, 100, 1540 - 80 * i, 100 + 45 * len(t)), 0.9, i)]
               for i, t in enumerate(texts)]
    assert page(*columns).text.splitlines() == texts


def test_words_boxes_and_lines_are_untouched() -> None:
    body, title = line("合計 ¥17,600", 1000, 600, 0), line("請求書", 800, 100, 1)
    p = page(body, title)
    assert p.words == tuple(body + title)
    assert [ln.text for ln in p.lines] == ["合計¥17,600", "請求書"]
    assert p.text.splitlines() == ["請求書", "合計¥17,600"]


@pytest.mark.parametrize("seed", range(20))
def test_every_word_is_read_once_whatever_the_layout(seed: int) -> None:
    rng = np.random.default_rng(seed)
    words = []
    for n in range(int(rng.integers(1, 40))):
        x, y = int(rng.integers(0, 1800)), int(rng.integers(0, 1900))
        for k in range(int(rng.integers(1, 5))):
            w, h = int(rng.integers(5, 300)), int(rng.integers(5, 80))
            words.append(Word(f"w{n}.{k}", (x, y, x + w, y + h), 0.9, n))
            x += w + int(rng.integers(0, 400))
    p = OcrPage(1, 2000, 2000, 300, tuple(words))
    read = [w for row in p.rows for w in row.words]
    assert sorted(read, key=lambda w: w.text) == sorted(words, key=lambda w: w.text)
