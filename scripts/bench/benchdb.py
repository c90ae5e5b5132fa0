"""What the database benchmarks share: a fresh database with some addons, Odoo set up on
it, and a Swedish organisation with its chart of accounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def settings() -> dict[str, str]:
    """What scripts/setup decided on this machine (.local/db.env, .local/odoo.env)."""
    values = {}
    for name in ("db.env", "odoo.env"):
        for line in (PROJECT / ".local" / name).read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key] = value.strip("'")
    return values


def pg_env() -> dict[str, str]:
    local = settings()
    return {
        **os.environ,
        "PGHOST": local["DB_HOST"],
        "PGPORT": local["DB_PORT"],
        "PGUSER": local["DB_USER"],
        "PGPASSWORD": local["DB_PASSWORD"],
    }


def setup_args() -> tuple[list[str], list[str]]:
    """odoo-bin and its options, as scripts/common.sh builds them."""
    settings_ = settings()
    odoo_src = settings_["ODOO_SRC"]
    options = [
        "-c",
        str(PROJECT / "odoo.conf"),
        f"--addons-path={PROJECT / 'addons'},{odoo_src}/addons",
        f"--data-dir={PROJECT / '.local' / 'filestore'}",
        f"--db_user={settings_['DB_USER']}",
    ]
    for key, option in (
        ("DB_HOST", "db_host"),
        ("DB_PORT", "db_port"),
        ("DB_PASSWORD", "db_password"),
    ):
        if settings_.get(key):
            options.append(f"--{option}={settings_[key]}")
    return [sys.executable, f"{odoo_src}/odoo-bin"], options


def fresh_registry(db: str, modules: str):
    """Drop ``db``, create it with ``modules`` (no demo data) and return its registry."""
    odoo_bin, options = setup_args()
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True, env=pg_env())
    subprocess.run(
        [
            *odoo_bin,
            *options,
            "-d",
            db,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    import odoo  # noqa: PLC0415 (Odoo is set up by the line above's setup)

    odoo.tools.config.parse_config([*options, "-d", db, "--log-level=warn"])
    return odoo.modules.registry.Registry(db)


def swedish_company(env, name: str, **values):
    """A Swedish organisation with the BAS chart of accounts, and ``env`` working in it.
    The country is set on the partner first, so that creating the company does not try to
    install every Swedish module (only those the benchmark needs are installed)."""
    company = env["res.company"].create({"name": name, **values})
    company.partner_id.country_id = env.ref("base.se")
    env["account.chart.template"].try_loading("se", company=company, install_demo=False)
    return company, env(context=dict(env.context, allowed_company_ids=company.ids))
