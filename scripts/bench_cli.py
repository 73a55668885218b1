#!/usr/bin/env python3
"""Benchmarks of the callq binary (figures, not tests): filter speed against jq,
peak memory when streaming, start-up time, and how many requests `count` needs.
Called by scripts/bench; prints figures and ratios side by side. Asserts nothing
about time, but exits non-zero when callq and jq disagree on the rows."""
import os
import re
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLQ = os.path.join(ROOT, ".build", "release", "callq")
DATA = os.path.join(ROOT, "bench-data")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def timed(cmd, runs=RUNS, shell=False):
    """Median wall time of `cmd` (output discarded) over `runs` runs."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, shell=shell)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


class Simulator:
    """`callq sim` on a free loopback port."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([CALLQ, "sim", "--port", "0", *args], stdout=subprocess.PIPE, text=True)
        banner = self.proc.stdout.readline()
        m = re.search(r"at (\S+)\s+uuid=(\S+)\s+secret-key=(\S+)\s+tasks=(\S+)", banner)
        if not m:
            self.stop()
            raise SystemExit(f"bench: unexpected simulator banner: {banner!r}")
        self.url, self.uuid, self.secret = m.group(1), m.group(2), m.group(3)
        self.tasks = m.group(4).split(",")

    def args(self):
        return ["--base-url", self.url, "--uuid", self.uuid, "--secret-key", self.secret,
                "--task", self.tasks[0], "--no-progress"]

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def export(orders):
    """bench-data/orders-N.ndjson, exported from a simulator task through callq itself."""
    path = os.path.join(DATA, f"orders-{orders}.ndjson")
    if os.path.exists(path):
        return path
    os.makedirs(DATA, exist_ok=True)
    sim = Simulator("--tasks", "1", "--orders", str(orders), "--seed", "5")
    try:
        t0 = time.perf_counter()
        run([CALLQ, *sim.args(), "--concurrency", "8", "-c",
             f"set max_pages = 100000; orders into '{path}'"])
        print(f"  exported {orders:,} orders in {time.perf_counter() - t0:.1f} s to {path}")
    finally:
        sim.stop()
    return path


def section_filter():
    print("== filter: saved NDJSON, `where status in (6,10) and duration > 30` (median of %d)" % RUNS)
    path = export(200_000)
    size = os.path.getsize(path) / 1e6
    q = f"orders from file '{path}' where status in (6, 10) and duration > 30"
    jq = ("select((.callInfoDetail.callStatus == 6 or .callInfoDetail.callStatus == 10)"
          " and .callInfoDetail.callDuration > 30)")
    a = run([CALLQ, "--format", "ndjson", "-c", q]).stdout.splitlines()
    b = run(["jq", "-c", jq, path]).stdout.splitlines()
    same = len(a) == len(b)
    t_callq = timed([CALLQ, "--format", "ndjson", "-c", q])
    t_jq = timed(["jq", "-c", jq, path])
    print(f"  file            {size:8.1f} MB, 200,000 orders, {len(a):,} rows match (jq: {len(b):,})")
    print(f"  callq           {t_callq:8.3f} s   {size / t_callq:7.1f} MB/s")
    print(f"  jq -c select    {t_jq:8.3f} s   {size / t_jq:7.1f} MB/s")
    print(f"  ratio           {t_jq / t_callq:8.2f}x faster than jq (goal >= 2x)")
    return same


def peak_rss_mb(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr.strip().splitlines()
    return int(out[-1]) / 1024


def section_memory():
    print("== memory: peak RSS streaming orders to ndjson")
    small, large = export(20_000), export(200_000)
    r_small = peak_rss_mb([CALLQ, "--format", "ndjson", "-c", f"orders from file '{small}'"])
    r_large = peak_rss_mb([CALLQ, "--format", "ndjson", "-c", f"orders from file '{large}'"])
    print(f"  from file  20,000 orders   {r_small:7.1f} MB")
    print(f"  from file 200,000 orders   {r_large:7.1f} MB   growth {r_large / r_small:.2f}x (goal <= 1.2x, <= 64 MB)")
    results = []
    for n in (20_000, 200_000):
        sim = Simulator("--tasks", "1", "--orders", str(n), "--seed", "5")
        try:
            results.append(peak_rss_mb([CALLQ, *sim.args(), "--concurrency", "8", "--format", "ndjson", "-c",
                                        "set max_pages = 100000; orders"]))
        finally:
            sim.stop()
    print(f"  from API   20,000 orders   {results[0]:7.1f} MB")
    print(f"  from API  200,000 orders   {results[1]:7.1f} MB   growth {results[1] / results[0]:.2f}x")
    return True


def section_startup():
    print("== start-up: median wall time of 20 runs")
    q = "explain orders where status = busy"
    plain = timed([CALLQ, "--task", "t", "-c", q], runs=20)
    demo = timed([CALLQ, "--demo", "-c", q], runs=20)
    print(f"  callq -c '{q}'          {plain * 1000:7.1f} ms (goal <= 30 ms)")
    print(f"  callq --demo -c '{q}'   {demo * 1000:7.1f} ms (starts the simulator)")
    return True


def section_count():
    print("== count pushdown: requests per query (from the table footer), 20,000-order task")
    sim = Simulator("--tasks", "1", "--orders", "20000", "--seed", "5")
    try:
        for q in ["orders count", "orders where status in (busy, 11) and duration > 30 count",
                  "orders count by status", "orders where name like '%a%' count"]:
            out = run([CALLQ, *sim.args(), "--format", "table", "-c", f"set max_pages = 100000; {q}"]).stdout.decode()
            m = re.search(r"(\d+) requests?", out)
            print(f"  {q:60s} {m.group(1) if m else '?':>5} requests")
    finally:
        sim.stop()
    return True


SECTIONS = {"filter": section_filter, "memory": section_memory, "startup": section_startup, "count": section_count}

if __name__ == "__main__":
    names = sys.argv[1:] or list(SECTIONS)
    ok = True
    for name in names:
        ok = SECTIONS[name]() and ok
    sys.exit(0 if ok else 1)
