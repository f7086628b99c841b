"""Known degradations applied to clean receipt images, one at a time, so each
preparation step can be measured on the fault it exists for. Deterministic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from bench.ocr.datasets import Item


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += (nw - w) / 2
    m[1, 2] += (nh - h) / 2
    return cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=255)


def _noise(gray: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(gray + rng.normal(0, sigma, gray.shape), 0, 255).astype(np.uint8)


def shadow(gray: np.ndarray) -> np.ndarray:
    """A phone's shadow: light falling from 100% to 40% across the page, plus noise."""
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.6 * np.clip((xx / w + yy / h) - 0.6, 0, 1) / 1.4
    blob = np.exp(-(((xx - 0.3 * w) / (0.25 * w)) ** 2 + ((yy - 0.6 * h) / (0.15 * h)) ** 2))
    light = light * (1.0 - 0.35 * blob)
    return _noise(gray.astype(np.float32) * light, 6)


def photo(gray: np.ndarray) -> np.ndarray:
    """The page photographed on a dark desk, at an angle, in uneven light."""
    h, w = gray.shape
    pad = int(0.15 * max(h, w))
    canvas_w, canvas_h = w + 2 * pad, h + 2 * pad
    rng = np.random.default_rng(1)
    desk = cv2.GaussianBlur(rng.normal(90, 25, (canvas_h, canvas_w)).astype(np.float32),
                            (0, 0), 3)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[pad + 0.08 * w, pad + 0.05 * h], [pad + 0.95 * w, pad - 0.02 * h],
                      [pad + 1.05 * w, pad + 1.02 * h], [pad - 0.06 * w, pad + 0.93 * h]])
    m = cv2.getPerspectiveTransform(src, dst)
    paper = cv2.warpPerspective(gray.astype(np.float32), m, (canvas_w, canvas_h),
                                flags=cv2.INTER_CUBIC, borderValue=-1)
    out = np.where(paper >= 0, paper, desk)
    return shadow(np.clip(out, 0, 255).astype(np.uint8))


def borders(gray: np.ndarray) -> np.ndarray:
    """A skewed feed on a scanner with a black lid: dark bands and wedges."""
    tilted = _rotate(gray, 1.2)
    h, w = tilted.shape
    out = np.full((h + 120, w + 90), 15, np.uint8)
    out[70:70 + h, 30:30 + w] = tilted
    # the rotation's own corners are black too (the bed, not paper)
    mask = _rotate(np.full_like(gray, 255), 1.2) < 128
    out[70:70 + h, 30:30 + w][mask] = 15
    return _noise(out, 3)


def band(gray: np.ndarray) -> np.ndarray:
    """A feeder's black band down one side and a dark wedge in a corner."""
    h, w = gray.shape
    out = np.full((h, w + 70), 12, np.uint8)
    out[:, 70:] = gray
    wedge = np.array([[w + 70, 0], [w + 70 - int(0.25 * w), 0], [w + 70, int(0.12 * h)]])
    cv2.fillConvexPoly(out, wedge.astype(np.int32), 12)
    return _noise(out, 3)


DEGRADATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "rot180": lambda g: cv2.rotate(g, cv2.ROTATE_180),
    "rot90": lambda g: cv2.rotate(g, cv2.ROTATE_90_CLOCKWISE),
    "skew2": lambda g: _rotate(g, 2.0),
    "skew-4": lambda g: _rotate(g, -4.0),
    "shadow": shadow,
    "small": lambda g: cv2.resize(g, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA),
    "large": lambda g: cv2.resize(g, None, fx=2.6, fy=2.6, interpolation=cv2.INTER_CUBIC),
    "photo": photo,
    "borders": borders,
    "band": band,
}


def degraded(items: list[Item], kind: str, cache: Path) -> list[Item]:
    """`items` put through one degradation; images cached under `cache`."""
    folder = cache / kind
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for item in items:
        target = folder / (item.path.stem + ".png")
        if not target.is_file():
            gray = cv2.imread(str(item.path), cv2.IMREAD_GRAYSCALE)
            cv2.imwrite(str(target), DEGRADATIONS[kind](gray))
        out.append(Item(f"{kind}/{item.name}", target, item.reference, item.keys, item.metric))
    return out
