"""One translation layer for every user-facing string: Chinese by default, English available."""

from __future__ import annotations

from antifraud.ui import messages

LANGUAGES = ("zh", "en")


def current_language() -> str:
    """The signed-in browser's language (Chinese unless the user switched)."""
    try:
        from nicegui import app

        lang = app.storage.user.get("lang")
    except (RuntimeError, AssertionError, KeyError, AttributeError):
        lang = None
    if lang in LANGUAGES:
        return lang
    from antifraud.settings import get_settings

    default = get_settings().default_language
    return default if default in LANGUAGES else "zh"


def t(key: str, lang: str | None = None, **kwargs: object) -> str:
    """The text for a message key in the current language, formatted with kwargs."""
    lang = lang or current_language()
    entry = messages.MESSAGES.get(key)
    if entry is None:
        return key
    text = entry[0] if lang == "zh" else entry[1]
    return text.format(**kwargs) if kwargs else text


def local_name(name_zh: str, name_en: str | None, lang: str | None = None) -> str:
    """Of a thing named in both languages (an organisation, a district), its name in the user's language."""
    return name_zh if (lang or current_language()) == "zh" or not name_en else name_en


FALLBACK_CODE = {"script": "other", "sms": "other"}


def label(group: str, code: str | None, lang: str | None = None) -> str:
    """The display name of a vocabulary code (fraud type, outcome, role …); the code if unknown."""
    if code is None:
        return ""
    table = messages.LABELS.get(group, {})
    entry = table.get(code) or table.get(FALLBACK_CODE.get(group, ""))
    if entry is None:
        return code
    return entry[0] if (lang or current_language()) == "zh" else entry[1]


def options(group: str, lang: str | None = None) -> dict[str, str]:
    """Code → display name for a select box, in vocabulary order."""
    return {code: (zh if (lang or current_language()) == "zh" else en)
            for code, (zh, en) in messages.LABELS.get(group, {}).items()}
