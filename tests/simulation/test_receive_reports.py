"""Reports arriving at intake: the calibrated daily rate, complete victim fields, identifiers that match."""

from __future__ import annotations

import pyarrow.compute as pc

from antifraud.identifiers import parse_bank_card, parse_phone, parse_resident_id
from antifraud.identifiers.urls import parse_url
from antifraud.simulation import expected_reports_per_day
from antifraud.simulation.texts import NAMED_LEGIT_APPS, NAMED_LEGIT_SITES

from .conftest import FRAUD_ONLY, Run, run


def test_expected_rate_is_38_reports_a_day_at_full_scale() -> None:
    assert abs(expected_reports_per_day(1.0) - 38.36) < 0.01
    assert abs(expected_reports_per_day(1.0) * 365 - 14_000) < 1


def test_sixty_days_at_scale_005_bring_the_expected_number_of_reports() -> None:
    result = run(seed=31, scale=0.05, days=60, config=FRAUD_ONLY)
    expected = expected_reports_per_day(0.05) * 60  # 115
    assert abs(len(result.reports) - expected) < 0.25 * expected


def test_report_rate_holds_over_months(fraud_year: Run) -> None:
    expected = expected_reports_per_day(fraud_year.sim.scale) * fraud_year.sim.days
    assert abs(len(fraud_year.reports) - expected) < 0.08 * expected


def test_reports_carry_valid_victim_fields_and_a_chinese_narrative(fraud_year: Run) -> None:
    city = fraud_year.sim.city
    for report in fraud_year.reports[:300]:
        rid = parse_resident_id(report.victim_id_number)
        assert rid.division_code == report.district_code
        assert parse_phone(report.victim_phone).country_code == "CN"
        assert report.loss_fen == sum(t.amount_fen for t in report.transfers) > 0
        assert report.victim_name and "报案人" + report.victim_name in report.narrative
        assert report.time > report.fraud_start
        assert report.time.tzinfo is not None
        assert all(t.from_card == report.victim_card for t in report.transfers)
        assert report.occupation and report.education and 16 <= report.victim_age <= 90
    assert len({r.report_id for r in fraud_year.reports}) == len(fraud_year.reports)
    assert city.size > 0


LEGIT_HOSTS = {parse_url(u).host for u in NAMED_LEGIT_SITES}


def test_reported_identifiers_belong_to_the_gang_behind_the_episode(fraud_year: Run) -> None:
    truth = fraud_year.truth
    ids = {row["identifier"]: row for row in truth["identifiers"].to_pylist()}
    by_report = {t["report_id"]: t for t in truth["targets"].to_pylist() if t["report_id"]}
    for report in fraud_year.reports[:300]:
        target = by_report[report.report_id]
        for card in report.cards:
            assert ids[card]["role"] == "mule" and ids[card]["tier"] == 1
            assert ids[card]["gang_id"] == target["gang_id"]
            assert parse_bank_card(card).bank_code is not None
        for phone in report.phones:
            assert ids[phone]["gang_id"] == target["gang_id"]
            parse_phone(phone)
        for url in report.urls:  # the gang's site, or a legitimate one the victim also named (a look-alike)
            host = parse_url(url).host
            assert ids[host]["role"] == "phishing_site" if host in ids else host in LEGIT_HOSTS
        for app in report.apps:
            assert app in ids or app in NAMED_LEGIT_APPS[report.fraud_type]


def test_only_a_share_of_victims_report(fraud_year: Run) -> None:
    targets = fraud_year.truth["targets"]
    defrauded = targets.filter(pc.equal(targets["outcome"], "defrauded"))
    share = pc.sum(defrauded["will_report"]).as_py() / defrauded.num_rows
    assert abs(share - 0.62) < 0.05
