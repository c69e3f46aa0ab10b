"""The tracker on two web nodes, two workers and two beats, with a replica and a shared bucket, surviving
the loss of one web node, one worker and the active beat half-way (bench/multinode.py does the work)."""

import json

import pytest
from django.db import connections

from bench.multinode import drop_database, run, settings_from_environment

# The test's own (migrated) database is the template of the run's database: transaction=True holds no
# transaction open on it, and every connection is closed before it is copied.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def test_two_nodes_lose_a_node_a_worker_and_the_beat_and_nothing_is_lost():
    template = connections["default"].settings_dict["NAME"]
    connections.close_all()  # the migrated test database is copied: no session may stay open on it
    cfg = settings_from_environment(agencies=12, threads=4, template=template)
    try:
        figures = run(cfg)
    finally:
        drop_database(cfg)
    print(json.dumps(figures, indent=2, default=str))
    # Every request was answered, the lost node's share by the other one.
    assert figures["journey_failures"] == []
    assert all(count > 0 for count in figures["requests_by_node"].values()), figures["requests_by_node"]
    assert figures["failed_over"] >= 1
    # Every flag equals the rule once the queues drained (the killed worker's task delivered again).
    assert figures["settle_seconds"] is not None, figures["flag_mismatches"]
    assert figures["flags_checked"] == cfg.agencies
    assert figures["flag_mismatches"] == [] and figures["outbox_left"] == 0
    assert figures["eligible"] == cfg.agencies // 2  # approved (1 in 4) and still submitted (1 in 4)
    # Every upload is there and reads back byte for byte from the surviving node.
    assert figures["documents_uploaded"] == 2 * cfg.agencies
    assert figures["documents_lost"] == [] and figures["documents_unreadable"] == []
    assert figures["applications_wrong_status"] == [] and figures["applicants_missing"] == []
    # The grant officer's fresh writes were read back at once, through the other node.
    assert figures["fresh_reads"] == cfg.agencies // 2 and figures["fresh_reads_wrong"] == []
    # Beat: one send per tick of every periodic task, from one beat at a time, and the standby took over.
    assert figures["beat_takeover_seconds"] is not None
    assert set(figures["beat_sends"]) == {
        "relay-eligibility-outbox",
        "expire-credentials",
        "reconcile-eligibility",
        "send-notifications",
        "expiry-reminders",
    }
    assert all(n == 0 for n in figures["beat_sent_twice"].values()), figures["beat_sent_twice"]
    # The heavy reads went to the replica.
    assert figures["heavy_reads"] > 0 and figures["replica_share_of_transactions"] > 0.1
