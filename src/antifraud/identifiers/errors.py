"""The one error every identifier parser raises."""

from __future__ import annotations


class IdentifierError(ValueError):
    """A value that is not a valid identifier; ``field`` names the input, ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[type[IdentifierError], tuple[str, str]]:
        """Pickle with both arguments, so errors survive process pools."""
        return (IdentifierError, (self.field, self.reason))
