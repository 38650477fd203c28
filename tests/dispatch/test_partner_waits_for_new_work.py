"""A partner's system long-polls its queue: the call answers as soon as new work for it is committed."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.factories import card_of, case_payload


def _file(api, login, bank: str = "ICBC") -> dict:
    payload = case_payload(identifiers=[{"kind": "bank_card", "value": card_of(bank)}])
    r = api.post("/cases", headers=login("call_taker"), json=payload)
    assert r.status_code == 201, r.text
    return r.json()


def _newest(api, headers) -> int:
    listed = api.get("/requests?status=pending", headers=headers).json()
    return max((q["id"] for q in listed), default=0)


def _wait(api, headers, seconds: float, after_id: int):
    started = time.monotonic()
    r = api.get(f"/requests?status=pending&wait={seconds}&after_id={after_id}", headers=headers)
    return r, time.monotonic() - started


def test_a_waiting_call_answers_when_a_case_is_filed_for_that_bank(api, login) -> None:
    ccb = login("bank_liaison", "CCB")
    seen = _newest(api, ccb)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(_wait, api, ccb, 20, seen)
        time.sleep(0.5)
        assert not waiting.done()  # nothing new yet: the call waits
        case = _file(api, login, "CCB")
        r, took = waiting.result(timeout=15)
    assert r.status_code == 200, r.text
    assert case["requests"][0]["id"] in {q["id"] for q in r.json()}
    assert took < 10


def test_a_waiting_call_answers_at_once_when_there_is_work_it_has_not_seen(api, login) -> None:
    abc = login("bank_liaison", "ABC")
    seen = _newest(api, abc)
    case = _file(api, login, "ABC")
    r, took = _wait(api, abc, 20, seen)
    assert r.status_code == 200 and case["requests"][0]["id"] in {q["id"] for q in r.json()}
    assert took < 5


def test_nothing_new_answers_empty_when_the_time_is_up(api, login) -> None:
    psbc = login("bank_liaison", "PSBC")
    seen = _newest(api, psbc)
    r, took = _wait(api, psbc, 1, seen)
    assert r.status_code == 200 and [q for q in r.json() if q["id"] > seen] == []
    assert 0.9 <= took < 5


def test_another_banks_filing_does_not_wake_it_with_that_work(api, login) -> None:
    boc = login("bank_liaison", "BOC")
    seen = _newest(api, boc)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(_wait, api, boc, 2, seen)
        time.sleep(0.3)
        icbc_case = _file(api, login, "ICBC")
        r, took = waiting.result(timeout=15)
    assert r.status_code == 200
    assert icbc_case["requests"][0]["id"] not in {q["id"] for q in r.json()}
    assert all(q["target_org"] == "BOC" for q in r.json())
    assert took >= 1.9  # the ICBC filing did not end BOC's wait


def test_police_waiting_on_every_queue_wake_on_any_filing(api, login) -> None:
    commander = login("commander")
    seen = _newest(api, commander)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(_wait, api, commander, 20, seen)
        time.sleep(0.3)
        case = _file(api, login, "CCB")
        r, took = waiting.result(timeout=15)
    assert case["requests"][0]["id"] in {q["id"] for q in r.json()} and took < 10


def test_a_bad_wait_or_cursor_is_refused_by_name(api, login) -> None:
    icbc = login("bank_liaison", "ICBC")
    for query, field in (("wait=61", "wait"), ("wait=-1", "wait"), ("wait=soon", "wait"),
                         ("wait=5&after_id=-3", "after_id"), ("wait=5&after_id=x", "after_id")):
        r = api.get(f"/requests?status=pending&{query}", headers=icbc)
        assert r.status_code == 422, (query, r.text)
        assert field in {d["field"] for d in r.json()["detail"]}, (query, r.json())


def test_without_a_token_a_waiting_call_is_refused_at_once(api) -> None:
    started = time.monotonic()
    assert api.get("/requests?status=pending&wait=10").status_code == 401
    assert time.monotonic() - started < 5


def test_a_bad_status_still_names_the_field_when_waiting(api, login) -> None:
    r = api.get("/requests?status=later&wait=5", headers=login("bank_liaison", "ICBC"))
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "status"


def test_every_liaison_waiting_on_the_queue_gets_the_new_work(api, login) -> None:
    liaisons = [login("bank_liaison", "CMB") for _ in range(3)]
    seen = _newest(api, liaisons[0])
    with ThreadPoolExecutor(3) as pool:
        waiting = [pool.submit(_wait, api, headers, 20, seen) for headers in liaisons]
        time.sleep(0.5)
        case = _file(api, login, "CMB")
        answers = [w.result(timeout=15) for w in waiting]
    rid = case["requests"][0]["id"]
    for r, took in answers:
        assert r.status_code == 200 and rid in {q["id"] for q in r.json()} and took < 10
