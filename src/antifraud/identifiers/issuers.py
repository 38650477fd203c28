"""Card issuers (发卡行): the registry of known issuers and their names, for BIN rows and imports."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Issuer:
    """A bank that issues cards: its code (empty when it has none here) and its names."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ResolvedIssuer:
    """An issuer named in some source, resolved to the registry where possible."""

    issuer: Issuer
    branch: str  # an overseas or city branch named after the bank, e.g. 澳门分行; empty otherwise


_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|信用卡中心)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_NOISE = re.compile(r"[^A-Z ]+")
_EN_TAIL = re.compile(r"\b(CO|LTD|LIMITED|CORP|CORPORATION|COMPANY|INC|PLC|THE)\b")


@cache
def registry() -> tuple[Issuer, ...]:
    """Every issuer in the shipped registry ``data/issuers.csv``."""
    return tuple(Issuer(r["code"], r["name_zh"], r["name_en"]) for r in _registry_rows())


def _registry_rows() -> list[dict[str, str]]:
    text = resources.files("antifraud.identifiers").joinpath("data", "issuers.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _clean_zh(name: str) -> str:
    """A Chinese issuer name without blanks, brackets' width differences or company suffixes."""
    name = name.strip().replace(" ", "").replace("(", "（").replace(")", "）")
    return _SUFFIXES.sub("", name)


def clean_en(name: str) -> str:
    """An English issuer name in capitals without punctuation or company words, for comparing."""
    words = _EN_TAIL.sub(" ", _EN_NOISE.sub(" ", name.upper()))
    return " ".join(words.split())


@cache
def _zh_index() -> dict[str, Issuer]:
    index: dict[str, Issuer] = {}
    for row, issuer in zip(_registry_rows(), registry(), strict=True):
        for name in [row["name_zh"], *filter(None, row["aliases_zh"].split("|"))]:
            index[_clean_zh(name)] = issuer
    return index


@cache
def _en_index() -> dict[str, Issuer]:
    index: dict[str, Issuer] = {}
    for row, issuer in zip(_registry_rows(), registry(), strict=True):
        for name in filter(None, [row["name_en"], *row["aliases_en"].split("|")]):
            index[clean_en(name)] = issuer
    return index


@cache
def by_code() -> dict[str, Issuer]:
    """Issuer code -> issuer, for issuers that have a code."""
    return {i.code: i for i in registry() if i.code}


def resolve_zh(name: str) -> ResolvedIssuer | None:
    """The registry issuer a Chinese name means (an alias, or a branch of it), or None."""
    name = _clean_zh(name)
    index = _zh_index()
    if name in index:
        return ResolvedIssuer(index[name], "")
    # a branch is the bank's name followed by a place: 中国工商银行澳门分行, 徽商银行合肥分行
    for known in sorted(index, key=len, reverse=True):
        rest = name[len(known):]
        if name.startswith(known) and rest and not re.search("银行|信用社|合作|村镇", rest):
            return ResolvedIssuer(index[known], rest)
    return None


def resolve_en(name: str) -> Issuer | None:
    """The registry issuer an English name means, by its cleaned name or the longest alias it starts with."""
    name = clean_en(name)
    index = _en_index()
    if name in index:
        return index[name]
    for known in sorted(index, key=len, reverse=True):
        if name.startswith(known + " "):
            return index[known]
    return None


def issuer_for_name(name_zh: str) -> Issuer:
    """The issuer for a Chinese name: the registry's when it knows the name, else one without a code."""
    found = resolve_zh(name_zh)
    if found:
        return found.issuer
    if not _CJK.search(name_zh):  # a foreign issuer of UnionPay cards, named in English: keep its words apart
        return Issuer("", " ".join(name_zh.split()), "")
    return Issuer("", _clean_zh(name_zh), "")
