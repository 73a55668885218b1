#!/usr/bin/env python3
"""Fault soak of the callq binary against `callq sim` (a test, not a benchmark).

For each seed: a fault-free simulator and a faulty one (busy 20%, HTTP 500 5%,
truncated replies 2%, 2 ms latency + up to 10 ms jitter) serve the same data
(same seed, tasks, orders). A fixed list of queries runs against both with
--concurrency 8 and the outputs must match: exactly for row queries (rows come
in server order, or in `order by` order), as sorted lines for `count by` (group
order is not part of the contract). Then a mutate run (--mutate-rate 0.3, new
orders appear while paging) of `orders select orderID` must list no orderID twice.
A faulty run that gives up after its retries ("after N attempts": with ~26% of
attempts failing this happens about once per few hundred requests) is run again,
up to twice, and counted as "gave up"; any other error fails the seed.
The mutate run must also return every one of the task's original orders (as
listed by the fault-free simulator): new orders shift rows between pages, and
none may be lost.
Prints one line per seed and a total; exits 1 on any mismatch, error, duplicate
or missing original order.

usage: scripts/soak [--seeds N] [--quick] [--first-seed N] [--orders N] [-v]"""
import argparse
import difflib
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLQ = os.path.join(ROOT, ".build", "release", "callq")
TASKS = 2
FAULTS = ["--busy-rate", "0.2", "--error-rate", "0.05", "--truncate-rate", "0.02",
          "--latency", "2ms", "--jitter", "10ms"]
RUN_TIMEOUT = 120
RERUNS = 2


