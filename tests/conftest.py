from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from models.apikeys import create_key
from models.db import Database, upgrade
from models.tables import Role
from tests import services

_db_names = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with services.postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against the embedded default and a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    admin = request.getfixturevalue("pg_admin_url")
    return services.create_database(admin, f"t{next(_db_names)}")


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "var", database_url=db_url,
                    ocr={"workers": 1})


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", ocr={"workers": 1})


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated set of Japanese and English scans, degraded, with truth."""
    from synth import generate_set

    out = tmp_path_factory.mktemp("generated")
    return generate_set(out, count=12, seed=20261124, degraded=True)


@pytest.fixture
def db(settings: Settings) -> Database:
    """The `settings` database (SQLite or PostgreSQL), migrated."""
    upgrade(settings.db_url)
    return Database(settings.db_url)


@pytest.fixture
def keys(db: Database) -> dict[str, dict[str, str]]:
    """An API key's Authorization header per role."""
    with db.session() as s:
        return {str(r): {"Authorization": f"Bearer {create_key(s, f'k-{r}', r)}"}
                for r in Role}
