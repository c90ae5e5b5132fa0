"""The Docker deployment is safe by default: no database manager listed, no master or
database password in the repository or the image (both required from the environment),
proxy mode only when asked for, the port published on this machine only."""

import configparser
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from passlib.context import CryptContext

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "config" / "odoo-docker.conf"
COMPOSE = ROOT / "docker" / "compose.yaml"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
VARIABLE = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


def _options(path):
    parser = configparser.RawConfigParser()
    parser.read(path)
    return dict(parser["options"])


def _interpolate(text, environment):
    """Compose's ${VAR:-default} and ${VAR:?error} (unset or empty alike)."""

    def value(match):
        name, kind, argument = match.groups()
        given = environment.get(name, "")
        if given:
            return given
        if kind == "?":
            raise LookupError(f"{name}: {argument}")
        return argument if kind == "-" else ""

    return VARIABLE.sub(value, text)


def test_the_configuration_template_holds_no_secret_and_lists_no_database():
    options = _options(TEMPLATE)
    assert options["list_db"] == "False"
    for key in ("admin_passwd", "db_password", "proxy_mode"):
        assert key not in options, f"{key} comes from the environment"
    assert options["dbfilter"] == "^nordic$"


def test_compose_requires_the_secrets_and_publishes_on_this_machine_only():
    text = COMPOSE.read_text()
    with pytest.raises(LookupError, match="ODOO_DB_PASSWORD"):
        _interpolate(text, {"ODOO_ADMIN_PASSWD": "x"})
    with pytest.raises(LookupError, match="ODOO_ADMIN_PASSWD"):
        _interpolate(text, {"ODOO_DB_PASSWORD": "x"})
    resolved = _interpolate(text, {"ODOO_ADMIN_PASSWD": "a", "ODOO_DB_PASSWORD": "b"})
    ports = re.findall(r'^\s*-\s*"([^"]*:8069)"\s*$', resolved, re.MULTILINE)
    assert ports == ["127.0.0.1:8069:8069"]
    assert "ODOO_PROXY_MODE: False" in resolved
    assert "POSTGRES_PASSWORD: b" in resolved
    assert "ODOO_DB_PASSWORD: b" in resolved


def test_the_image_writes_its_configuration_at_start():
    text = DOCKERFILE.read_text()
    assert 'ENTRYPOINT ["/usr/local/bin/nordic-entrypoint"]' in text
    assert "COPY config/odoo-docker.conf /etc/odoo/odoo.conf.template" in text
    assert "COPY docker/entrypoint.sh /usr/local/bin/nordic-entrypoint" in text


@pytest.fixture
def start(tmp_path):
    """Run the entry point as the container would, with a stand-in ``odoo`` that records
    its arguments and the configuration file it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python3"  # the image's python3 has passlib, as this one has
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    odoo = bin_dir / "odoo"
    odoo.write_text('#!/bin/sh\necho "odoo $* ODOO_RC=$ODOO_RC"\n')
    odoo.chmod(0o755)
    target = tmp_path / "run" / "odoo.conf"

    def run(*args, **environment):
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "ODOO_CONF_TEMPLATE": str(TEMPLATE),
            "ODOO_RC": str(target),
            **environment,
        }
        result = subprocess.run(
            ["bash", str(ENTRYPOINT), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return result, target

    return run


def test_the_entry_point_refuses_to_start_without_the_secrets(start):
    result, target = start(ODOO_DB_PASSWORD="db-secret")
    assert result.returncode == 64
    assert "ODOO_ADMIN_PASSWD is not set" in result.stderr
    assert not target.exists()
    result, _target = start(ODOO_ADMIN_PASSWD="master")
    assert result.returncode == 64
    assert "ODOO_DB_PASSWORD is not set" in result.stderr
    result, _target = start(ODOO_ADMIN_PASSWD="a", ODOO_DB_PASSWORD="b", ODOO_PROXY_MODE="maybe")
    assert result.returncode == 64
    assert "ODOO_PROXY_MODE" in result.stderr


def test_the_entry_point_writes_the_secrets_from_the_environment(start):
    password = "Sälj-inte %(x)s ; # lösenord"
    result, target = start(
        "odoo", "-i", "association_base", ODOO_ADMIN_PASSWD=password, ODOO_DB_PASSWORD="db pw"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"odoo -i association_base ODOO_RC={target}"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    options = _options(target)
    assert options["admin_passwd"].startswith("$pbkdf2-sha512$600000$")
    assert password not in target.read_text(), "the master password is stored hashed"
    assert CryptContext(["pbkdf2_sha512"]).verify(password, options["admin_passwd"])
    assert options["db_password"] == "db pw"
    assert options["proxy_mode"] == "False"
    assert options["list_db"] == "False"
    result, target = start(ODOO_ADMIN_PASSWD="a", ODOO_DB_PASSWORD="b", ODOO_PROXY_MODE="True")
    assert result.returncode == 0, result.stderr
    assert _options(target)["proxy_mode"] == "True"
    assert result.stdout.strip() == f"odoo  ODOO_RC={target}", "odoo by default"
