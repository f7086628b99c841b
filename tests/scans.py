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
