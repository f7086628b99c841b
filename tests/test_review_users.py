"""Users and sign-in without a browser: the first admin, passwords, sessions, CSRF."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from models.db import Database, upgrade
from models.tables import Role
from models.users import UserError, authenticate, create_user
from tests.signin import post_login


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var")
    upgrade(settings.db_url)
    return settings


def login(client: TestClient, name: str, password: str) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    res = post_login(client, name, password)
    assert res.status_code == 303 and res.headers["location"] == "/", res.text
    cookie = res.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)


def test_first_start_creates_admin_with_a_logged_one_time_password(
        app_settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), \
            TestClient(create_app(app_settings, start_worker=False)) as client:
        password = re.search(r"one-time password (\S+)", caplog.text).group(1)
        login(client, "admin", password)
        assert client.get("/admin").status_code == 200
    caplog.clear()
    with caplog.at_level(logging.WARNING), \
            TestClient(create_app(app_settings, start_worker=False)):
        assert "one-time password" not in caplog.text  # only on the very first start


def test_admin_password_from_settings(tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YOMITORI_ADMIN_PASSWORD", "from-the-environment")
    settings = Settings(data_dir=tmp_path / "var")
    upgrade(settings.db_url)
    with TestClient(create_app(settings, start_worker=False)) as client:
        login(client, "admin", "from-the-environment")


def test_unsafe_secret_refused_outside_development() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(auth={"environment": "production"})
    assert Settings(auth={"environment": "production", "secret_key": "x" * 40})


def test_passwords_are_argon2_and_checked(app_settings: Settings) -> None:
    with Database(app_settings.db_url).session() as s:
        user = create_user(s, "tanaka", Role.REVIEWER, "long-enough-1")
        assert user.password_hash.startswith("$argon2id$")
        assert authenticate(s, "tanaka", "long-enough-1").role == Role.REVIEWER
        for name, password in (("tanaka", "wrong-password"), ("nobody", "long-enough-1")):
            with pytest.raises(UserError):
                authenticate(s, name, password)
        with pytest.raises(UserError):
            create_user(s, "sato", Role.VIEWER, "short")


def test_session_csrf_password_change_and_logout(app_settings: Settings) -> None:
    with Database(app_settings.db_url).session() as s:
        create_user(s, "sato", Role.APPROVER, "first-password-1")
    with TestClient(create_app(app_settings, start_worker=False)) as client:
        bad = client.post("/login", data={"name": "sato", "password": "first-password-1",
                                          "csrf_token": "forged"}, follow_redirects=False)
        assert "error=expired" in bad.headers["location"]  # the login form's token
        csrf = login(client, "sato", "first-password-1")
        assert client.get("/api/v1/documents").status_code == 200  # the session works
        assert client.post("/account/password", data={
            "old": "first-password-1", "new": "second-password-2"},
            follow_redirects=False).status_code == 403  # no CSRF token
        old_cookie = client.cookies.get("yomitori_session")
        res = client.post("/account/password", data={
            "old": "first-password-1", "new": "second-password-2", "csrf_token": csrf},
            follow_redirects=False)
        assert res.headers["location"] == "/account?done=1"
        assert client.get("/api/v1/documents").status_code == 200  # a fresh session
        stale = TestClient(client.app, cookies={"yomitori_session": old_cookie})
        assert stale.get("/api/v1/documents").status_code == 401  # the old one ended
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
        client.post("/logout", data={"csrf_token": csrf})
        assert client.get("/", follow_redirects=False).status_code == 303
        assert client.get("/login?next=//evil.example").text.count("//evil") == 0


def test_each_installation_signs_with_its_own_secret(tmp_path) -> None:
    from api.session import signing_secret
    from core.settings import Settings

    first = signing_secret(Settings(data_dir=tmp_path / "a"))
    assert first == signing_secret(Settings(data_dir=tmp_path / "a"))  # kept
    assert first != signing_secret(Settings(data_dir=tmp_path / "b"))
    assert len(first) >= 48
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o077 == 0
    given = Settings(data_dir=tmp_path / "c", auth={"secret_key": "x" * 40})
    assert signing_secret(given) == "x" * 40
