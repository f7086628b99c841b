"""What can be checked of the install without a Docker engine: the Dockerfile and the
README use the same system-package script that CI runs, and the compose file is sound."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_docker_installs_with_the_script_ci_runs() -> None:
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "scripts/system-packages.sh" in dockerfile
    assert "scripts/system-packages.sh" in (ROOT / "scripts" / "start.sh").read_text()
    assert "scripts/system-packages.sh --test" in (ROOT / "scripts" / "test.sh").read_text()
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_compose_runs_api_workers_redis_and_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"api", "worker", "redis", "postgres"} <= set(services)
    for name in ("api", "worker"):
        env = services[name]["environment"]
        assert env["YOMITORI_REDIS_URL"].startswith("redis://")
        assert env["YOMITORI_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "yomitori-data:/data" in services[name]["volumes"]
    assert "C.UTF-8" in services["postgres"]["environment"]["POSTGRES_INITDB_ARGS"]


def test_system_package_script_is_idempotent() -> None:
    # everything is installed by now (the test command ran it): a second run is a no-op
    result = subprocess.run(["bash", str(ROOT / "scripts" / "system-packages.sh"), "--test"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "installing" not in result.stderr
