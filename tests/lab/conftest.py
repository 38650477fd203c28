"""The lab's tests use the engine tests' small simulated city (written once per session)."""

from tests.warnings.engine.conftest import small_city  # noqa: F401
