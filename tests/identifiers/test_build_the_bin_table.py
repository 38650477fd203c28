"""The rules the shipped BIN table is built by: one issuer per BIN, range-filled runs dropped, types, lengths."""

from __future__ import annotations

import zipfile
from pathlib import Path

from antifraud.lab.bins.build_table import CARDBIN, CURATED, DATAWISE, Claim, _claim, merge, read_cardbin


def _source(*rows: tuple[str, str, str, int] | tuple[str, str, str, int, str]) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for row in rows:
        _claim(claims, *row)
    return claims


def _by_bin(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        out.setdefault(row["bin"], []).append(row)
    return out


def test_the_issuer_most_sources_name_wins_and_a_tie_goes_to_datawise() -> None:
    rows, notes = merge({
        CURATED: _source(("621977", "上海银行", "debit", 19), ("622000", "中国工商银行", "debit", 19)),
        CARDBIN: _source(("621977", "温州银行", "debit", 0), ("622000", "中国银行", "debit", 0)),
        DATAWISE: _source(("621977", "温州银行", "debit", 19), ("622000", "交通银行", "debit", 19)),
    })
    table = _by_bin(rows)
    assert table["621977"][0]["bank_name_zh"] == "温州银行"
    assert table["621977"][0]["source"] == "cardbin-1.0.0+datawise-1.0.12"
    assert table["622000"][0]["bank_name_zh"] == "交通银行" and table["622000"][0]["bank_code"] == "BOCOM"
    assert sum(n.startswith("conflict") for n in notes) == 2


def test_a_run_filled_by_range_loses_the_bins_no_other_source_confirms() -> None:
    run = [str(b) for b in range(622302, 622312)]
    rows, notes = merge({
        CURATED: _source(*((b, "中国工商银行", "debit", 19) for b in run)),
        CARDBIN: _source(("622303", "南京银行", "debit", 0), ("622308", "富滇银行", "debit", 0),
                         ("622306", "中国工商银行", "debit", 0)),
        DATAWISE: _source(),
    })
    table = _by_bin(rows)
    assert set(table) == {"622303", "622306", "622308"}
    assert table["622306"][0]["source"] == "curated+cardbin-1.0.0"
    assert table["622303"][0]["bank_name_zh"] == "南京银行"
    assert any(n.startswith("range-filled curated 622302-622311") for n in notes)


def test_a_long_run_no_source_contradicts_is_kept() -> None:
    run = [str(b) for b in range(621700, 621712)]
    rows, _ = merge({CURATED: _source(), CARDBIN: _source(), DATAWISE: _source(*((b, "中国建设银行", "debit", 19)
                                                                                for b in run))})
    assert len(rows) == len(run)


def test_card_types_and_lengths() -> None:
    rows, _ = merge({
        CURATED: _source(),
        CARDBIN: _source(("622812", "中国邮政储蓄银行", "semi_credit", 0, "绿卡准贷记卡"),
                         ("625919", "中国邮政储蓄银行", "credit", 0, "贷记卡"),
                         ("621098", "邮储银行", "debit", 0, "绿卡通")),
        DATAWISE: _source(("622812", "中国邮政储蓄银行", "credit", 16), ("625919", "中国邮政储蓄银行", "credit", 16),
                          ("491020", "中国农业银行", "debit", 16)),
    })
    table = _by_bin(rows)
    assert [(r["length"], r["card_type"]) for r in table["622812"]] == [("16", "semi_credit")]
    assert table["622812"][0]["card_name"] == "绿卡准贷记卡"
    assert [(r["length"], r["card_type"]) for r in table["621098"]] == [("19", "debit")]  # usual length
    assert table["621098"][0]["bank_code"] == "PSBC"
    assert [(r["length"], r["card_type"]) for r in table["491020"]] == [("16", "debit")]  # the source says debit


def test_what_is_left_out() -> None:
    rows, _ = merge({
        CURATED: _source(("95599", "中国农业银行", "debit", 19)),
        CARDBIN: _source(("370246", "中国工商银行", "credit", 0), ("62212", "中国工商银行", "debit", 0)),
        DATAWISE: _source(("62580000", "中国银联支付标记", "credit", 16), ("601100", "Discover Financial Services", "credit", 16),
                          ("95599", "中国农业银行", "debit", 19), ("90030", "光大银行", "debit", 16),
                          ("6221500", "中国邮政储蓄银行", "debit", 15)),
    })
    assert {r["bin"]: r["source"] for r in rows} == {"95599": "curated+datawise-1.0.12"}


def test_a_branch_keeps_its_bank_and_is_named() -> None:
    rows, _ = merge({CURATED: _source(), CARDBIN: _source(),
                     DATAWISE: _source(("621330", "中行新加坡分行", "debit", 16), ("621230", "浙江平湖工银村镇银行", "debit", 19))})
    table = _by_bin(rows)
    assert (table["621330"][0]["bank_code"], table["621330"][0]["card_name"]) == ("BOC", "新加坡分行")
    assert table["621230"][0]["bank_code"] == "" and table["621230"][0]["bank_name_zh"] == "浙江平湖工银村镇银行"


def test_cardbins_list_is_read_as_a_literal_never_run(tmp_path: Path) -> None:
    wheel = tmp_path / "cardbin.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("cardbin/bankbin.py", 'import os\nos.system("false")\n'
                    'BANKBIN = {"622848": "中国农业银行|金穗借记卡", "625996": "中国农业银行|--"}\n')
    claims = read_cardbin(wheel)
    assert set(claims) == {"622848", "625996"}
    assert claims["622848"].product == "金穗借记卡" and claims["622848"].types == {0: "debit"}
    assert claims["625996"].product == ""
