"""What a scanner and a tired office do to a page: a small skew, blur, paper tone and
uneven light, sensor noise, dust, and now and then a page fed upside down."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageFilter


NOISE_TILE = 509  # prime, so the repeat does not line up with table rules


@dataclass(frozen=True, slots=True)
class Degradation:
    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian radius in pixels at 200 dpi
    noise: float  # standard deviation in grey levels
    paper: int  # grey level of the paper
    ink: int  # grey level of the print
    shade: float  # how much darker the shaded edge is, 0..1
    shade_direction: float  # radians: where the light falls off
    specks: int  # dust and toner dots per page
    jpeg_quality: int
    threshold: int  # black-and-white scans: grey levels at or above it turn white
    upside_down: bool


def draw_degradation(rng: random.Random, upside_down_rate: float = 0.0) -> Degradation:
    return Degradation(
        angle=rng.uniform(0.3, 2.0) * rng.choice((-1, 1)),
        blur=rng.choice((0.0, rng.uniform(0.3, 0.9))),
        noise=rng.uniform(1.0, 4.0),
        paper=rng.randint(225, 250),
        ink=rng.randint(10, 60),
        shade=rng.uniform(0.0, 0.22),
        shade_direction=rng.uniform(0, 2 * np.pi),
        specks=rng.randint(0, 120),
        jpeg_quality=rng.randint(45, 75),
        threshold=rng.randint(185, 215),
        upside_down=rng.random() < upside_down_rate,
    )


def degrade(image: Image.Image, d: Degradation, dpi: int, gen: np.random.Generator, *,
            bilevel: bool = False) -> Image.Image:
    """A greyscale page in, the same page as a poor scan out: greyscale, or black and
    white (mode "1") as office scanners send documents, where tone and noise are gone."""
    img = image.rotate(180) if d.upside_down else image
    img = img.rotate(d.angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    if d.blur:
        img = img.filter(ImageFilter.GaussianBlur(d.blur * dpi / 200))
    if bilevel:
        white = np.asarray(img) >= d.threshold
        _specks(white, d, dpi, gen, False)
        return Image.fromarray(white)
    # Tone, light and noise in 8 and 16 bits: pages at 300 dpi are 9 million pixels.
    img = img.point([round(d.ink + v * (d.paper - d.ink) / 255) for v in range(256)])
    img = ImageChops.multiply(img, _shading(img.size, d))
    a = np.asarray(img, dtype=np.int16) + _noise((img.height, img.width), d.noise, gen)
    _specks(a, d, dpi, gen, d.ink)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def _shading(size: tuple[int, int], d: Degradation) -> Image.Image:
    """Light falling off towards one edge, as from a lifted lid or a curled page: a
    multiplier (255 = 1.0), smooth, so computed coarse and scaled up."""
    w, h = size
    ys = np.linspace(-0.5, 0.5, max(2, h // 16), dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, max(2, w // 16), dtype=np.float32)[None, :]
    t = xs * np.cos(d.shade_direction) + ys * np.sin(d.shade_direction) + 0.5  # 0..1
    factor = 255 * (1.0 - d.shade * np.clip(t, 0, 1) ** 2)
    coarse = Image.fromarray(factor.round().astype(np.uint8), "L")
    return coarse.resize(size, Image.Resampling.BILINEAR)


def _noise(shape: tuple[int, int], sigma: float, gen: np.random.Generator) -> np.ndarray:
    """Sensor noise, drawn for one tile and repeated: at a few grey levels the repeat
    does not show, and drawing nine million normals would double the cost of a page."""
    tile = gen.standard_normal((NOISE_TILE, NOISE_TILE), dtype=np.float32) * sigma
    reps = (-(-shape[0] // NOISE_TILE), -(-shape[1] // NOISE_TILE))
    return np.tile(tile.round().astype(np.int16), reps)[:shape[0], :shape[1]]


def _specks(a: np.ndarray, d: Degradation, dpi: int, gen: np.random.Generator,
            ink: float | bool) -> None:
    """Dust and toner dots, a pixel or two across."""
    h, w = a.shape
    size = max(1, dpi // 100)
    for y, x in zip(gen.integers(0, h - size, d.specks), gen.integers(0, w - size, d.specks),
                    strict=True):
        a[y:y + size, x:x + size] = ink


def binarize(image: Image.Image, threshold: int = 170) -> Image.Image:
    """A black-and-white scan (what most office scanners send for documents)."""
    return image.point(lambda v: 255 if v > threshold else 0).convert("1", dither=None)
