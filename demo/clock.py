"""A frozen clock that a story moves forward, step by step.

Under it, everything that reads the time (django's `timezone.now`, `auto_now` fields, the
transition runner's `stage_entered_at`, django-fsm-log's timestamps, a PDF's date) reads the
moment of the step: the dates are the machine's own, none is rewritten afterwards.

time-machine patches the clock at the C level, so that it reaches the defaults and
`auto_now` fields Django bound at import time, which a patched `timezone.now` would not.
It is a development dependency: `manage.py demo`, the factories and the benchmarks use it,
never the running application.
"""

import datetime

import time_machine
from django.utils import timezone

SECOND = datetime.timedelta(seconds=1)


class StoryClock:
    """`with StoryClock(start) as clock:` freezes the time at `start`; `clock.move_to(when)`
    moves it forward. Two steps are never at the same moment: a step asked for at the
    moment of the previous one (or within its second) runs a second later, so that their
    order is the order of their dates. Going back is refused."""

    def __init__(self, start: datetime.datetime):
        self.now = start
        self._travel = None
        self._traveller = None

    def __enter__(self):
        self._travel = time_machine.travel(self.now, tick=False)
        self._traveller = self._travel.start()
        return self

    def __exit__(self, *exc_info):
        self._travel.stop()
        self._travel = self._traveller = None

    def move_to(self, when: datetime.datetime) -> datetime.datetime:
        if when < self.now:
            raise ValueError(
                f"The story's clock goes forward only: {when:%Y-%m-%d %H:%M} comes before "
                f"{self.now:%Y-%m-%d %H:%M}."
            )
        when = max(when, self.now + SECOND)
        self._traveller.move_to(when, tick=False)
        self.now = when
        return when

    def advance(self, delta: datetime.timedelta = datetime.timedelta(days=1)):
        return self.move_to(self.now + delta)


def days_ago(days: int, *, salt: int = 0, now: datetime.datetime | None = None):
    """The moment `days` days before `now` (default: the real now), at a plausible office
    hour between 9:00 and 17:59 that `salt` varies, so that the steps of different stories
    taken the same day do not all happen at the same minute."""
    now = timezone.localtime(now)
    hour = 9 + (days + 3 * salt) % 9
    minute = (7 * days + 13 * salt) % 60
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment - datetime.timedelta(days=days)
