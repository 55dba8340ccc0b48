import random

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._retry import Backoff, parse_retry_after


def test_retry_after_parsing():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT") is None


def test_backoff_grows_and_is_jittered():
    backoff = Backoff(budget=1000, base=0.5, cap=10, rng=random.Random(1))
    delays = [backoff.next_delay() for _attempt in range(8)]
    assert all(0.5 <= d <= 10 for d in delays)
    assert max(delays[4:]) > max(delays[:2])
    assert len(set(delays)) == len(delays)


def test_backoff_honours_retry_after_plus_small_jitter():
    backoff = Backoff(budget=1000, rng=random.Random(2))
    delay = backoff.next_delay(retry_after=3)
    assert 3 <= delay <= 3.5


def test_backoff_stops_at_the_budget():
    backoff = Backoff(budget=2)
    assert backoff.next_delay(retry_after=5) is None
