"""Attached files of the case tests go to a folder of their own, not the user's data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _attachments_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from antifraud.settings import reset_settings

    monkeypatch.setenv("ANTIFRAUD_DATA_DIR", str(tmp_path / "data"))
    reset_settings()
    yield tmp_path / "data"
    monkeypatch.undo()
    reset_settings()
