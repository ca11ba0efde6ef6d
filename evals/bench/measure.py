"""Measuring helpers: interleaved rounds, percentiles, and the machine's load around a part.

Every row compares the product with its raw primitive in the same run. Rounds alternate which
of the two goes first (product-primitive, then primitive-product, ...), so a drift in machine
load or a warm cache favours neither.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

P = TypeVar("P")
R = TypeVar("R")


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def load_average() -> list[float]:
    """The 1, 5 and 15-minute load averages (runnable processes), rounded."""
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class LoadNote:
    """The machine's load while a part ran: load averages before and after, and the cores."""

    cores: int = field(default_factory=cores)
    before: list[float] = field(default_factory=load_average)
    after: list[float] = field(default_factory=list)

    def close(self) -> LoadNote:
        self.after = load_average()
        return self

    def as_dict(self) -> dict[str, Any]:
        return {"cores": self.cores, "before": self.before, "after": self.after}

    def text(self) -> str:
        one = f"{self.before[0]:.1f}→{self.after[0]:.1f}" if self.after else f"{self.before[0]}"
        return f"load {one} on {self.cores} cores"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank; values need not be sorted."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call of `fn` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, every thread) one call of `fn` takes.

    CPU time barely moves when other processes load the machine, so it shows extra work the
    product does even when wall-clock rounds are noisy; wall time still shows work that is
    not overlapped."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleave(
    rounds: int, product: Callable[[int], P], primitive: Callable[[int], R]
) -> tuple[list[P], list[R]]:
    """Run both `rounds` times, alternating which goes first; each gets the round number."""
    products: list[P] = []
    primitives: list[R] = []
    for i in range(rounds):
        if i % 2 == 0:
            products.append(product(i))
            primitives.append(primitive(i))
        else:
            primitives.append(primitive(i))
            products.append(product(i))
    return products, primitives


async def ainterleave(
    rounds: int,
    product: Callable[[int], Awaitable[P]],
    primitive: Callable[[int], Awaitable[R]],
) -> tuple[list[P], list[R]]:
    """`interleave` for coroutines."""
    products: list[P] = []
    primitives: list[R] = []
    for i in range(rounds):
        if i % 2 == 0:
            products.append(await product(i))
            primitives.append(await primitive(i))
        else:
            primitives.append(await primitive(i))
            products.append(await product(i))
    return products, primitives


def fmt_ms(seconds: float) -> str:
    """'4.2 ms' for a duration given in seconds."""
    ms = seconds * 1000
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.1f} s"
