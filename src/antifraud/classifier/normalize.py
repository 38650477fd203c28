"""Text normalisation before matching cues and counting n-grams.

Full-width → half-width (NFKC), traditional → simplified (a character table), lower case, the spaces
and dots fraudsters put between characters removed (公 安 局 → 公安局), common look-alike spellings of
contact words folded (薇信 → 微信), and URLs, phone numbers, other numbers and masks (XXX, ***)
replaced by one placeholder character each, so that "尾号1234" and "尾号xxxx" look the same. The
capitalised tokens of anonymised corpora (NAME, NUM, URL, <PHONE>, [LOC] …) become the same placeholders,
so a model reads "转NUM元到URL" and "转5000元到http://…" alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Placeholders are private-use characters: one character each, so n-grams treat them as a unit.
URL = "\ue000"
PHONE = "\ue001"
NUM = "\ue002"
LONG_NUM = "\ue003"
NAME = "\ue004"
PLACE = "\ue005"
PLACEHOLDER_NAMES: dict[str, str] = {URL: "<URL>", PHONE: "<PHONE>", NUM: "<NUM>", LONG_NUM: "<LONGNUM>",
                                     NAME: "<NAME>", PLACE: "<PLACE>"}
# Tokens anonymisers put in place of what they removed; upper case only, so English words are left alone.
_TOKEN_OF: dict[str, str] = {
    **dict.fromkeys(("URL", "LINK", "EMAIL", "WEBSITE"), URL), **dict.fromkeys(("PHONE", "TEL", "MOBILE"), PHONE),
    **dict.fromkeys(("NUM", "NUMBER", "DIGIT", "DIGITS", "MONEY", "AMOUNT", "DATE", "TIME", "ID", "CARD"), NUM),
    **dict.fromkeys(("NAME", "PER", "PERSON", "ORG", "COMPANY"), NAME),
    **dict.fromkeys(("LOC", "LOCATION", "PLACE", "ADDR", "ADDRESS", "CITY", "GPE"), PLACE),
}
_TOKEN_RE = re.compile(r"(?<![A-Za-z])[<\[{【(（]?(" + "|".join(sorted(_TOKEN_OF, key=len, reverse=True))
                       + r")(?:_?\d{1,2})?[>\]}】)）]?(?![A-Za-z])")

# Short service numbers carry meaning (96110 is the anti-fraud line, 95xxx are banks' own lines).
SERVICE_NUMBERS = frozenset({
    "110", "120", "119", "122", "12110", "12306", "12315", "12345", "12333", "12366", "12368", "12381",
    "96110", "10086", "10010", "10000", "10099", "95588", "95533", "95599", "95566", "95559", "95555",
    "95528", "95561", "95580", "95568", "95508", "95511", "95338", "95311", "95546", "95554", "95543",
    "95188", "95017", "95105", "11183", "12329",
})

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s" + _CJK + r"，。！？、；：（）【】「」\"'<>]+"
    r"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|top|xyz|vip|cc|me|io|org|info|shop|club"
    r"|site|online|app|ltd|link|wang|work|icu|fun|live|pro|co)\b(?:/[\w\-./?=&%#]*)?"
    r"|\[(?:链接|网址|url|link)\]|【(?:链接|网址)】"
)
_NUMBER_RE = re.compile(r"\d+(?:[.,:：]\d+)*")
_MASK_RE = re.compile(r"(?<![a-z])x{2,}(?![a-z])|\*{2,}|#{3,}|×{2,}")
# Three or more single characters each followed by the same kind of filler: "公 安 局", "安.全.账.户".
_SPACED_RE = re.compile(r"(?:[" + _CJK + r"][\s\-_.·|/~,，、*]+){2,}[" + _CJK + r"]")
_FILLER_RE = re.compile(r"[\s\-_.·|/~,，、*]+")
_PUNCT_RE = re.compile(r"[^\w" + _CJK + URL + PHONE + NUM + LONG_NUM + NAME + PLACE + r"]+")
_SPACES_RE = re.compile(r"\s+")
_SURROGATES_RE = re.compile(r"[\ud800-\udfff]")

# Look-alike spellings used to slip past keyword filters; folded to the plain word.
_LOOKALIKES: tuple[tuple[str, str], ...] = (
    ("薇信", "微信"), ("威信", "微信"), ("徽信", "微信"), ("维信", "微信"), ("v信", "微信"),
    ("vx", "微信"), ("wx", "微信"), ("微心", "微信"), ("扣扣", "qq"), ("蔻蔻", "qq"), ("企鹅号", "qq"),
    ("+微信", "加微信"), ("+qq", "加qq"), ("+v", "加微信"), ("加v", "加微信"), ("dai款", "贷款"),
    ("代款", "贷款"), ("带款", "贷款"), ("货款秒批", "贷款秒批"), ("徵信", "征信"), ("账戸", "账户"),
    ("帐户", "账户"), ("帐号", "账号"), ("刷dan", "刷单"), ("➕", "加"),
)
_LOOKALIKE_RE = re.compile("|".join(re.escape(a) for a, _ in sorted(_LOOKALIKES, key=lambda p: -len(p[0]))))
_LOOKALIKE_MAP = dict(_LOOKALIKES)


def _number_token(match: re.Match[str]) -> str:
    """Keep service numbers; mobile numbers, long and short numbers become one placeholder each."""
    raw = match.group(0)
    if raw in SERVICE_NUMBERS:
        return raw
    digits = sum(ch.isdigit() for ch in raw)
    if digits == 11 and raw[0] == "1" and raw.isdigit():
        return PHONE
    return LONG_NUM if digits >= 7 else NUM


def _join_spaced(match: re.Match[str]) -> str:
    """Drop the filler between characters spelled out one by one."""
    return _FILLER_RE.sub("", match.group(0))


def normalize(text: str, t2s: Mapping[int, int] | None = None) -> str:
    """Canonical form of a text for matching: simplified, lower case, placeholders, single spaces."""
    if not text:
        return ""
    out = unicodedata.normalize("NFKC", _SURROGATES_RE.sub("", text))
    out = _TOKEN_RE.sub(lambda m: _TOKEN_OF[m.group(1)], out)
    if t2s:
        out = out.translate(t2s)
    out = out.lower()
    out = _URL_RE.sub(URL, out)
    out = _LOOKALIKE_RE.sub(lambda m: _LOOKALIKE_MAP[m.group(0)], out)
    out = _MASK_RE.sub(NUM, out)
    out = _NUMBER_RE.sub(_number_token, out)
    out = _SPACED_RE.sub(_join_spaced, out)
    out = _PUNCT_RE.sub(" ", out)
    return _SPACES_RE.sub(" ", out).strip()


def readable(fragment: str) -> str:
    """A normalised fragment with its placeholder characters shown as <URL>, <NUM> …"""
    for char, name in PLACEHOLDER_NAMES.items():
        fragment = fragment.replace(char, name)
    return fragment
