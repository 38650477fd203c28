"""The one error every identifier parser raises."""

from __future__ import annotations

from typing import Any


class IdentifierError(ValueError):
    """A value that is not a valid identifier; ``field`` names the input, ``reason`` says why (in English).

    ``code`` is the reason's message key (``ident.<code>`` in the UI's catalogue), ``params`` its parameters,
    so a page can say the reason in the user's language.
    """

    def __init__(self, field: str, reason: str, code: str | None = None, **params: Any) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.code = code
        self.params = params

    def __reduce__(self) -> Any:
        """Pickle with every argument, so errors survive process pools."""
        return (_rebuild, (self.field, self.reason, self.code, self.params))


def _rebuild(field: str, reason: str, code: str | None, params: dict[str, Any]) -> IdentifierError:
    return IdentifierError(field, reason, code, **params)
