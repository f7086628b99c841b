"""Security of the web service, route by route: nothing but sign-in and health without
credentials, sign-in lockout and throttling, and the headers every answer carries."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from models.db import Database, upgrade
from models.tables import Role
from models.users import create_user
from tests.signin import post_login

PUBLIC = {"/login", "/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var", auth={"max_failed_logins": 3,
                                                         "login_attempts_per_ip": 8})
    upgrade(settings.db_url)
    return settings


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings, start_worker=False)) as c:
        yield c


def _try(client: TestClient, name: str, password: str) -> str:
    return post_login(client, name, password).headers["location"]


def _routes(routes: list) -> Iterator:
    """Every route, looking inside included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def test_every_route_needs_credentials_except_the_public_ones(client: TestClient) -> None:
    checked = 0
    for route in _routes(client.app.routes):
        if not isinstance(route, APIRoute) or route.path in PUBLIC:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in route.methods:
            res = client.request(method, path, follow_redirects=False)
            if path.startswith("/api/"):
                assert res.status_code == 401, (method, path, res.status_code)
            else:  # a page: off to the sign-in form
                assert res.status_code == 303 and res.headers["location"].startswith(
                    "/login"), (method, path, res.status_code)
            checked += 1
    assert checked >= 30  # the whole service, pages and API


def test_wrong_passwords_lock_the_account_even_for_the_right_one(
        client: TestClient, app_settings: Settings) -> None:
    with Database(app_settings.db_url).session() as s:
        create_user(s, "suzuki", Role.REVIEWER, "right-password-1")
    assert "error=bad" in _try(client, "suzuki", "wrong-1")
    assert _try(client, "suzuki", "right-password-1") == "/"  # a success resets the count
    client.cookies.clear()
    for _ in range(2):
        assert "error=bad" in _try(client, "suzuki", "wrong-2")
    assert "error=locked" in _try(client, "suzuki", "wrong-3")  # the third in a row
    assert "error=locked" in _try(client, "suzuki", "right-password-1")
    page = client.get("/login?error=locked").text
    assert "しばらくログインできません" in page


def test_one_address_cannot_guess_on_and_on(client: TestClient,
                                            app_settings: Settings) -> None:
    with Database(app_settings.db_url).session() as s:
        create_user(s, "kato", Role.VIEWER, "right-password-1")
    for n in range(8):  # spread over names, so no single account locks
        _try(client, f"guess{n}", "x")
    assert "error=locked" in _try(client, "kato", "right-password-1")


def test_headers_on_pages_api_and_files(client: TestClient) -> None:
    for path in ("/login", "/healthz", "/openapi.json", "/api/v1/documents"):
        res = client.get(path)
        assert res.headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in res.headers["content-security-policy"], path
        assert res.headers["x-frame-options"] == "DENY", path
    page_csp = client.get("/login").headers["content-security-policy"]
    assert "script-src 'self'" in page_csp and "unsafe-inline" not in page_csp


def test_keys_and_passwords_never_reach_the_log(client: TestClient, app_settings: Settings,
                                                caplog: pytest.LogCaptureFixture) -> None:
    from models.apikeys import create_key

    caplog.set_level(logging.DEBUG)
    with Database(app_settings.db_url).session() as s:
        create_user(s, "ito", Role.ADMIN, "secret-password-9")
        key = create_key(s, "scanner-9", Role.UPLOADER)
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {key}"}
                      ).status_code == 200  # an uploader lists its own uploads
    client.get("/api/v1/search", headers={"Authorization": f"Bearer {key}x"})
    _try(client, "ito", "wrong-password-9")
    assert _try(client, "ito", "secret-password-9") == "/"
    assert caplog.records  # something was logged, so the check below means something
    assert key not in caplog.text and "secret-password-9" not in caplog.text
    assert "wrong-password-9" not in caplog.text


def test_session_cookie_is_secure_behind_tls(app_settings: Settings) -> None:
    with Database(app_settings.db_url).session() as s:
        create_user(s, "mori", Role.VIEWER, "right-password-1")
    with TestClient(create_app(app_settings, start_worker=False),
                    base_url="https://testserver") as tls:
        cookie = post_login(tls, "mori", "right-password-1").headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    with TestClient(create_app(app_settings, start_worker=False)) as plain:
        cookie = post_login(plain, "mori", "right-password-1").headers["set-cookie"]
        assert "Secure" not in cookie  # plain http on loopback still signs in


def test_originals_are_only_downloaded_never_run(app_settings: Settings,
                                                 tmp_path: Path) -> None:
    from ingest.pipeline import Pipeline
    from models.apikeys import create_key

    html = tmp_path / "page.png"
    html.write_bytes(b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>")
    pipeline = Pipeline(app_settings, Database(app_settings.db_url), None)
    doc_id = pipeline.receive(html, "page.png").document_id
    with Database(app_settings.db_url).session() as s:
        key = create_key(s, "viewer-k", Role.VIEWER)
    with TestClient(create_app(app_settings, start_worker=False)) as client:
        res = client.get(f"/documents/{doc_id}/original",
                         headers={"Authorization": f"Bearer {key}"})
        assert res.status_code == 200
        assert res.headers["content-type"] == "application/octet-stream"
        assert res.headers["content-disposition"].startswith("attachment")
        assert res.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in res.headers["content-security-policy"]
