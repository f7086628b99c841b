"""The review UI in a real browser: Debian's Chromium driven by Playwright against the
app served by uvicorn. Sign in, open a document from the inbox, correct a field with
the keyboard, watch the finding go, approve, read the history; edit the line-item
table; read a field's own history; turn an upside-down page and see it read again;
hostile OCR text stays text; a reviewer cannot reach the admin page."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from PIL import Image, ImageDraw

from api.app import create_app
from core.settings import Settings
from ingest.executor import InlineExecutor
from ingest.pipeline import Pipeline
from models.db import Database, upgrade
from models.indexing import index_document
from models.tables import Document, ExtractedField, Page, Role
from models.users import create_user
from tests.scans import font, receipt

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="apt-get install chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PASSWORD = "correct-horse-battery"
XSS = "<script>alert(1)</script>"
DOCS = Path(__file__).resolve().parent.parent / "docs"


def draw_scan(path: Path, lines: list[str]) -> tuple[list[list], int, int]:
    """A page image and its words with true boxes, as OCR would give them."""
    width, height = 1000, 160 + 90 * len(lines)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    words, y = [], 80
    for n, line in enumerate(lines):
        x = 80
        for text in line.split():
            box = draw.textbbox((x, y), text, font=font(44))
            draw.text((x, y), text, font=font(44), fill=0)
            words.append([text, list(box), 0.9, n])
            x = box[2] + 30
        y += 90
    image.save(path)
    return words, width, height


def add_document(db: Database, folder: Path, name: str, fields: dict[str, object],
                 lines: list[str], findings: list, status: str = "needs_review") -> int:
    words, width, height = draw_scan(folder / f"{name}.png", lines)
    with db.session() as s:
        doc = Document(sha256=name.encode().hex().ljust(64, "0")[:64], original_filename=name,
                       mime_type="image/png", size_bytes=1, doc_type="invoice",
                       status=status, findings=findings,
                       received_at=datetime(2026, 4, 3, tzinfo=UTC))
        s.add(doc)
        s.flush()
        s.add(Page(document_id=doc.id, number=1, width=width, height=height, dpi=300,
                   image_path=str(folder / f"{name}.png"), words=words,
                   text="\n".join(lines)))
        for key, value in fields.items():
            box = next((w[1] for w in words if w[0].replace(",", "") == value), None)
            s.add(ExtractedField(document_id=doc.id, name=key, value=value, page=1, bbox=box,
                                 confidence=0.45 if key == "total" else 0.92, source="test"))
        s.flush()
        index_document(s, doc)
        return doc.id


MISMATCH = [{"code": "arithmetic.total", "severity": "error",
             "fields": ["subtotal", "tax_total", "total"],
             "message": {"ja": "小計と消費税の和が合計と一致しません。",
                         "en": "Subtotal plus tax does not equal the total."}}]


ITEMS = [{"description": "作業費", "quantity": "2", "unit_price": "300", "amount": "600",
          "tax_rate": "10"},
         {"description": "部品", "quantity": "1", "unit_price": "400", "amount": "400",
          "tax_rate": "10"}]


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    """Without automatic orientation, so that a page scanned upside down stays so until
    a person turns it."""
    steps = [s for s in Settings().ocr.steps if s != "orient"]
    return Settings(data_dir=tmp_path / "var", ocr={"workers": 1, "steps": steps})


@pytest.fixture
def server(app_settings: Settings) -> Iterator[tuple[str, dict[str, int]]]:
    settings = app_settings
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    images = settings.data_dir / "store"
    images.mkdir(parents=True)
    with db.session() as s:
        create_user(s, "sato", Role.APPROVER, PASSWORD)
        create_user(s, "tanaka", Role.REVIEWER, PASSWORD)
        create_user(s, "admin", Role.ADMIN, "admin-password-1")
    ids = {
        "aoba": add_document(
            db, images, "aoba.png",
            {"vendor_name": "株式会社青葉企画", "issue_date": "2026-04-01",
             "subtotal": "1000", "tax_total": "100", "total": "1200",
             "line_items": [{"description": "企画費", "quantity": "1", "unit_price": "1000",
                             "amount": "1000", "tax_rate": "10"}]},
            ["御請求書", "株式会社青葉企画", "発行日 2026-04-01", "小計 1,000",
             "消費税 100", "合計 1,100"], MISMATCH),
        "xss": add_document(db, images, "xss.png", {"vendor_name": XSS, "total": "500"},
                            [XSS, "合計 500"], []),
        "items": add_document(
            db, images, "items.png",
            {"vendor_name": "株式会社みどり工務店", "issue_date": "2026-04-02",
             "subtotal": "1000", "tax_total": "100", "total": "1100", "line_items": ITEMS},
            ["御請求書", "株式会社みどり工務店", "作業費 2 300 600", "部品 1 400 400",
             "小計 1,000", "消費税 100", "合計 1,100"], [], status="validated"),
    }
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(settings, start_worker=False)
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def sign_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#login")
    page.wait_for_url(f"{base}/")


def test_review_flow_correct_approve_history(server, browser) -> None:
    base, ids = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(f"{base}/documents/{ids['aoba']}")  # not signed in: to the login page
    assert "/login" in page.url
    page.fill("#name", "sato")
    page.fill("#password", "wrong-password")
    page.click("#login")
    assert page.locator(".error").is_visible()
    sign_in(page, base, "sato")

    first = page.locator("table.inbox tbody tr").first  # needs review, findings first
    assert "株式会社青葉企画" in first.inner_text()
    page.screenshot(path=str(DOCS / "screenshot-inbox.png"), full_page=True)
    first.locator("a.doc-link").click()
    page.wait_for_url(f"{base}/documents/{ids['aoba']}")
    assert page.locator("#findings .sev-error").count() == 1
    assert page.locator(".field[data-name=total]").get_attribute("class").count("has-finding")

    # keyboard: Tab from the tax field to the total, type, Enter saves
    page.focus("#f-tax_total")
    assert page.locator(".evidence").first.is_visible()  # the evidence box is drawn
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-total"
    page.keyboard.press("Control+A")
    page.keyboard.type("1,100")
    page.keyboard.press("Enter")
    page.wait_for_selector("#findings .sev-error", state="detached")
    assert page.input_value("#f-total") == "1100"
    assert page.locator("#status").inner_text() == "確認済"
    page.wait_for_selector("#history li:has-text('1200')")

    # clicking a word on the image fills the focused field
    page.check("#show-words")
    page.focus("#f-issue_date")
    page.locator(".word[data-text='2026-04-01']").click()
    assert page.input_value("#f-issue_date") == "2026-04-01"
    page.screenshot(path=str(DOCS / "screenshot-document.png"), full_page=True)

    # Ctrl+Enter approves and opens the next document needing review
    page.focus("#f-total")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"{base}/documents/{ids['xss']}")
    page.goto(f"{base}/documents/{ids['aoba']}")
    assert page.locator("#status").inner_text() == "承認済"
    history = page.locator("#history").inner_text()
    assert "sato" in history and "承認済" in history and "1100" in history
    assert dialogs == []


def test_hostile_ocr_text_is_shown_as_text(server, browser) -> None:
    base, ids = server
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, base, "tanaka")
    assert XSS in page.locator("table.inbox").inner_text()
    response = page.goto(f"{base}/documents/{ids['xss']}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.input_value("#f-vendor_name") == XSS
    assert page.locator(f".word[data-text='{XSS}']").count() == 1
    assert page.locator("script:not([src])").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_reviewer_cannot_reach_admin_and_csrf_is_checked(server, browser) -> None:
    base, ids = server
    page = browser.new_page()
    sign_in(page, base, "tanaka")
    assert page.locator("a[href='/admin']").count() == 0
    response = page.goto(f"{base}/admin")
    assert response.status == 403
    # a session's change without the CSRF token is refused
    status = page.evaluate(
        """async (id) => (await fetch(`/api/v1/documents/${id}/fields/total`, {
             method: 'PATCH', headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({value: '1'})})).status""", ids["aoba"])
    assert status == 403
    image = page.request.get(f"{base}/documents/{ids['aoba']}/pages/1.png")
    assert image.headers["content-type"] == "image/png"
    assert image.headers["x-content-type-options"] == "nosniff"

    admin = browser.new_page()
    sign_in(admin, base, "admin", "admin-password-1")
    assert admin.goto(f"{base}/admin").status == 200
    admin.fill("form[action='/admin/keys'] input[name=name]", "scanner-9")
    admin.click("form[action='/admin/keys'] button")
    assert admin.locator("#new-key").inner_text().startswith("ymt_")


def test_upload_page_sends_many_files_with_progress(server, browser, tmp_path: Path) -> None:
    base, _ = server
    page = browser.new_page()
    sign_in(page, base, "tanaka")
    page.goto(f"{base}/upload")
    files = []
    for n in (1, 2):
        draw_scan(tmp_path / f"up{n}.png", [f"領収書 {n}", f"合計 {n}00"])
        files.append(str(tmp_path / f"up{n}.png"))
    page.set_input_files("#files", files)
    page.wait_for_selector("#uploads li.done >> nth=1")
    assert page.locator("#uploads li.done progress").nth(0).get_attribute("value") == "100"
    assert page.locator("#uploads li.done a").count() == 2


def amounts(page) -> list[str]:
    return page.eval_on_selector_all("#line-items tbody input[data-key=amount]",
                                     "inputs => inputs.map(i => i.value)")


def test_line_items_edited_as_a_table(server, browser) -> None:
    base, ids = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, base, "tanaka")
    page.goto(f"{base}/documents/{ids['items']}")
    assert page.locator("#line-items tbody tr").count() == 2
    assert amounts(page) == ["600", "400"]
    assert page.locator("#findings .none").count() == 1

    # a wrong amount, Enter saves the table: the items no longer add up
    cell = page.locator("#line-items tbody tr").nth(1).locator("input[data-key=amount]")
    cell.fill("500")
    cell.press("Enter")
    page.wait_for_selector("#findings [data-code='arithmetic.line_items']")
    assert page.locator(".field.items .field-findings li").count() == 1

    # a row added by mistake and removed, then a discount row; the button saves
    page.click("#add-item")
    page.keyboard.type("送料")
    page.locator("#line-items tbody tr").nth(2).locator("input[data-key=amount]").fill("50")
    page.locator("#line-items tbody tr").nth(2).locator(".remove-item").click()
    assert page.locator("#line-items tbody tr").count() == 2
    page.click("#add-item")
    page.keyboard.type("値引")
    page.locator("#line-items tbody tr").nth(2).locator("input[data-key=amount]").fill("▲100")
    page.click("#save-items")
    page.wait_for_selector("#findings [data-code='arithmetic.line_items']", state="detached")
    assert amounts(page) == ["600", "500", "-100"]  # as stored: normalised by the server

    page.wait_for_selector(".field.items .field-history .count:text-is('2')")
    page.reload()  # the server renders the same table and history
    assert amounts(page) == ["600", "500", "-100"]
    assert page.locator(".field.items .field-history li").count() == 2
    assert "送料" not in page.locator("#history").inner_text()


def test_each_field_shows_its_own_history(server, browser) -> None:
    base, ids = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, base, "sato")
    page.goto(f"{base}/documents/{ids['aoba']}")
    total = page.locator(".field[data-name=total] .field-history")
    assert total.is_hidden()  # nothing corrected yet
    for value in ("1100", "1,150"):
        page.fill("#f-total", value)
        page.press("#f-total", "Enter")
        page.wait_for_function(
            "v => document.querySelector('#f-total').dataset.saved === v",
            arg=value.replace(",", ""))
    page.wait_for_selector(".field[data-name=total] .field-history .count:text-is('2')")
    total.locator("summary").click()
    rows = total.locator("li")
    assert rows.count() == 2
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "sato" in first and "1200" in first and "1100" in first
    assert "1100" in second and "1150" in second
    assert page.locator(".field[data-name=vendor_name] .field-history").is_hidden()

    page.reload()
    total = page.locator(".field[data-name=total] .field-history")
    total.locator("summary").click()
    assert total.locator("li del").all_inner_texts() == ["1200", "1100"]
    assert total.locator("li ins").all_inner_texts() == ["1100", "1150"]


def test_rotate_button_reads_an_upside_down_page_again(server, browser, app_settings,
                                                       tmp_path: Path) -> None:
    base, _ = server
    upright = receipt(tmp_path / "upright.png", 1220)
    with Image.open(upright) as im:
        im.rotate(180).save(tmp_path / "upside.png", dpi=(200, 200))
    pipeline = Pipeline(app_settings, Database(app_settings.db_url), InlineExecutor())
    doc_id = pipeline.receive(tmp_path / "upside.png").document_id
    pipeline.process(doc_id)

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, base, "tanaka")
    page.goto(f"{base}/documents/{doc_id}")
    assert page.input_value("#f-total") != "1220"
    page.select_option("#rotate-degrees", "180")
    with page.expect_navigation(timeout=120_000):
        page.click("#rotate")
    assert page.input_value("#f-total") == "1220"
    assert page.input_value("#f-issue_date") == "2026-03-15"
    assert "?v=180" in page.locator(".page img").first.get_attribute("src")
    assert "ページ 1 を 180° 回転して再読取" in page.locator("#history").inner_text()
    total = page.locator(".field[data-name=total] .field-history")
    assert total.is_visible()
    total.locator("summary").click()
    assert "1220" in total.locator("li").first.inner_text()
    image = page.request.get(f"{base}/documents/{doc_id}/pages/1.png?v=180")
    assert image.status == 200 and image.headers["content-type"] == "image/png"
