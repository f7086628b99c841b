"""Page preparation, step by step, on pages drawn here with a Japanese font; and the
images that are no page at all. Real Tesseract where a step calls it (OSD)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.errors import ErrorCode, InputError
from core.settings import OcrSettings
from ocr import borders, deskew, dewarp, illumination, orient, scale
from ocr.preprocess import prepare, to_gray8
from ocr.prepared import Prepared, get_step

FONT = Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf")
LINES = [
    "請求書", "株式会社山田商事 御中", "東京都千代田区丸の内1-2-3", "登録番号 T1234567890123",
    "発行日 2024年5月31日", "品名 数量 単価 金額", "事務用品一式 1 12,000 12,000",
    "コピー用紙 A4 5 800 4,000", "INVOICE No. 2024-0531", "小計 16,000", "消費税 10% 1,600",
    "合計金額 17,600円", "お支払期限 2024年6月30日", "振込先 みずほ銀行 本店 普通 1234567",
]


def render(size_px: int = 28, lines: list[str] = LINES, margin: int = 60) -> np.ndarray:
    """A white page of text lines, 8-bit gray, characters about `size_px` high."""
    font = ImageFont.truetype(str(FONT), size_px)
    gap = int(size_px * 0.9)
    width = int(max(font.getlength(line) for line in lines)) + 2 * margin
    height = len(lines) * (size_px + gap) + 2 * margin
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * (size_px + gap)), line, font=font, fill=20)
    return np.asarray(image).copy()


COLUMNS = ["業務委託契約書", "株式会社山田商事を甲とし", "東京都千代田区丸の内の",
           "株式会社鈴木製作所を乙として", "次のとおり契約を締結する", "第一条 目的",
           "甲は乙に対し業務を委託する"]


def render_vertical(size_px: int = 28, columns: list[str] = COLUMNS, margin: int = 60
                    ) -> np.ndarray:
    """A page written vertically (縦書き): columns top to bottom, right to left."""
    font = ImageFont.truetype(str(FONT), size_px)
    pitch, advance = int(size_px * 1.9), int(size_px * 1.1)
    width = len(columns) * pitch + 2 * margin
    height = max(len(c) for c in columns) * advance + 2 * margin
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, column in enumerate(columns):
        x = width - margin - (i + 1) * pitch + (pitch - size_px)
        for j, char in enumerate(column):
            draw.text((x, margin + j * advance), char, font=font, fill=20)
    return np.asarray(image).copy()


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render()


def text_mask(gray: np.ndarray) -> np.ndarray:
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask > 0


# --- deskew ------------------------------------------------------------------

@pytest.mark.parametrize("angle", [1.5, -1.5, 3.0, -0.7])
def test_deskew_finds_the_angle_a_page_was_turned_by(page: np.ndarray, angle: float) -> None:
    assert deskew.estimate_skew(deskew.rotate(page, angle), 10.0) == pytest.approx(angle, abs=0.15)


def test_deskew_leaves_a_straight_page_alone(page: np.ndarray) -> None:
    assert abs(deskew.estimate_skew(page, 10.0)) < 0.2
    prepared = get_step("deskew")(Prepared(page, 300), OcrSettings())
    assert prepared.image is page and "deskew" not in prepared.applied


def test_deskew_step_straightens_a_skewed_page(page: np.ndarray) -> None:
    skewed = deskew.rotate(page, 1.5)
    out = get_step("deskew")(Prepared(skewed, 300), OcrSettings())
    assert out.applied == ("deskew",)
    assert abs(deskew.estimate_skew(out.image, 10.0)) < 0.15


# --- orientation -------------------------------------------------------------

@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_osd_tells_how_far_to_turn_a_page(page: np.ndarray, degrees: int) -> None:
    turned = orient.turn(page, degrees)
    assert orient.upright_turn(turned, 28.0, OcrSettings()) == (360 - degrees) % 360


def test_an_upright_page_is_not_turned(page: np.ndarray) -> None:
    assert orient.upright_turn(page, 28.0, OcrSettings()) == 0


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_sideways_lines_are_seen_without_osd(page: np.ndarray, degrees: int) -> None:
    assert orient.lines_run_vertically(orient.turn(page, degrees)) == (degrees in (90, 270))


def test_orient_step_turns_a_page_on_its_side_and_records_it(page: np.ndarray) -> None:
    out = get_step("orient")(Prepared(orient.turn(page, 90), 300), OcrSettings())
    assert out.rotated == 270
    assert out.image.shape == page.shape


@pytest.mark.parametrize("degrees", [0, 180])
def test_vertical_writing_is_marked_not_turned_on_its_side(degrees: int) -> None:
    upright = render_vertical()
    out = get_step("orient")(Prepared(orient.turn(upright, degrees), 300), OcrSettings())
    assert out.vertical and out.rotated == (360 - degrees) % 360
    assert np.array_equal(out.image, upright)
    assert orient.reading_settings(out, OcrSettings()).languages == "jpn_vert+eng"


def test_a_horizontal_page_is_not_vertical(page: np.ndarray) -> None:
    for turned in (page, orient.turn(page, 90)):
        out = get_step("orient")(Prepared(turned, 300), OcrSettings())
        assert not out.vertical
        assert orient.reading_settings(out, OcrSettings()).languages == "jpn+eng"


# --- illumination ------------------------------------------------------------

def shadowed(gray: np.ndarray) -> np.ndarray:
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.65 * np.clip(xx / w + yy / h - 0.5, 0, 1.5) / 1.5
    return (gray.astype(np.float32) * light).astype(np.uint8)


def test_flatten_takes_a_shadow_off_and_keeps_the_text(page: np.ndarray) -> None:
    dark = shadowed(page)
    truth = text_mask(page)
    flat = illumination.flatten(dark, 28.0)
    paper = flat[~cv2.dilate(truth.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)]
    assert np.percentile(paper, 5) > 200  # the shadowed corner is paper-white again
    found = text_mask(flat)
    iou = (found & truth).sum() / (found | truth).sum()
    shadow_iou = (text_mask(dark) & truth).sum() / (text_mask(dark) | truth).sum()
    assert iou > 0.8 > shadow_iou


def test_despeckle_removes_lone_specks_and_keeps_punctuation() -> None:
    text = render(28, ["合計: 1,600円。", "ガ・パ・ぷ"])
    dirty = text.copy()
    rng = np.random.default_rng(2)
    ys, xs = rng.integers(0, text.shape[0], 60), rng.integers(0, text.shape[1], 60)
    lone = [(y, x) for y, x in zip(ys, xs, strict=True)
            if (text[max(0, y - 30):y + 30, max(0, x - 30):x + 30] > 128).all()]
    assert len(lone) > 20
    for y, x in lone:
        dirty[y:y + 2, x:x + 2] = 0
    clean = illumination.despeckle(dirty, 28.0)
    assert all(clean[y, x] > 200 for y, x in lone)
    assert np.array_equal(text_mask(clean), text_mask(text))  # every stroke and dot kept


def test_binarize_gives_black_and_white(page: np.ndarray) -> None:
    out = illumination.binarize(shadowed(page), 28.0)
    assert set(np.unique(out)) <= {0, 255}


# --- scale ---------------------------------------------------------------------

@pytest.mark.parametrize("size_px", [11, 80])
def test_scale_brings_text_to_the_target_height_and_the_dpi_with_it(size_px: int) -> None:
    small = render(size_px)
    settings = OcrSettings()
    out = get_step("scale")(Prepared(small, 200), settings)
    assert out.applied == ("scale",)
    factor = out.image.shape[0] / small.shape[0]
    assert out.dpi == round(200 * factor)
    assert scale.text_height(out.image) == pytest.approx(settings.text_height_px, rel=0.2)


def test_text_near_the_target_height_is_not_resampled(page: np.ndarray) -> None:
    out = get_step("scale")(Prepared(page, 300), OcrSettings())
    assert out.image is page and out.dpi == 300 and out.text_height is not None


def test_scale_never_makes_a_page_larger_than_the_limit() -> None:
    assert scale.scale_factor(5.0, 28, (10_000, 3_000)) * 10_000 <= scale.MAX_SIDE
    assert scale.scale_factor(None, 28, (100, 100)) == 1.0


# --- borders and blank pages ---------------------------------------------------

def test_black_scanner_borders_are_cropped(page: np.ndarray) -> None:
    framed = np.full((page.shape[0] + 140, page.shape[1] + 90), 10, np.uint8)
    framed[80:80 + page.shape[0], 40:40 + page.shape[1]] = page
    out = borders.crop_borders(framed)
    assert abs(out.shape[0] - page.shape[0]) < 15 and abs(out.shape[1] - page.shape[1]) < 15
    assert (out < 70).mean() < (page < 70).mean() * 1.2  # no dark band left


def test_a_page_without_borders_is_not_cropped(page: np.ndarray) -> None:
    assert borders.crop_borders(page) is page


def test_blank_pages_are_found() -> None:
    rng = np.random.default_rng(0)
    specks = np.full((1400, 1000), 245, np.uint8)
    specks[rng.integers(0, 1400, 30), rng.integers(0, 1000, 30)] = 0
    noisy = np.clip(rng.normal(235, 3, (1400, 1000)), 0, 255).astype(np.uint8)
    for image in (specks, noisy, np.zeros((500, 400), np.uint8),
                  np.full((500, 400), 255, np.uint8)):
        assert borders.is_blank(image)


def test_a_page_with_one_line_is_not_blank() -> None:
    sheet = np.full((1400, 1000), 255, np.uint8)
    line = render(24, ["合計 1,600円"], margin=10)
    sheet[600:600 + line.shape[0], 100:100 + line.shape[1]] = line
    assert not borders.is_blank(sheet)


def test_a_blank_page_stops_the_chain() -> None:
    out = prepare(np.full((1400, 1000), 250, np.uint8), 300, OcrSettings())
    assert out.blank and out.applied == ("blank",)


# --- phone photos ----------------------------------------------------------------

def photographed(page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = page.shape
    canvas = (int(w * 1.6), int(h * 1.5))
    corners = np.float32([[0.2 * w, 0.15 * h], [1.3 * w, 0.2 * h],
                          [1.4 * w, 1.3 * h], [0.15 * w, 1.25 * h]])
    matrix = cv2.getPerspectiveTransform(
        np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    desk = np.random.default_rng(1).normal(80, 12, (canvas[1], canvas[0]))
    sheet = cv2.warpPerspective(page.astype(np.float32), matrix, canvas, borderValue=-1)
    photo = np.where(sheet >= 0, sheet, desk)
    return np.clip(photo, 0, 255).astype(np.uint8), corners


def test_a_photographed_sheet_is_found_and_flattened(page: np.ndarray) -> None:
    photo, corners = photographed(page)
    found = dewarp.find_sheet(photo)
    assert found is not None
    assert np.abs(found - corners).max() < 0.02 * max(photo.shape)
    flat = dewarp.flatten_sheet(photo, found)
    # The aspect ratio of a sheet seen in perspective is only estimated (longer sides).
    assert flat.shape[0] / flat.shape[1] == pytest.approx(page.shape[0] / page.shape[1],
                                                          rel=0.15)
    assert abs(deskew.estimate_skew(flat, 10.0)) < 0.5


def test_a_ruled_table_on_a_scan_is_not_taken_for_a_sheet(page: np.ndarray) -> None:
    scan = np.full((page.shape[0] + 400, page.shape[1] + 200), 255, np.uint8)
    scan[200:200 + page.shape[0], 100:100 + page.shape[1]] = page
    cv2.rectangle(scan, (80, 180), (scan.shape[1] - 80, scan.shape[0] - 180), 0, 4)
    assert dewarp.find_sheet(scan) is None
    assert dewarp.find_sheet(page) is None


# --- the chain and images that are no page ----------------------------------------

def test_the_chain_runs_the_steps_settings_name_in_their_order(page: np.ndarray) -> None:
    skewed = deskew.rotate(page, 2.0)
    assert prepare(skewed, 300, OcrSettings(steps=[])).image is skewed
    out = prepare(skewed, 300, OcrSettings(steps=["deskew", "binarize"]))
    assert out.applied == ("deskew", "binarize")
    with pytest.raises(KeyError, match="no preparation step"):
        prepare(skewed, 300, OcrSettings(steps=["sharpen"]))


@pytest.mark.parametrize("image", [
    np.zeros((1200, 900), np.uint8),
    np.full((1200, 900), 255, np.uint8),
    np.zeros((1, 1), np.uint8),
    np.full((3, 5000), 128, np.uint8),
], ids=["black", "white", "1x1", "3x5000"])
def test_empty_images_come_back_blank(image: np.ndarray) -> None:
    out = prepare(image, 300, OcrSettings())
    assert out.blank


def test_a_strip_20000_px_tall_fails_with_a_clear_code() -> None:
    strip = np.full((20_000, 50), 255, np.uint8)
    strip[::40, 10:40] = 0
    with pytest.raises(InputError) as caught:
        prepare(strip, 300, OcrSettings())
    assert caught.value.code is ErrorCode.BAD_PAGE_SHAPE


def test_16_bit_float_and_alpha_pages_become_8_bit_gray(page: np.ndarray) -> None:
    sixteen = page.astype(np.uint16) * 257
    assert np.array_equal(to_gray8(sixteen), page)
    assert np.array_equal(to_gray8(page.astype(np.float32) / 255.0), page)
    bgra = np.dstack([page, page, page, np.full_like(page, 255)])
    assert np.array_equal(to_gray8(bgra), page)
    clear = np.zeros((*page.shape, 4), np.uint8)  # fully transparent: white paper
    assert to_gray8(clear).min() == 255
    out = prepare(sixteen, 300, OcrSettings())
    assert out.image.dtype == np.uint8 and not out.blank
