"""Small real scans made in the tests: text drawn with a Japanese font, read by real
Tesseract."""

from __future__ import annotations

import glob
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


def font(size: int) -> ImageFont.FreeTypeFont:
    found = sorted(glob.glob("/usr/share/fonts/**/ipag*.ttf", recursive=True))
    if not found:
        raise RuntimeError("the IPA Gothic font is not installed; run scripts/test.sh")
    return ImageFont.truetype(found[0], size)


def receipt(path: Path, total: int, vendor: str = "さくら商店", pages: int = 1) -> Path:
    """A receipt scan at 200 dpi; more pages make the OCR take longer."""
    lines = [vendor, "領収書", "2026年3月15日", "コーヒー豆 1,200", "紙袋 20",
             f"合計 ¥{total:,}", "登録番号 T7010705000725"]
    images = []
    for _ in range(pages):
        im = Image.new("L", (760, 720), 255)
        draw = ImageDraw.Draw(im)
        for i, text in enumerate(lines):
            draw.text((60, 60 + i * 80), text, fill=0, font=font(40))
        images.append(im)
    images[0].save(path, save_all=len(images) > 1, append_images=images[1:], dpi=(200, 200))
    return path


def deduction_invoice(path: Path, vendor: str, registration: str, subtotal: int,
                      advance: int) -> Path:
    """An invoice that deducts an advance (前受金) from subtotal + tax: the amount due,
    under the vendor's own label 差引ご請求額, is less than the subtotal, which the
    generic cross-checks take for a misread (they pick subtotal + tax)."""
    tax = subtotal // 10
    rows = [("作業費", f"{subtotal:,}"), ("小計", f"{subtotal:,}"),
            ("消費税（10%）", f"{tax:,}"), ("前受金", f"-{advance:,}"),
            ("差引ご請求額", f"¥{subtotal + tax - advance:,}")]
    im = Image.new("L", (1240, 1100), 255)
    draw = ImageDraw.Draw(im)
    draw.text((80, 60), vendor, fill=0, font=font(48))
    draw.text((80, 150), f"登録番号：{registration}", fill=0, font=font(40))
    draw.text((560, 220), "請求書", fill=0, font=font(44))
    draw.text((80, 310), "請求日 2026年3月15日", fill=0, font=font(32))
    draw.text((80, 370), "ABC商事株式会社 御中", fill=0, font=font(32))
    for i, (label, amount) in enumerate(rows):
        draw.text((120, 460 + 60 * i), label, fill=0, font=font(32))
        draw.text((760, 460 + 60 * i), amount, fill=0, font=font(32))
    im.save(path, dpi=(200, 200))
    return path
