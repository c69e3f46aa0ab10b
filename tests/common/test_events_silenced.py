"""Announcements inside ``events.silenced()`` reach no subscriber; outside it they do again."""

from common import events


def test_silenced_announcements_reach_no_one():
    heard = []
    events.subscribe("test.silenced", lambda **payload: heard.append(payload))
    events.announce("test.silenced", n=1)
    with events.silenced():
        events.announce("test.silenced", n=2)
    events.announce("test.silenced", n=3)
    assert heard == [{"n": 1}, {"n": 3}]
