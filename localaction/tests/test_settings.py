"""The rule for the secret key: the embedded default makes its own, once; a
production configuration refuses to start without one.

Each case starts `localaction` in a fresh process with only the environment
it names (the settings are read once per process).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse


def python(*args: str, var: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTEST")
        and key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(LOCALACTION_VAR=str(var), **environment)
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        # A new database's migrations (Wagtail's among them) take minutes on a
        # busy machine.
        timeout=600,
    )


def localaction(*args: str, var: Path, **environment: str) -> subprocess.CompletedProcess:
    return python("-m", "localaction", *args, var=var, **environment)


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


README = Path(__file__).resolve().parents[2] / "README.md"
PAGE_404 = (
    "import localaction.wsgi; from django.test import Client; "
    "print(Client().get('/no-such-page/', HTTP_HOST='localaction.example.org', secure=True)"
    ".status_code)"
)


def readme_production_environment() -> dict[str, str]:
    """The variables the README's step-by-step deployment exports."""
    text = README.read_text()
    steps = text[text.index("A PostgreSQL deployment, step by step") :]
    environment = {}
    for line in re.findall(r"^export (.+)$", steps, flags=re.MULTILINE):
        for name, value in re.findall(r"([A-Z_]+)=(\S+)", line):
            environment[name] = value
    return environment


def test_production_without_collected_static_files_refuses_to_start(tmp_path):
    production = readme_production_environment() | {"SECRET_KEY": "k" * 60}

    # Every page would answer 500 (the 404 too): the web server refuses to start
    # and the deployment check fails, saying what to do.
    checked = localaction("check", "--deploy", var=tmp_path, **production)
    served = python("-c", "import localaction.wsgi", var=tmp_path, **production)

    assert checked.returncode != 0
    assert "(localaction.E001) The static files are not collected" in checked.stderr
    assert served.returncode != 0
    assert "run `localaction collectstatic --noinput`" in served.stderr


def test_check_deploy_is_clean_with_the_readmes_production_settings(tmp_path):
    production = readme_production_environment()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT"} <= set(
        production
    )
    production |= {
        "SECRET_KEY": "a-production-key-chosen-by-its-operators-" + "z" * 30,
        # Compressing the files takes a minute and changes nothing checked here.
        "STATIC_COMPRESS": "0",
    }
    collected = localaction("collectstatic", "--noinput", var=tmp_path, **production)
    assert collected.returncode == 0, collected.stderr

    checked = localaction(
        "check", "--deploy", "--fail-level", "WARNING", var=tmp_path, **production
    )

    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout
    # And the pages answer: the 404 is a 404 (it took 500 before the files were collected).
    page = python(
        "-c", PAGE_404, var=tmp_path,
        **production | {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
    )  # fmt: skip
    assert page.stdout.strip() == "404", page.stderr


class _Scripts(HTMLParser):
    """Scripts written into a page: <script> without src, on… attributes."""

    def __init__(self):
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.inline.append(f"<script> at line {self.getpos()[0]}")
        self.inline += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]


def inline_scripts(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    return parser.inline


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("anonymous", "/"),
        ("anonymous", "/members/"),
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/no-such-page/"),
        ("anonymous", "/api/docs/"),
        ("editor", "/accounts/me/"),
        ("editor", "/members/de-freiburg/targets/new/"),
        ("secretariat", "/admin/"),
        ("secretariat", "/admin/network/region/add/"),
        ("secretariat", "/admin/axes/accessattempt/"),
        ("anonymous", "/members/de-freiburg/climate-action/"),
    ],
)
def test_pages_carry_a_strict_content_security_policy_and_no_inline_script(client_as, who, url):
    response = client_as(who).get(url)

    assert response.status_code in {200, 404}, url
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert inline_scripts(response.content.decode()) == []
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_template_writes_a_script_into_a_page():
    templates = Path(__file__).resolve().parents[1].glob("**/templates/**/*.html")
    found = {
        str(path): inline
        for path in templates
        if (inline := inline_scripts(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_api_documentation_loads_its_start_up_script_from_a_file(client):
    page = client.get(reverse("api-docs")).content.decode()
    script = client.get(reverse("api-docs"), {"script": ""})

    assert re.search(r'<script src="/api/docs/\?script="', page)
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
