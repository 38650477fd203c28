"""Visiting a reported site, opening a reported app, or opening a link from a suspect text."""

from __future__ import annotations

import pytest

from antifraud.classifier import text_verdicts
from antifraud.warnings.engine import InMemoryIndicatorStore, WarningScorer

from .builders import FRAUD_APP, PHISHING, VIRTUAL, event, new_warnings, scorer, store_with


@pytest.mark.parametrize("rules_only", [False, True], ids=["model", "rules"])
def test_a_visit_to_a_reported_site_raises_a_warning(rules_only: bool) -> None:
    s = scorer(store_with(("domain", f"https://{PHISHING}/login?c=1", "impersonate_authority")), rules_only)
    out = s.observe_many([event("visit", 0, f"www.{PHISHING}", extra={"kind": "domain"})])
    assert len(new_warnings(out)) == 1
    assert out[0].reasons[0] == "phishing_visit"
    assert out[0].fraud_type == "impersonate_authority"


def test_a_visit_to_a_subdomain_of_a_reported_site_counts() -> None:
    s = scorer(store_with(("domain", PHISHING, "impersonate_authority")))
    out = s.observe_many([event("visit", 0, f"h5.{PHISHING}", extra={"kind": "domain"})])
    assert "phishing_visit" in out[0].reasons


def test_opening_a_reported_app_raises_a_warning() -> None:
    s = scorer(store_with(("app", FRAUD_APP, "impersonate_authority")))
    out = s.observe_many([event("visit", 0, FRAUD_APP, extra={"kind": "app"})])
    assert len(new_warnings(out)) == 1 and "fraud_app" in out[0].reasons


def test_opening_a_link_from_a_text_by_an_unknown_number_raises_a_warning() -> None:
    text = "亲，店铺冲销量招聘点赞员，一单一结佣金5%-15%，加入：https://dianzan-renwu389.club/task?c=1"
    out = WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts).observe_many([
        event("sms", 0, VIRTUAL, text=text),
        event("visit", 6, "dianzan-renwu389.club", extra={"kind": "domain"}),
        event("visit", 15, "众享任务", extra={"kind": "app"}),
    ])
    warnings = new_warnings(out)
    assert len(warnings) == 1
    assert "sms_link_opened" in warnings[0].reasons
    assert warnings[0].time.minute == 6
    assert "app_after_contact" in {r for c in out for r in c.reasons}


def test_a_text_that_is_ignored_raises_nothing() -> None:
    text = "您已通过抖音点赞员初审，首单立返28元，下载任务APP：https://dianzan-renwu389.club/task"
    assert new_warnings(scorer().observe_many([event("sms", 0, VIRTUAL, text=text)])) == []


def test_well_known_sites_and_apps_are_never_evidence() -> None:
    s = scorer(store_with(("domain", "taobao.com", "fake_shopping"), ("app", "微信", "romance")))
    out = s.observe_many([event("visit", 0, "taobao.com", extra={"kind": "domain"}),
                          event("visit", 1, "微信", extra={"kind": "app"})])
    assert out == []


def test_opening_a_salespersons_link_and_app_is_no_warning() -> None:
    """The look-alike of the text above: an agent's advert from a virtual number, its link and app opened."""
    text = "您好，我是贝壳找房的小王，您上次看的那套房业主降价了，方便的话看看http://youpin-jiaju.com/a8k2p"
    out = WarningScorer(InMemoryIndicatorStore(), text_classifier=text_verdicts).observe_many([
        event("sms", 0, VIRTUAL, text=text),
        event("visit", 6, "youpin-jiaju.com", extra={"kind": "domain"}),
        event("visit", 15, "贝壳找房", extra={"kind": "app"}),
    ])
    assert new_warnings(out) == []
