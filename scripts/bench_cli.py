#!/usr/bin/env python3
"""Benchmarks of the callq binary (figures, not tests): filter speed against jq,
peak memory when streaming, start-up time, and how many requests `count` needs.
Called by scripts/bench: bench_cli.py [--quick] [--json FILE] [section ...].
Prints figures and ratios side by side; with --json also appends one JSON line
per figure to FILE (rendered by bench_report.py). Asserts nothing about time,
but exits non-zero when callq and jq disagree on the rows."""
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLQ = os.path.join(ROOT, ".build", "release", "callq")
DATA = os.path.join(ROOT, "bench-data")
SIZES = {
    "full": {"filter": 200_000, "memory": (20_000, 200_000), "count": 20_000, "runs": 5, "startup_runs": 20},
    "quick": {"filter": 20_000, "memory": (2_000, 20_000), "count": 2_000, "runs": 3, "startup_runs": 5},
}
SIM = "$SIM"  # in a command template: the flags that connect callq to a running simulator


class Results:
    """Appends records to the --json file (or nowhere): an `about` line per section, then its rows."""

    def __init__(self, path):
        self.path = path

    def emit(self, record):
        if self.path:
            with open(self.path, "a") as f:
                f.write(json.dumps(record) + "\n")

    def about(self, section, text, commands):
        self.emit({"section": section, "about": text, "commands": commands})

    def row(self, section, name, **figures):
        self.emit({"section": section, "row": name, **figures})


class Simulator:
    """`callq sim` on a free loopback port, serving one task of `orders` orders."""

    def __init__(self, orders):
        self.proc = subprocess.Popen(sim_command(orders), stdout=subprocess.PIPE, text=True)
        banner = self.proc.stdout.readline()
        m = re.search(r"at (\S+)\s+uuid=(\S+)\s+secret-key=(\S+)\s+tasks=(\S+)", banner)
        if not m:
            self.stop()
            raise SystemExit(f"bench: unexpected simulator banner: {banner!r}")
        self.args = ["--base-url", m.group(1), "--uuid", m.group(2), "--secret-key", m.group(3),
                     "--task", m.group(4).split(",")[0], "--no-progress"]

    def expand(self, template):
        """`template` with $SIM replaced by this simulator's connection flags."""
        return [arg for word in template for arg in (self.args if word == SIM else [word])]

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def sim_command(orders):
    return [CALLQ, "sim", "--port", "0", "--tasks", "1", "--orders", str(orders), "--seed", "5"]


def shown(cmd):
    """`cmd` as the report shows it: paths relative to the repository, $SIM left as is."""
    words = []
    for word in cmd:
        word = word.replace(ROOT + "/", "")
        if word == SIM or re.fullmatch(r"[\w@%+=:,./-]+", word):
            words.append(word)
        elif not re.search(r'["$`\\!]', word):
            words.append(f'"{word}"')
        else:
            words.append(shlex.quote(word))
    return " ".join(words)


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def timed(cmd, runs):
    """Median wall time of `cmd` (output discarded) over `runs` runs."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss_mb(cmd):
    """Peak resident memory of `cmd` (output discarded), measured by GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr.strip().splitlines()
    return int(out[-1]) / 1024


def data_path(orders):
    return os.path.join(DATA, f"orders-{orders}.ndjson")


def export_template(orders):
    return [CALLQ, SIM, "--concurrency", "8", "-c", f"set max_pages = 100000; orders into '{data_path(orders)}'"]


def export_commands(orders):
    """How bench-data/orders-N.ndjson is made, as the report shows it."""
    return [shown(sim_command(orders)), shown(export_template(orders))]


def export(orders):
    """bench-data/orders-N.ndjson, exported from a simulator task through callq itself (kept between runs)."""
    path = data_path(orders)
    if os.path.exists(path):
        return path
    os.makedirs(DATA, exist_ok=True)
    sim = Simulator(orders)
    try:
        t0 = time.perf_counter()
        run(sim.expand(export_template(orders)))
        print(f"  exported {orders:,} orders in {time.perf_counter() - t0:.1f} s to {path}")
    finally:
        sim.stop()
    return path


