#!/usr/bin/env python3
"""Benchmarks of the callq binary (figures, not tests): filter speed against jq,
peak memory when streaming, start-up time, how many requests `count` needs, and
the requests and time of `calls count` (every attempt of every order) at 50 ms latency.
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
    "full": {"filter": 200_000, "memory": (20_000, 200_000), "count": 20_000, "runs": 5, "startup_runs": 20,
             "calls": (20_000, 50)},
    "quick": {"filter": 20_000, "memory": (2_000, 20_000), "count": 2_000, "runs": 3, "startup_runs": 5,
              "calls": (2_000, 20)},
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

    def __init__(self, orders, extra=()):
        self.proc = subprocess.Popen(sim_command(orders) + list(extra), stdout=subprocess.PIPE, text=True)
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


def timed_in_turns(cmds, runs):
    """Median wall time of each of `cmds` over `runs` rounds in which they take turns (A B C A B C …),
    so a machine's drift falls on all of them alike."""
    times = [[] for _ in cmds]
    for _ in range(runs):
        for k, cmd in enumerate(cmds):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


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


FILTER = "status in (6, 10, 11) and duration > 3"
JQ_FILTER = ("(.callInfoDetail.callStatus == 6 or .callInfoDetail.callStatus == 10 or "
             ".callInfoDetail.callStatus == 11) and .callInfoDetail.callDuration > 3")
SQL_FILTER = "callInfoDetail.callStatus in (6, 10, 11) and callInfoDetail.callDuration > 3"
VENV = os.path.join(DATA, "venv")


def duckdb_python():
    """A Python with DuckDB (from PyPI): bench-data/venv, made and filled when missing."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print("  installing DuckDB from PyPI into bench-data/venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if subprocess.run([python, "-c", "import duckdb"], stderr=subprocess.DEVNULL).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "duckdb"], check=True)
    return python


def filter_queries(path):
    """The three queries of the filter section: (name, callq, DuckDB SQL, jq)."""
    src = f"read_ndjson('{path}')"
    return [
        ("count", [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' where {FILTER} count"],
         f"select count(*) from {src} where {SQL_FILTER}",
         ["jq", "-n", f"reduce (inputs | select({JQ_FILTER})) as $o (0; . + 1)", path]),
        ("stats by status", [CALLQ, "--format", "ndjson", "-c",
                             f"orders from file '{path}' stats count(), avg(duration) by status"],
         f"select callInfoDetail.callStatus as s, count(*), avg(callInfoDetail.callDuration) from {src} "
         "group by 1 order by 1",
         ["jq", "-n", "reduce inputs as $o ({}; .[$o.callInfoDetail.callStatus | tostring] "
                      "|= {n: (.n + 1), sum: (.sum + $o.callInfoDetail.callDuration)})", path]),
        ("rows out as NDJSON", [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' where {FILTER}"],
         f"copy (select * from {src} where {SQL_FILTER}) to '/dev/null' (format json)",
         ["jq", "-c", f"select({JQ_FILTER})", path]),
    ]


def section_filter(sizes, results):
    orders, runs = sizes["filter"], sizes["runs"]
    print(f"== filter: saved NDJSON, callq against DuckDB and jq (median of {runs})")
    path = export(orders)
    size = os.path.getsize(path) / 1e6
    python = duckdb_python()
    queries = filter_queries(path)
    duck = [json.loads(line) for line in subprocess.run(
        [python, os.path.join(ROOT, "scripts", "bench_duckdb.py"), str(runs)] + [q[2] for q in queries],
        check=True, stdout=subprocess.PIPE, text=True).stdout.splitlines()]
    version, threads = duck[0]["version"], duck[0]["threads"]
    results.about("filter", f"saved NDJSON of {orders:,} orders ({size:.1f} MB), median wall time of {runs} runs, "
                            f"output discarded. DuckDB {version} (from PyPI) with {threads} threads, timed inside "
                            "Python around the query alone, each run on a fresh connection (its start-up not "
                            "counted); callq and jq as whole processes. Ratios are speeds: how many times "
                            "faster callq is",
                  export_commands(orders) + [f"{shown(q[1])}\n    # DuckDB: {q[2].replace(ROOT + '/', '')}\n"
                                             f"    # jq: {shown(q[3])}" for q in queries])
    ok = True
    counted = None
    for (name, callq, sql, jq), d in zip(queries, duck):
        out = run(callq).stdout.decode()
        answer = answer_of(name, out)
        if name == "count":
            counted = answer
            ok = ok and answer == int(d["result"][0][0])
        elif name == "stats by status":
            ok = ok and answer == [(int(r[0]), int(r[1])) for r in d["result"]]
        else:
            ok = ok and answer == counted
        t_callq, t_jq = timed(callq, runs), timed(jq, max(1, runs // 2))
        t_duck = d["wall_s"]
        rss = peak_rss_mb(callq)
        print(f"  {name:20s} callq {t_callq:6.3f} s ({size / t_callq:6.1f} MB/s, {rss:5.1f} MB)   "
              f"DuckDB {t_duck:6.3f} s   jq {t_jq:6.2f} s   "
              f"{t_duck / t_callq:5.2f}x DuckDB, {t_jq / t_callq:5.2f}x jq (goal >= 1.5x DuckDB)")
        results.row("filter", name, orders=orders, callq_wall_s=t_callq, callq_speed_mb_per_s=size / t_callq,
                    callq_peak_RSS_mb=rss, duckdb_wall_s=t_duck, jq_wall_s=t_jq,
                    vs_duckdb_x=t_duck / t_callq, vs_jq_x=t_jq / t_callq)
    if not ok:
        print("  callq and DuckDB disagree on an answer")
    return ok


def answer_of(name, out):
    """What callq answered, in the form compared with DuckDB's result."""
    lines = [json.loads(l) for l in out.splitlines() if l.strip()]
    if name == "count":
        return lines[0]["count"]
    if name == "stats by status":
        return [(r["status"], r["count()"]) for r in lines]
    return len(lines)


