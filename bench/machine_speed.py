"""How fast this machine runs Python right now, so that the figures of the other benchmarks
can be compared across machines: the sessions that measured the README's figures ran on
machines that differ by up to two times in single-core speed (translate-toolkit's html2po on
the same file and versions: 4.9 s on one, 10.9 s on another).

Prints the median of 5 runs of a fixed pure-Python workload (a 10-million-step loop) and of
a fixed SQLite workload (1,000,000 rows into an indexed table in memory), with the load
average. The README gives these beside its figures.

    python bench/machine_speed.py
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time


def python_loop() -> float:
    start = time.process_time()
    total = 0
    for n in range(10_000_000):
        total += n
    return time.process_time() - start


def sqlite_rows() -> float:
    rng = random.Random(1)
    rows = [(n, rng.getrandbits(62)) for n in range(1_000_000)]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (a INTEGER, b INTEGER)")
    connection.execute("CREATE INDEX t_b ON t (b)")
    start = time.process_time()
    with connection:
        connection.executemany("INSERT INTO t VALUES (?, ?)", rows)
    elapsed = time.process_time() - start
    connection.close()
    return elapsed


def main() -> None:
    load = os.getloadavg()[0]
    loop = statistics.median(python_loop() for _ in range(5))
    rows = statistics.median(sqlite_rows() for _ in range(5))
    print(
        f"Machine speed (CPU time, median of 5; lower is faster): a 10,000,000-step Python "
        f"loop {loop:.2f} s; 1,000,000 rows into an indexed SQLite table {rows:.2f} s "
        f"(load average {load:.2f} before)."
    )


if __name__ == "__main__":
    main()