def section_filter(sizes, results):
    orders, runs = sizes["filter"], sizes["runs"]
    print(f"== filter: saved NDJSON, `where status in (6,10) and duration > 30` (median of {runs})")
    path = export(orders)
    size = os.path.getsize(path) / 1e6
    callq = [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' where status in (6, 10) and duration > 30"]
    jq = ["jq", "-c", "select((.callInfoDetail.callStatus == 6 or .callInfoDetail.callStatus == 10)"
                      " and .callInfoDetail.callDuration > 30)", path]
    results.about("filter", f"saved NDJSON of {orders:,} orders ({size:.1f} MB), "
                            f"median wall time of {runs} runs, output discarded",
                  export_commands(orders) + [shown(callq), shown(jq)])
    a, b = run(callq).stdout.splitlines(), run(jq).stdout.splitlines()
    t_callq, t_jq = timed(callq, runs), timed(jq, runs)
    print(f"  file            {size:8.1f} MB, {orders:,} orders, {len(a):,} rows match (jq: {len(b):,})")
    print(f"  callq           {t_callq:8.3f} s   {size / t_callq:7.1f} MB/s")
    print(f"  jq -c select    {t_jq:8.3f} s   {size / t_jq:7.1f} MB/s")
    print(f"  ratio           {t_jq / t_callq:8.2f}x faster than jq (goal >= 2x)")
    for name, t, rows in (("callq", t_callq, len(a)), ("jq -c select", t_jq, len(b))):
        results.row("filter", name, orders=orders, rows=rows, wall_s=t, speed_mb_per_s=size / t,
                    speedup_vs_jq_x=t_jq / t)
    return len(a) == len(b)


def section_memory(sizes, results):
    print("== memory: peak RSS streaming orders to ndjson")
    small, large = sizes["memory"]
    file_cmd = lambda n: [CALLQ, "--format", "ndjson", "-c", f"orders from file '{export(n)}'"]
    api_template = [CALLQ, SIM, "--concurrency", "8", "--format", "ndjson", "-c", "set max_pages = 100000; orders"]
    results.about("memory", f"peak resident memory of callq streaming all orders as NDJSON (output discarded), "
                            f"{small:,} against {large:,} orders; the API case talks to a local simulator. "
                            "From the API callq also remembers the orderID of every order it has delivered, "
                            "because rows are de-duplicated by orderID within a query (a task still dialing "
                            "shifts rows between pages); that set is kept compactly (the id bytes end to end, "
                            "about 50 bytes an order with its hash table) and is what grows",
                  [shown(["/usr/bin/time", "-f", "%M", *file_cmd(n)]) for n in (small, large)]
                  + [shown(sim_command(n)) for n in (small, large)]
                  + [shown(["/usr/bin/time", "-f", "%M", *api_template])])
    figures = {("file", n): peak_rss_mb(file_cmd(n)) for n in (small, large)}
    for n in (small, large):
        sim = Simulator(n)
        try:
            figures[("API", n)] = peak_rss_mb(sim.expand(api_template))
        finally:
            sim.stop()
    for source in ("file", "API"):
        growth = figures[(source, large)] / figures[(source, small)]
        for n in (small, large):
            print(f"  from {source:4s} {n:9,} orders   {figures[(source, n)]:7.1f} MB"
                  + (f"   growth {growth:.2f}x for {large // small}x the orders (goal <= 1.2x)" if n == large else ""))
            results.row("memory", f"from {source}", orders=n, peak_RSS_mb=figures[(source, n)],
                        growth_x=growth if n == large else None)
    return True


def section_startup(sizes, results):
    runs = sizes["startup_runs"]
    print(f"== start-up: median wall time of {runs} runs")
    q = "explain orders where status = busy"
    cases = [("callq -c 'explain …'", [CALLQ, "--task", "t", "-c", q]),
             ("callq --demo -c 'explain …' (starts the simulator)", [CALLQ, "--demo", "-c", q])]
    results.about("startup", f"median wall time of {runs} runs of a query that makes no request",
                  [shown(cmd) for _, cmd in cases])
    for name, cmd in cases:
        ms = timed(cmd, runs) * 1000
        print(f"  {shown(cmd):60s} {ms:7.1f} ms")
        results.row("startup", name, median_ms=ms, runs=runs)
    print("  (goal <= 30 ms for the first)")
    return True


def explained(cmd):
    """From `explain`: the residual filter and how the count is pushed ("pushed", "pushed by F", "not pushed")."""
    out = run(cmd).stdout.decode()
    line = lambda key: (re.search(rf"^{key}: (.*)$", out, re.M) or [None, "?"])[1]
    return line("residual"), line("count").split(" (")[0]


def section_count(sizes, results):
    orders = sizes["count"]
    print(f"== count pushdown: requests per query (from the table footer), {orders:,}-order task")
    queries = ["orders count", "orders where status in (busy, 11) and duration > 30 count",
               "orders count by status", "orders where name like '%a%' count"]
    template = lambda q: [CALLQ, SIM, "--format", "table", "-c", f"set max_pages = 100000; {q}"]
    results.about("count", f"requests each query makes (from the table footer) against a simulator task of "
                           f"{orders:,} orders; `count` and `residual` are what `explain` says of the query",
                  [shown(sim_command(orders)), shown(template("QUERY")), shown(template("explain QUERY"))])
    sim = Simulator(orders)
    try:
        for q in queries:
            out = run(sim.expand(template(q))).stdout.decode()
            m = re.search(r"(\d+) requests?", out)
            requests = int(m.group(1)) if m else None
            residual, count = explained(sim.expand(template("explain " + q)))
            print(f"  {q:60s} {requests if m else '?':>5} requests   count {count}, residual {residual}")
            results.row("count", q, orders=orders, requests=requests, count=count, residual=residual)
    finally:
        sim.stop()
    return True


SECTIONS = {"filter": section_filter, "memory": section_memory, "startup": section_startup, "count": section_count}


def main(argv):
    sizes, path, names = SIZES["full"], None, []
    while argv:
        arg = argv.pop(0)
        if arg == "--quick":
            sizes = SIZES["quick"]
        elif arg == "--json":
            path = argv.pop(0)
        elif arg in SECTIONS:
            names.append(arg)
        else:
            raise SystemExit(f"bench_cli.py: unknown argument {arg!r} (sections: {', '.join(SECTIONS)})")
    results = Results(path)
    ok = True
    for name in names or list(SECTIONS):
        ok = SECTIONS[name](sizes, results) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