def section_memory(sizes, results):
    print("== memory: peak RSS streaming orders to ndjson")
    small, large = sizes["memory"]
    file_cmd = lambda n: [CALLQ, "--format", "ndjson", "-c", f"orders from file '{export(n)}'"]
    api_template = [CALLQ, SIM, "--concurrency", "8", "--format", "ndjson", "-c", "set max_pages = 100000; orders"]
    results.about("memory", f"peak resident memory of callq streaming all orders as NDJSON (output discarded), "
                            f"{small:,} against {large:,} orders; the API case talks to a local simulator. "
                            "From the API callq also remembers orderIDs, because rows are de-duplicated by orderID "
                            "within a query (a task still dialing shifts rows between pages): only the ids near "
                            "the newest rows, a window that grows "
                            "with how much the task grew during the scan, not with the result",
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
                  + (f"   growth {growth:.2f}x for {large // small}x the orders (goal <= 1.1x)" if n == large else ""))
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


def section_calls(sizes, results):
    orders, latency = sizes["calls"]
    runs = 3
    print(f"== calls: `calls count` on a {orders:,}-order task at {latency} ms latency (median of {runs})")
    extra = ["--latency", f"{latency}ms"]
    template = lambda c, q: [CALLQ, SIM, "--format", "ndjson", "--concurrency", str(c), "-c",
                             f"set max_pages = 100000; {q}"]
    footer = lambda c: [CALLQ, SIM, "--format", "table", "--concurrency", str(c), "-c",
                        "set max_pages = 100000; calls count"]
    results.about("calls", f"`calls count` (SPEC §11: listOrder pages enumerate the orders, listOrderDetail reads their "
                           f"attempts, 500 ids a request) against a simulator task of {orders:,} orders with {latency} ms "
                           f"added to every request; requests from the table footer, wall time the median of {runs} runs; "
                           f"the latency limit is ceil(pages/c)×latency + ceil(detail requests/c)×latency",
                  [shown(sim_command(orders) + extra), shown(template("C", "calls count")), shown(footer("C"))])
    sim = Simulator(orders, extra)
    try:
        for c in (4, 8):
            out = run(sim.expand(footer(c))).stdout.decode()
            m = re.search(r"(\d+) requests?", out)
            requests = int(m.group(1)) if m else None
            attempts = json.loads(run(sim.expand(template(c, "calls count"))).stdout.decode())["count"]
            wall = timed(sim.expand(template(c, "calls count")), runs)
            pages, details = -(-orders // 100), -(-orders // 500)
            limit = (-(-pages // c) + -(-details // c)) * latency / 1000
            print(f"  concurrency {c}: {attempts:,} attempts, {requests} requests "
                  f"({pages} listOrder + {details} listOrderDetail expected), {wall:.2f} s (latency limit {limit:.2f} s)")
            results.row("calls", f"calls count, concurrency {c}", orders=orders, attempts=attempts, requests=requests,
                        wall_s=wall, limit_s=limit, vs_limit_x=wall / limit)
    finally:
        sim.stop()
    return True


ANALYTICS = [
    ("stats … by status", "stats count(), avg(duration) by status"),
    # The goal line: the same aggregates, grouped by a computed time bucket instead of a field.
    ("stats … by day(started)", "stats count(), avg(duration) by day(started)"),
    # For information: what a conditional aggregate and arithmetic add on top.
    ("… + countif, arithmetic", "stats count(), 100 * countif(status = completed) / count() as answer_rate, "
                                "avg(duration) by day(started)"),
]


def section_analytics(sizes, results):
    """`stats … by day(started)` (a computed key, a conditional aggregate, arithmetic) against today's
    `stats … by status` over the same saved orders: the time per order, and their ratio."""
    orders, runs = sizes["filter"], sizes["runs"]
    print(f"== analytics: saved NDJSON, stats by a computed key against stats by a field (median of {3 * runs}, taking turns)")
    path = export(orders)
    cmds = [(name, [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' {q}"]) for name, q in ANALYTICS]
    results.about("analytics", f"saved NDJSON of {orders:,} orders, median wall time of {3 * runs} runs (the commands taking turns) of the whole "
                               "process; `per_order_us` is that time per order read, `vs_by_status_x` the time per "
                               "order against `stats … by status` (at most 1.00× means no slower)",
                  export_commands(orders) + [shown(c) for _, c in cmds])
    ok = True
    totals = []
    for name, cmd in cmds:
        out = run(cmd).stdout.decode()
        totals.append(sum(json.loads(l).get("count()", 0) for l in out.splitlines() if l.strip()))
    ok = all(t == orders for t in totals)
    # Three times as many runs as elsewhere, taking turns: the ratio is the figure here.
    medians = timed_in_turns([cmd for _, cmd in cmds], 3 * runs)
    base = medians[0]
    for (name, _), t, total in zip(cmds, medians, totals):
        print(f"  {name:28s} {t:6.3f} s  {t / orders * 1e6:6.2f} µs/order  {t / base:5.2f}x by status"
              f"{'' if total == orders else f'  (counted {total} of {orders})'}")
        results.row("analytics", name, orders=orders, wall_s=t, per_order_us=t / orders * 1e6, vs_by_status_x=t / base)
    if not ok:
        print("  the groups do not add up to the orders read")
    return ok


SECTIONS = {"filter": section_filter, "memory": section_memory, "startup": section_startup, "count": section_count,
            "calls": section_calls, "analytics": section_analytics}


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
