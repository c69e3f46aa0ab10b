"""Calendar quarters, the unit of Sec. 3 reporting: stored as the quarter's first day."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """'2026-Q3' or '2026 Q3'; ValueError otherwise."""
        cleaned = text.strip().upper().replace(" ", "-")
        year, _, number = cleaned.partition("-Q")
        if not (year.isdigit() and len(year) == 4 and number in {"1", "2", "3", "4"}):
            raise ValueError(f"{text!r} is not a quarter such as 2026-Q3.")
        return cls(int(year), int(number))

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The quarter's last day."""
        return self.next().start - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"


def last_complete(today: date) -> Quarter:
    """The latest quarter that has ended by ``today``."""
    return Quarter.of(today).previous()


def is_quarter_start(day: date) -> bool:
    return day.day == 1 and day.month in (1, 4, 7, 10)


def between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = []
    current = first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def latest_run(reported: set[date]) -> tuple[date | None, date | None]:
    """The latest unbroken run of reported quarters (given by their first days): (from, through)."""
    if not reported:
        return None, None
    through = Quarter.of(max(reported))
    first = through
    while first.previous().start in reported:
        first = first.previous()
    return first.start, through.start
