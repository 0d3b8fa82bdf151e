"""The rule for the secret key: the embedded default makes its own, once; a
production configuration refuses to start without one.

Each case starts `localaction` in a fresh process with only the environment
it names (the settings are read once per process).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def localaction(*args: str, var: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTEST")
        and key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(LOCALACTION_VAR=str(var), **environment)
    return subprocess.run(
        [sys.executable, "-m", "localaction", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_embedded_default_makes_a_key_once_and_keeps_it(tmp_path):
    first = localaction("check", var=tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # its owner's only
    assert localaction("check", var=tmp_path).returncode == 0
    assert key_file.read_text() == key


@pytest.mark.parametrize(
    "production",
    [
        {"DATABASE_URL": "postgres://localaction@db.example.org/localaction"},
        {"REDIS_URL": "redis://cache.example.org:6379/0"},
        {"ALLOWED_HOSTS": "localaction.example.org"},
    ],
    ids=["database server", "redis", "public host names"],
)
def test_a_production_configuration_refuses_to_start_without_a_key(tmp_path, production):
    refused = localaction("check", var=tmp_path, **production)
    assert refused.returncode != 0
    assert "Set SECRET_KEY" in refused.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_production_configuration_starts_with_its_key(tmp_path):
    started = localaction(
        "check",
        var=tmp_path,
        SECRET_KEY="a-production-key-chosen-by-its-operators-" + "z" * 20,
        ALLOWED_HOSTS="localaction.example.org",
    )
    assert started.returncode == 0, started.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_bench_prepares_the_schema_of_a_new_database(tmp_path):
    database = tmp_path / "bench-new.sqlite3"
    ran = localaction(
        "bench", "ghg", "--lines", "500", "--repeat", "1", "--database-lines", "50",
        var=tmp_path, DATABASE_URL=f"sqlite:///{database}",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "agree" in ran.stdout
    assert database.stat().st_size > 0
