#!/usr/bin/env python3
"""Runs DuckDB queries for scripts/bench_cli.py (figures, not tests):
bench_duckdb.py RUNS SQL... prints one JSON line per query: the median wall time of
RUNS runs of the query inside this process (each on a fresh connection, so nothing
is cached between runs; Python's start-up and `import duckdb` are not counted),
the threads DuckDB used, and the query's result (the first rows, to compare answers)."""
import json
import statistics
import sys
import time

import duckdb


def main(argv):
    runs = int(argv[0])
    for sql in argv[1:]:
        times, result = [], None
        for _ in range(runs):
            con = duckdb.connect()
            t0 = time.perf_counter()
            cur = con.execute(sql)
            rows = cur.fetchall() if cur.description else []
            times.append(time.perf_counter() - t0)
            threads = con.execute("select current_setting('threads')").fetchone()[0]
            con.close()
            result = rows[:50]
        print(json.dumps({"sql": sql, "wall_s": statistics.median(times), "threads": threads,
                          "version": duckdb.__version__, "result": [list(map(str, r)) for r in result]}))


if __name__ == "__main__":
    main(sys.argv[1:])
