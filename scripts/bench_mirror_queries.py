#!/usr/bin/env python3
"""The query half of the mirror benchmark (figures, not tests): the same orders
asked four questions `from mirror`, `from file` (the mirror's orders saved as
NDJSON) and by DuckDB's read_ndjson over that file — a filtered count, stats by
status, stats by day(started) and a filtered select — at 100,000 and 200,000
orders (20,000 with --quick). The sync's WAL is checkpointed before timing (it
is left at its peak size today; reads through it are several times slower).
callq is timed as whole processes (median of the runs, taking turns so drift
falls on all alike), DuckDB inside Python around the query alone. Answers are compared; a difference is reported and fails the run.
Called by scripts/bench: bench_mirror_queries.py [--quick] [--json FILE]."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cli import CALLQ, ROOT, SIM, Results, Simulator, duckdb_python, shown, timed_in_turns  # noqa: E402

SIZES = {"full": ((100_000, 200_000), 5), "quick": ((20_000,), 3)}

# (name, callq query after `orders from X`, DuckDB SQL over {src})
QUERIES = [
    ("filtered count", "where status in (6, 10, 11) and duration > 3 count",
     "select count(*) from {src} where callInfoDetail.callStatus in (6, 10, 11) and callInfoDetail.callDuration > 3"),
    ("stats by status", "stats count(), avg(duration) by status",
     "select callInfoDetail.callStatus, count(*), avg(callInfoDetail.callDuration) from {src} group by 1 order by 1"),
    ("stats by day(started)", "stats count(), avg(duration) by day(started)",
     "select date_trunc('day', to_timestamp(callInfoDetail.callStartTs) at time zone 'UTC') as d, count(*), "
     "avg(callInfoDetail.callDuration) from {src} group by 1 order by 1"),
    ("filtered select", "where status in (6, 10, 11) and duration > 3 and phone like '%5%' select id, name, duration",
     "copy (select orderID, userName, callInfoDetail.callDuration from {src} where callInfoDetail.callStatus in "
     "(6, 10, 11) and callInfoDetail.callDuration > 3 and userPhone like '%5%') to '/dev/null' (format csv)"),
]


def mirror_queries(orders, runs, results, env):
    """One size: sync a simulator task into a fresh mirror, save the same orders to a file, then time."""
    sim = Simulator(orders)
    work = tempfile.mkdtemp(prefix="callq-bench-mq-")
    path = os.path.join(work, "orders.ndjson")
    try:
        base = [CALLQ, SIM, "--concurrency", "8"]
        subprocess.run(sim.expand(base + ["-c", "set max_pages = 1000000; sync"]), check=True, env=env,
                       stdout=subprocess.DEVNULL)
        subprocess.run(sim.expand(base + ["-c", f"orders from mirror into '{path}'"]), check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wal = checkpoint(os.path.join(env["XDG_CACHE_HOME"], "callq", "mirror.sqlite3"))
        size = os.path.getsize(path) / 1e6
        python = duckdb_python()
        src = f"read_ndjson('{path}')"
        duck = [json.loads(line) for line in subprocess.run(
            [python, os.path.join(ROOT, "scripts", "bench_duckdb.py"), str(runs)] + [q[2].format(src=src) for q in QUERIES],
            check=True, stdout=subprocess.PIPE, text=True).stdout.splitlines()]
        ok = True
        print(f"  {orders:,} orders ({size:.1f} MB of NDJSON), median of {runs}; the sync's WAL "
              f"({wal / 1e6:.0f} MB) checkpointed first:")
        for (name, query, sql), d in zip(QUERIES, duck):
            mirror = sim.expand([CALLQ, SIM, "--format", "csv", "-c", f"orders from mirror {query}"])
            file = [CALLQ, "--format", "csv", "-c", f"orders from file '{path}' {query}"]
            same = answer(mirror, env) == answer(file, env)
            ok = ok and same
            t_mirror, t_file = timed_in_turns_env([mirror, file], runs, env)
            t_duck = d["wall_s"]
            print(f"    {name:22s} mirror {t_mirror:6.3f} s   file {t_file:6.3f} s   DuckDB {t_duck:6.3f} s   "
                  f"mirror {t_file / t_mirror:4.2f}x file (goal >= 1), {t_duck / t_mirror:4.2f}x DuckDB"
                  f"{'' if same else '   ANSWERS DIFFER'}")
            results.row("mirror", f"query: {name}", orders=orders, mirror_wall_s=round(t_mirror, 4),
                        file_wall_s=round(t_file, 4), duckdb_wall_s=round(t_duck, 4),
                        vs_file_x=round(t_file / t_mirror, 2), vs_duckdb_x=round(t_duck / t_mirror, 2),
                        goal_vs_file_x=1, met=t_mirror <= t_file, same_answer=same, wal_checkpointed_mb=round(wal / 1e6))
        return ok
    finally:
        sim.stop()
        try:
            os.remove(path)
        except OSError:
            pass


def checkpoint(db):
    """Folds the WAL a sync leaves into the file (as the next writer would), so the queries time
    the mirror, not reads through a WAL at its peak size; returns the WAL's size before."""
    wal = db + "-wal"
    before = os.path.getsize(wal) if os.path.exists(wal) else 0
    import sqlite3
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return before


def answer(cmd, env):
    """What a query prints, for comparing sources."""
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env).stdout


def timed_in_turns_env(cmds, runs, env):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        return timed_in_turns(cmds, runs)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main(argv):
    quick = "--quick" in argv
    path = argv[argv.index("--json") + 1] if "--json" in argv else None
    sizes, runs = SIZES["quick" if quick else "full"]
    results = Results(path)
    home = tempfile.mkdtemp(prefix="callq-bench-mq-home-")
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, "cache"), TZ="UTC")
    results.about("mirror", "queries: the same orders `from mirror`, `from file` (the mirror's orders saved as NDJSON) "
                            "and by DuckDB read_ndjson over that file; callq as whole processes (median of "
                            f"{runs}, taking turns), DuckDB timed inside Python around the query alone",
                  [shown([CALLQ, SIM, "-c", f"orders from mirror {q[1]}"]) for q in QUERIES]
                  + [q[2].format(src="read_ndjson('orders.ndjson')") for q in QUERIES])
    print("== mirror queries: from mirror vs from file vs DuckDB read_ndjson")
    ok = all([mirror_queries(n, runs, results, env) for n in sizes])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
