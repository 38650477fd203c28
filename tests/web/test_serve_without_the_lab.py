"""Serving the platform loads the runtime only: the lab's corpora and training stay out of the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from antifraud.web.app import create_app
create_app()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("antifraud."))))
"""


def test_the_served_app_never_imports_the_lab(tmp_path) -> None:
    env = {**os.environ, "ANTIFRAUD_DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert "antifraud.desk.pages" in loaded and "antifraud.classifier.engine" in loaded  # the app was built
    assert "antifraud.classifier" in loaded
    assert [m for m in loaded if m == "antifraud.lab" or m.startswith("antifraud.lab.")] == []
