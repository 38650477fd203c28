"""`antifraud serve` will not listen beyond this machine with the shipped secret key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from antifraud.settings import DEFAULT_SECRET_KEY


def _serve(host: str, secret: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTIFRAUD_SECRET_KEY=secret)
    # A port nobody listens on; the command must exit before it ever binds.
    return subprocess.run([sys.executable, "-m", "antifraud.cli", "serve", "--host", host, "--port", "9"],
                          check=False, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "antifraud.example.gov.cn"])
def test_default_secret_key_refused_off_loopback(host: str) -> None:
    out = _serve(host, DEFAULT_SECRET_KEY)
    assert out.returncode == 2
    assert "default secret key" in out.stderr and "ANTIFRAUD_SECRET_KEY" in out.stderr
