"""Pages drawn with PIL: black text and rules on a white greyscale image at a given dpi."""

from __future__ import annotations

from PIL import Image, ImageDraw

from synth.fonts import font
from synth.layout import Page, Rect, Rule, Text

ANCHORS = {"left": "la", "right": "ra", "center": "ma"}


def render(page: Page, dpi: int) -> Image.Image:
    scale = dpi / 25.4
    size = (round(page.width * scale), round(page.height * scale))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for shape in page.shapes:
        match shape:
            case Text():
                _text(draw, shape, scale, dpi)
            case Rule():
                draw.line([(shape.x0 * scale, shape.y0 * scale),
                           (shape.x1 * scale, shape.y1 * scale)],
                          fill=0, width=max(1, round(shape.width * scale)))
            case Rect():
                draw.rectangle([shape.x0 * scale, shape.y0 * scale,
                                shape.x1 * scale, shape.y1 * scale],
                               outline=0, width=max(1, round(shape.width * scale)))
    return image


def _text(draw: ImageDraw.ImageDraw, shape: Text, scale: float, dpi: int) -> None:
    px = max(6, round(shape.size * dpi / 72))
    stroke = max(1, px // 48) if shape.bold else 0
    draw.text((shape.x * scale, shape.y * scale), shape.text, font=font(shape.face, px),
              fill=0, anchor=ANCHORS[shape.align], stroke_width=stroke, stroke_fill=0)
