"""Every text a user reads exists in Chinese and English and reads with its parameters filled in."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import antifraud
from antifraud.ui import messages
from antifraud.ui.i18n import LANGUAGES, label, t
from antifraud.warnings.features import RULES, reason_message

SRC = Path(antifraud.__file__).parent
# One sample per parameter name a message uses; a new parameter needs a sample here.
SAMPLES: dict[str, object] = {
    "account": "6222020000000000001", "amount": "1,200.00", "at": "2026-03-01 10:22", "bad": 2,
    "by": "analyst1", "case_id": 7, "case_no": "JH2026000007", "cases": 3, "code": "old_rule",
    "confidence": "85%", "cues": "安全账户", "done": 40, "dropped": 5, "dup": 1, "held": "9,000.00",
    "kept": 50, "left": "0.00", "minutes": 2, "n": 4, "names": "王五", "new": 10, "open": 1,
    "skip": 2, "skipped": 1, "until": "2026-03-03 10:22", "due": "03-01 11:22", "m": 12, "s": 5, "name": "按时办结",
    "line": 3,
    "org": "CCB", "own": 12, "reason": "bad header", "rule": "FIFO", "score": "0.91", "seconds": 30,
    "share": "80%", "source": "icbc.csv", "total": 100, "type": "冒充公检法", "types": "冒充公检法",
    "unroutable": 0, "residents": "7,050,000", "group": "18-30 · 义乌市", "count": 27,
    "period": "2026-W47", "start": "2026-11-16", "end": "2026-11-22", "dimension": "年龄段",
    "version": 3, "most": 70, "month": "2026-11", "district": "义乌市", "age": "18–30岁", "loss": "1万至5万元",
    "text": "义乌市 18–30岁 刷单返利", "place": "义乌市", "status": "已批准", "note": "同意", "value": "-2.10",
    "low": "-3.90", "high": "-0.30", "day": "2026-11-20", "rate": "4.20",
    "old": "12,800.50",
    "min": 16, "max": 19, "field": "受害人身份证号", "has": 71, "weeks": 52, "year": 2026, "first": 2020, "last": 2100,
    "id": 1601, "kind": "止付", "job": 42,
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _render(key: str, lang: str, **parameters: object) -> str:
    entry = messages.MESSAGES[key]
    return t(key, lang, **(parameters or {n: SAMPLES[n] for n in _fields(entry[0]) | _fields(entry[1])}))


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_every_message_reads_filled_in_both_languages(key: str) -> None:
    zh, en = messages.MESSAGES[key]
    assert zh.strip() and en.strip(), f"{key}: a language is empty"
    assert _fields(zh) == _fields(en), f"{key}: zh takes {_fields(zh)}, en takes {_fields(en)}"
    missing = _fields(zh) - set(SAMPLES)
    assert not missing, f"{key}: give the parameters {missing} a sample in this test"
    for lang in LANGUAGES:
        text = _render(key, lang)
        assert "{" not in text and "}" not in text, f"{key} ({lang}) reads unfilled: {text}"
    assert _render(key, "zh") != key


@pytest.mark.parametrize("group", sorted(messages.LABELS))
def test_every_label_has_both_languages(group: str) -> None:
    for code, (zh, en) in messages.LABELS[group].items():
        assert zh.strip() and en.strip(), f"{group}.{code}: a language is empty"
        assert "{" not in zh + en, f"{group}.{code}: a label takes no parameters"
        assert (label(group, code, "zh"), label(group, code, "en")) == (zh, en)


def test_every_reason_a_warning_gives_reads_filled_in() -> None:
    for rule in RULES:
        key, parameters = reason_message(rule.code)
        assert key in messages.MESSAGES, f"the rule {rule.code} has no reason text"
        for lang in LANGUAGES:
            text = t(key, lang, **parameters)
            assert text.strip() and "{" not in text and "}" not in text, f"{rule.code} ({lang}): {text}"
    assert t("reason.indicator_call_long", "zh", **reason_message("indicator_call_long")[1]) == \
        "与涉案号码通话超过2分钟"
    key, parameters = reason_message("a_rule_since_removed")  # an old warning's stored reason still reads
    assert t(key, "en", **parameters) == "Other reason (a_rule_since_removed)"


def _calls_of_t(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "t"]


def _translating_modules() -> list[tuple[Path, ast.AST]]:
    """Every module that imports `t` from the translation layer."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.ImportFrom) and n.module == "antifraud.ui.i18n" and
               any(a.name == "t" for a in n.names) for n in ast.walk(tree)):
            found.append((path, tree))
    return found


def test_every_key_the_code_asks_for_exists_with_its_parameters() -> None:
    problems, seen = [], 0
    for path, tree in _translating_modules():
        where = path.relative_to(SRC)
        for call in _calls_of_t(tree):
            if not call.args:
                continue
            first, seen = call.args[0], seen + 1
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                entry = messages.MESSAGES.get(first.value)
                if entry is None:
                    problems.append(f"{where}:{call.lineno}: no message {first.value!r}")
                    continue
                given = {k.arg for k in call.keywords if k.arg}
                spread = any(k.arg is None for k in call.keywords)
                if not spread and _fields(entry[0]) - given:
                    problems.append(f"{where}:{call.lineno}: {first.value} left {_fields(entry[0]) - given} unfilled")
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefix = str(first.values[0].value)
                if not any(k.startswith(prefix) for k in messages.MESSAGES):
                    problems.append(f"{where}:{call.lineno}: no message starts with {prefix!r}")
    assert seen > 150  # the walk reached the pages
    assert not problems, "\n".join(problems)


def test_the_walk_catches_a_missing_key_and_an_unfilled_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = ast.parse('from antifraud.ui.i18n import t\nt("no.such.key")\nt("login.throttled")\n'
                     't("login.throttled", seconds=3)\nt(f"nav.{k}")\nt(f"nowhere.{k}")\n')
    monkeypatch.setattr(f"{__name__}._translating_modules", lambda: [(SRC / "x.py", tree)] * 31)
    with pytest.raises(AssertionError) as caught:
        test_every_key_the_code_asks_for_exists_with_its_parameters()
    text = str(caught.value)
    assert "no message 'no.such.key'" in text and "login.throttled left {'seconds'} unfilled" in text
    assert "no message starts with 'nowhere.'" in text and "starts with 'nav.'" not in text
