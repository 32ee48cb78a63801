from __future__ import annotations

from core.clock import ManualClock
from core.flood import FloodGuard, Verdict


def test_burst_then_notice_then_pause_then_recovery() -> None:
    clock = ManualClock()
    guard = FloodGuard(rate=2, clock=clock, penalty=3)
    assert [guard.check(1) for _ in range(2)] == [Verdict.ALLOW, Verdict.ALLOW]
    assert guard.check(1) is Verdict.WARN
    assert guard.check(1) is Verdict.DROP
    clock.advance(2.9)
    assert guard.check(1) is Verdict.DROP
    clock.advance(0.2)
    assert guard.check(1) is Verdict.ALLOW


def test_steady_rate_is_never_punished() -> None:
    clock = ManualClock()
    guard = FloodGuard(rate=5, clock=clock)
    for _ in range(100):
        assert guard.check(1) is Verdict.ALLOW
        clock.advance(0.2)


def test_album_counts_once_but_a_new_album_counts() -> None:
    clock = ManualClock()
    guard = FloodGuard(rate=1, clock=clock)
    assert all(guard.check(1, "a") is Verdict.ALLOW for _ in range(10))
    assert guard.check(1, "b") is Verdict.WARN


def test_idle_people_are_forgotten() -> None:
    clock = ManualClock()
    guard = FloodGuard(rate=5, clock=clock)
    for person in range(2000):
        guard.check(person)
    clock.advance(120)
    for _ in range(1024):
        guard.check(0)
    assert len(guard._buckets) < 10
