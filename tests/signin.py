"""Signing in through the login form, as a browser does (its CSRF token included)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response


def post_login(client: TestClient, name: str, password: str) -> Response:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": token}, follow_redirects=False)
