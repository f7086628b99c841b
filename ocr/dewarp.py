"""Phone photos of a document on a desk: find the sheet's four corners and flatten it
to a rectangle (a perspective warp), before deskew.

Only a clear case is warped: a convex four-cornered outline that covers a good share
of the photo, with paper inside that is brighter than what lies around it. A ruled
table on a scanned page is also a four-cornered outline, but the paper around it is
as bright as inside, so it is left alone."""

from __future__ import annotations

import cv2
import numpy as np

from core.settings import OcrSettings
from ocr.prepared import Prepared, register_step, shrink

WORK_SIDE = 800
MIN_SHARE = 0.2  # the sheet covers at least this share of the photo
MAX_SHARE = 0.97  # nearly the whole photo: nothing to flatten
MIN_CONTRAST = 6  # paper inside is this much brighter (gray levels) than outside
SIDE_SUPPORT = 0.6  # ... on this share of every side of the outline
PROBE = 5.0  # px (in the work copy) either side of the outline
CANDIDATES = 6


def find_sheet(gray: np.ndarray) -> np.ndarray | None:
    """The sheet's corners (top-left, top-right, bottom-right, bottom-left) in pixels
    of `gray`, or None when there is no clear sheet on a background."""
    small, factor = shrink(gray, WORK_SIDE)
    for quad in _quads(small):
        if _is_sheet(small, quad):
            return order_corners(quad / factor)
    return None


def _quads(small: np.ndarray) -> list[np.ndarray]:
    """Large convex four-cornered outlines, largest first, from two views of the
    photo: the bright region (paper against a darker desk, text blurred away) and the
    outer boundary of the edges (an outline that fades on one side still closes)."""
    area = small.shape[0] * small.shape[1]
    found = []
    for mask in (_bright_region(small), _edge_mass(small)):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:CANDIDATES]:
            quad = _four_corners(cv2.convexHull(contour))
            if quad is not None and MIN_SHARE <= cv2.contourArea(quad) / area <= MAX_SHARE:
                found.append(quad.reshape(4, 2).astype(np.float32))
    return sorted(found, key=cv2.contourArea, reverse=True)


def _bright_region(small: np.ndarray) -> np.ndarray:
    # Closing wider than the text removes it; what is left is paper and desk.
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((21, 21), np.uint8))
    smooth = cv2.medianBlur(paper, 9)
    _, mask = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))


def _edge_mass(small: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    return cv2.dilate(cv2.Canny(blur, 20, 60), np.ones((5, 5), np.uint8))


def _four_corners(hull: np.ndarray) -> np.ndarray | None:
    perimeter = cv2.arcLength(hull, True)
    for tolerance in (0.02, 0.035, 0.05):
        approx = cv2.approxPolyDP(hull, tolerance * perimeter, True)
        if len(approx) == 4:
            return approx
        if len(approx) < 4:
            return None
    return None


def _is_sheet(small: np.ndarray, quad: np.ndarray) -> bool:
    """Whether paper meets desk along the outline: on most of each side, just inside
    is brighter than just outside. A line through the page's text fails this."""
    smooth = cv2.GaussianBlur(small, (5, 5), 0).astype(np.float32)
    corners = order_corners(quad)
    centre = corners.mean(axis=0)
    h, w = small.shape
    tested = 0
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        support = _side_support(smooth, a, b, centre)
        if support is None:
            continue  # the side runs along the photo's edge: nothing to compare
        tested += 1
        if support < SIDE_SUPPORT:
            return False
    return tested >= 2


def _side_support(smooth: np.ndarray, a: np.ndarray, b: np.ndarray, centre: np.ndarray
                  ) -> float | None:
    """Share of points along side a-b where inside is brighter than outside."""
    h, w = smooth.shape
    direction = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
    normal = np.array([-direction[1], direction[0]], dtype=np.float32)
    if np.dot((a + b) / 2 - centre, normal) < 0:
        normal = -normal  # outward
    t = np.linspace(0.1, 0.9, 24, dtype=np.float32)[:, None]
    points = a + t * (b - a)
    outside = points + PROBE * normal
    inside = points - PROBE * normal
    ok = ((outside[:, 0] >= 0) & (outside[:, 0] <= w - 1)
          & (outside[:, 1] >= 0) & (outside[:, 1] <= h - 1))
    if ok.mean() < 0.5:
        return None
    lit_in = _sample(smooth, inside[ok])
    lit_out = _sample(smooth, outside[ok])
    return float(np.mean(lit_in - lit_out >= MIN_CONTRAST))


def _sample(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    xs = np.clip(points[:, 0].round().astype(int), 0, image.shape[1] - 1)
    ys = np.clip(points[:, 1].round().astype(int), 0, image.shape[0] - 1)
    return image[ys, xs]


def order_corners(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    total = quad.sum(axis=1)
    diff = quad[:, 1] - quad[:, 0]
    return np.array([quad[np.argmin(total)], quad[np.argmin(diff)],
                     quad[np.argmax(total)], quad[np.argmax(diff)]], dtype=np.float32)


def flatten_sheet(gray: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet inside `corners` warped to an upright rectangle of its own size."""
    tl, tr, br, bl = corners
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def _dewarp_step(page: Prepared, settings: OcrSettings) -> Prepared:
    corners = find_sheet(page.image)
    if corners is None:
        return page
    return page.changed("dewarp", flatten_sheet(page.image, corners))


register_step("dewarp", _dewarp_step)
