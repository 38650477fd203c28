"""The command line loads the lab only for the commands that train or evaluate: `antifraud serve` never does."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer.main

from antifraud.cli import warnings as warnings_cli

PROBE = """
import json, sys
import typer.main
from typer.testing import CliRunner
from antifraud.cli import app
help_out = CliRunner().invoke(app, ["--help"])
assert help_out.exit_code == 0, help_out.output
serve = typer.main.get_command(app).get_command(None, "serve")
assert serve is not None and serve.name == "serve"
print(json.dumps(sorted(m for m in sys.modules if m.startswith("antifraud."))))
"""


def _modules_loaded(tmp_path) -> list[str]:
    env = {**os.environ, "ANTIFRAUD_DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_and_the_serve_command_never_import_the_lab(tmp_path) -> None:
    loaded = _modules_loaded(tmp_path)
    assert "antifraud.cli.serve" in loaded and "antifraud.cli.warnings" in loaded  # the whole app was built
    assert [m for m in loaded if m == "antifraud.lab" or m.startswith("antifraud.lab.")] == []


def test_the_train_command_offers_the_labs_own_defaults() -> None:
    from antifraud.lab.warnings import train

    params = {p.name: p.default for p in typer.main.get_command(warnings_cli.app).commands["train"].params}
    assert (params["scale"], params["days"]) == (train.TRAIN_SCALE, train.TRAIN_DAYS)
