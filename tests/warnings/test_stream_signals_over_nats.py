"""Signals streamed over NATS JetStream are ingested in batches, acknowledged after commit, never twice."""

from __future__ import annotations

import asyncio
import json
import os
import uuid

import pytest

from antifraud.core.db import session_scope
from antifraud.desk import service as desk
from antifraud.warnings.stream import STREAM, InProcessQueue, consume, publish
from tests.warnings.helpers import fresh_mobile, reported_identifiers, warning_lines

NATS_URL = os.environ.get("ANTIFRAUD_TEST_NATS_URL", "nats://127.0.0.1:4222")


def _nats_up() -> bool:
    import socket

    host, port = NATS_URL.removeprefix("nats://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _nats_up() and os.environ.get("CI") != "true", reason="no NATS server here")
def test_jetstream_consumer_ingests_and_a_redelivery_creates_nothing_twice(make_user) -> None:
    _, _, clerk = make_user("call_taker")
    _, _, boss = make_user("commander")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    tag = f"N{uuid.uuid4().hex[:8]}"
    lines = warning_lines(citizen, phone, card, tag)
    batches = []

    subject = f"antifraud.signals.test-{tag}"  # this run's own subject and consumer

    async def run() -> None:
        await publish(NATS_URL, lines + lines, subject=subject)  # the sender retried: each arrives twice
        stop = asyncio.Event()

        def seen(out):  # type: ignore[no-untyped-def]
            batches.append(out)
            if sum(b.accepted + b.duplicates for b in batches) >= 4:
                stop.set()

        try:
            await asyncio.wait_for(consume(NATS_URL, stop, timeout=0.5, on_batch=seen, subject=subject,
                                           durable=f"test-{tag}"), timeout=60)
        finally:
            import nats

            nc = await nats.connect(NATS_URL)
            await nc.jetstream().delete_consumer(STREAM, f"test-{tag}")
            await nc.close()

    asyncio.run(run())
    assert sum(b.accepted for b in batches) == 2 and sum(b.duplicates for b in batches) == 2
    with session_scope() as s:
        mine = [w for w in desk.list_warnings(s, boss, "all") if w.citizen == citizen]
    assert len(mine) == 1


def test_in_process_queue_is_the_embedded_default(make_user) -> None:
    _, _, clerk = make_user("call_taker")
    _, _, boss = make_user("commander")
    phone, card = reported_identifiers(clerk)
    citizen = fresh_mobile()
    results = []
    q = InProcessQueue(batch_size=10, on_batch=results.append)
    q.start()
    for line in warning_lines(citizen, phone, card, f"Q{uuid.uuid4().hex[:8]}"):
        q.put(line)
    q.put(json.dumps({"signal_id": "bad"}))
    q.stop()
    assert sum(r.accepted for r in results) == 2 and sum(len(r.rejected) for r in results) == 1
    with session_scope() as s:
        assert [w for w in desk.list_warnings(s, boss, "all") if w.citizen == citizen]