class Simulator:
    """`callq sim` on a free loopback port (banner parsed as in bench_cli.py)."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([CALLQ, "sim", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        banner = self.proc.stdout.readline()
        m = re.search(r"at (\S+)\s+uuid=(\S+)\s+secret-key=(\S+)\s+tasks=(\S+)", banner)
        if not m:
            self.stop()
            raise RuntimeError(f"soak: unexpected simulator banner: {banner!r}")
        self.url, self.uuid, self.secret = m.group(1), m.group(2), m.group(3)
        self.tasks = m.group(4).split(",")

    def run(self, query):
        """(exit code, stdout lines, stderr) of one ndjson query on the first task."""
        cmd = [CALLQ, "--base-url", self.url, "--uuid", self.uuid, "--secret-key", self.secret,
               "--task", self.tasks[0], "--no-progress", "--format", "ndjson",
               "--concurrency", "8", "-c", query]
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, [], f"timed out after {RUN_TIMEOUT} s"
        return p.returncode, p.stdout.splitlines(), p.stderr.strip()

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def queries(tasks):
    """(query, compare sorted?, may be empty?) — sorted only where the output order
    is not defined (`count by` groups); row queries keep server or `order by` order."""
    names = ",".join(f"'{t}'" for t in tasks)
    return [
        ("orders", False, False),
        # busy / no-answer calls last 0 s, so this one is empty on the generated data
        ("orders where status in (busy, 11) and duration > 30", False, True),
        ("orders where status in (6, 10) and duration > 30", False, False),
        ("orders count by status", True, False),
        ("orders where intent = 'interested' select orderID, duration", False, False),
        ("orders order by duration desc limit 20", False, False),
        ("orders where name like '%a%' count", False, False),
        (f"orders in task {names} count", False, False),
    ]


def diff_excerpt(a, b, limit=12):
    lines = list(difflib.unified_diff(a, b, "fault-free", "faulty", n=1, lineterm=""))
    more = f"\n      … {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join("      " + l[:200] for l in lines[:limit]) + more


def gave_up(rc, err):
    return rc == 1 and re.search(r"after \d+ attempts", err) is not None


def order_ids(lines):
    ids = []
    for line in lines:
        m = re.search(r'"orderID"\s*:\s*"([^"]*)"', line)
        ids.append(m.group(1) if m else line)
    return ids


def soak_seed(seed, orders, verbose):
    """(queries equal, queries run, gave-up reruns, ids, duplicates, missing, failure messages)."""
    failures = []
    giveups = 0
    originals = []
    common = ["--seed", str(seed), "--tasks", str(TASKS), "--orders", str(orders)]
    clean = faulty = None
    try:
        clean = Simulator(*common)
        faulty = Simulator(*common, *FAULTS)
        if clean.tasks != faulty.tasks:
            failures.append(f"task ids differ: {clean.tasks} vs {faulty.tasks}")
        qs = queries(clean.tasks)
        equal = 0
        for q, unordered, may_be_empty in qs:
            rc_a, a, err_a = clean.run(q)
            rc_b, b, err_b = faulty.run(q)
            for _ in range(RERUNS):
                if not gave_up(rc_b, err_b):
                    break
                giveups += 1
                if verbose:
                    print(f"    gave up, rerun: {q}: {err_b[:160]}")
                rc_b, b, err_b = faulty.run(q)
            if rc_a != 0 or rc_b != 0:
                failures.append(f"seed {seed}: `{q}`: exit {rc_a} fault-free / {rc_b} faulty"
                                f"\n      {(err_a if rc_a != 0 else err_b)[:300]}")
                continue
            if not a and not may_be_empty:
                failures.append(f"seed {seed}: `{q}`: no output from the fault-free simulator")
                continue
            ca, cb = (sorted(a), sorted(b)) if unordered else (a, b)
            if ca == cb:
                equal += 1
                if verbose:
                    print(f"    ok  {len(a):5d} lines  {q}")
            else:
                note = " (same lines, different order)" if sorted(a) == sorted(b) else ""
                failures.append(f"seed {seed}: `{q}`: {len(a)} vs {len(b)} lines{note}\n"
                                + diff_excerpt(ca, cb))
        rc, lines, err = clean.run("orders select orderID")
        if rc != 0:
            failures.append(f"seed {seed}: fault-free `orders select orderID`: exit {rc}\n      {err[:300]}")
        originals = order_ids(lines)
    finally:
        for s in (clean, faulty):
            if s:
                s.stop()

    mut = None
    ids = dups = missing = 0
    try:
        mut = Simulator(*common, "--mutate-rate", "0.3", "--latency", "2ms", "--jitter", "10ms")
        rc, lines, err = mut.run("orders select orderID")
        if rc != 0:
            failures.append(f"seed {seed}: mutate `orders select orderID`: exit {rc}\n      {err[:300]}")
        seen = {}
        for key in order_ids(lines):
            seen[key] = seen.get(key, 0) + 1
        ids = len(seen)
        repeated = {k: n for k, n in seen.items() if n > 1}
        dups = sum(n - 1 for n in repeated.values())
        if dups:
            sample = ", ".join(f"{k} x{n}" for k, n in list(repeated.items())[:5])
            failures.append(f"seed {seed}: mutate: {dups} duplicate orderIDs (e.g. {sample})")
        if rc == 0:
            lost = [k for k in originals if k not in seen]
            missing = len(lost)
            if lost:
                pos = {k: i for i, k in enumerate(originals)}
                failures.append(f"seed {seed}: mutate: {missing} of {len(originals)} original orders missing, "
                                f"at rows {[pos[k] for k in lost][:12]} (e.g. {', '.join(lost[:3])})")
    finally:
        if mut:
            mut.stop()
    return equal, len(qs), giveups, ids, dups, missing, failures


def main():
    ap = argparse.ArgumentParser(description="Fault soak: callq against faulty and fault-free simulators.")
    ap.add_argument("--seeds", type=int, default=20, help="number of seeds (default 20)")
    ap.add_argument("--quick", action="store_true", help="3 seeds")
    ap.add_argument("--first-seed", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--orders", type=int, default=1500, help="orders per task (default 1500)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    opts = ap.parse_args()
    n = 3 if opts.quick else opts.seeds
    if not os.access(CALLQ, os.X_OK):
        sys.exit(f"soak: {CALLQ} missing (run scripts/soak, which builds it)")
    t_all = time.perf_counter()
    tot = dict(eq=0, q=0, gu=0, ids=0, dups=0, miss=0)
    all_failures = []
    for seed in range(opts.first_seed, opts.first_seed + n):
        t0 = time.perf_counter()
        eq, nq, gu, ids, dups, miss, failures = soak_seed(seed, opts.orders, opts.verbose)
        for k, v in zip(tot, (eq, nq, gu, ids, dups, miss)):
            tot[k] += v
        rerun = f" ({gu} gave up, rerun)" if gu else ""
        print(f"seed {seed}: {eq}/{nq} queries equal{rerun}, mutate: {ids:,} ids, {dups} duplicates, "
              f"{miss} originals missing, {time.perf_counter() - t0:.1f} s", flush=True)
        for f in failures:
            print("  FAIL " + f, flush=True)
        all_failures += failures
    verdict = "ok" if not all_failures else f"{len(all_failures)} failures"
    print(f"total: {n} seeds, {tot['eq']}/{tot['q']} queries equal ({tot['gu']} gave up, rerun), "
          f"mutate: {tot['ids']:,} ids, {tot['dups']} duplicates, {tot['miss']} originals missing, "
          f"{time.perf_counter() - t_all:.1f} s — {verdict}")
    sys.exit(1 if all_failures else 0)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
