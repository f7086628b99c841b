"""The typefaces documents are set in (IPA for Japanese, DejaVu for English), loaded
once per size, and text measured in millimetres for layout."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from synth.errors import FontMissing

IPA = Path("/usr/share/fonts/opentype")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
MEASURE_PX = 200  # measuring at a large size keeps widths exact enough for layout


class Face(StrEnum):
    GOTHIC = "gothic"  # IPA Gothic, fixed pitch: receipts
    PGOTHIC = "pgothic"  # IPA P Gothic, proportional: invoices
    MINCHO = "mincho"  # IPA Mincho: contracts
    SANS = "sans"
    SANS_BOLD = "sans_bold"
    SERIF = "serif"
    SERIF_BOLD = "serif_bold"
    MONO = "mono"


FILES: dict[Face, tuple[Path, ...]] = {
    Face.GOTHIC: (IPA / "ipafont-gothic/ipag.ttf",
                  Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf")),
    Face.PGOTHIC: (IPA / "ipafont-gothic/ipagp.ttf", IPA / "ipafont-gothic/ipag.ttf"),
    Face.MINCHO: (IPA / "ipafont-mincho/ipam.ttf",
                  Path("/usr/share/fonts/truetype/fonts-japanese-mincho.ttf")),
    Face.SANS: (DEJAVU / "DejaVuSans.ttf",),
    Face.SANS_BOLD: (DEJAVU / "DejaVuSans-Bold.ttf",),
    Face.SERIF: (DEJAVU / "DejaVuSerif.ttf",),
    Face.SERIF_BOLD: (DEJAVU / "DejaVuSerif-Bold.ttf",),
    Face.MONO: (DEJAVU / "DejaVuSansMono.ttf",),
}


def font_path(face: Face) -> Path:
    for path in FILES[face]:
        if path.is_file():
            return path
    raise FontMissing(face.value, FILES[face])


@lru_cache(maxsize=256)
def font(face: Face, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(face)), px)


def pt_to_mm(pt: float) -> float:
    return pt * 25.4 / 72


@lru_cache(maxsize=4096)
def width_mm(text: str, face: Face, pt: float) -> float:
    """The advance width of text set at pt points, in millimetres."""
    return font(face, MEASURE_PX).getlength(text) / MEASURE_PX * pt_to_mm(pt)
