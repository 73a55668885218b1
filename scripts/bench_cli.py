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
import shutil
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLQ = os.path.join(ROOT, ".build", "release", "callq")
DATA = os.path.join(ROOT, "bench-data")
SIZES = {
    "full": {"filter": (200_000, 1_000_000), "memory": (20_000, 200_000), "count": 20_000, "runs": 5, "startup_runs": 20,
             "calls": (20_000, 50)},
    "quick": {"filter": (20_000,), "memory": (2_000, 20_000), "count": 2_000, "runs": 3, "startup_runs": 5,
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


def warm(path):
    """Reads `path` through (outside any timing), so that a run finds it in the page cache: this
    machine pages out file pages it sees as cold, and a 640 MB file read from the disk instead
    would time the disk, not the tools."""
    buffer = bytearray(16 << 20)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buffer):
            pass


def timed_in_turns(cmds, runs, warming=None):
    """Median wall time of each of `cmds` over `runs` rounds in which they take turns (A B C A B C …),
    so a machine's drift falls on all of them alike. With `warming` (a file), it is read through
    before each run."""
    times = [[] for _ in cmds]
    for _ in range(runs):
        for k, cmd in enumerate(cmds):
            if warming:
                warm(warming)
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
# Instructions per byte are counted on this many orders (the first lines of the smallest data set).
COUNTED_ORDERS = 100_000


def duckdb_cli():
    """DuckDB's command-line shell: `duckdb` on PATH, else bench-data/venv/bin/duckdb (PyPI's duckdb-cli)."""
    for candidate in (shutil.which("duckdb"), os.path.join(VENV, "bin", "duckdb")):
        if candidate and os.path.exists(candidate):
            return candidate
    print("  installing DuckDB's CLI from PyPI into bench-data/venv", flush=True)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([os.path.join(VENV, "bin", "python"), "-m", "pip", "install", "-q", "duckdb-cli"], check=True)
    return os.path.join(VENV, "bin", "duckdb")


def filter_queries(path):
    """The four queries of the filter section: (name, callq query, DuckDB SQL, jq program or None)."""
    src = f"read_ndjson('{path}')"
    return [
        ("count", f"where {FILTER} count",
         f"select count(*) from {src} where {SQL_FILTER}",
         ["-n", f"reduce (inputs | select({JQ_FILTER})) as $o (0; . + 1)"]),
        ("stats by status", "stats count(), avg(duration), max(duration) by status",
         f"select callInfoDetail.callStatus as s, count(*), avg(callInfoDetail.callDuration), "
         f"max(callInfoDetail.callDuration) from {src} group by 1 order by 1",
         ["-n", "reduce inputs as $o ({}; .[$o.callInfoDetail.callStatus | tostring] "
                "|= {n: (.n + 1), sum: (.sum + $o.callInfoDetail.callDuration), "
                "max: ([.max, $o.callInfoDetail.callDuration] | max)})"]),
        ("stats by day", "stats count(), 100 * countif(status = completed) / count() by day(started)",
         f"select cast(to_timestamp(callInfoDetail.callStartTs) at time zone 'UTC' as date) as d, count(*), "
         f"100 * count_if(callInfoDetail.callStatus = 6) / count(*) from {src} group by 1 order by 1",
         None),
        ("rows out as NDJSON", f"where {FILTER}",
         f"copy (select * from {src} where {SQL_FILTER}) to '/dev/stdout' (format json)",
         ["-c", f"select({JQ_FILTER})"]),
    ]


def instructions(cmd):
    """Instructions `cmd` (a callq command) executes in all its threads, counted by valgrind's callgrind;
    None without valgrind or a C compiler. Two workarounds for valgrind 3.19: a copy of the binary
    without DWARF (it gives up on Swift's), and scripts/valgrind-sigsuspend.c preloaded."""
    if not shutil.which("valgrind") or not shutil.which("cc"):
        return None
    shim, binary = os.path.join(DATA, "valgrind-sigsuspend.so"), os.path.join(DATA, "callq-stripped")
    if not os.path.exists(shim):
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim,
                        os.path.join(ROOT, "scripts", "valgrind-sigsuspend.c")], check=True)
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(CALLQ):
        shutil.copy(CALLQ, binary)
        subprocess.run(["strip", "-g", binary], check=True)
    out = os.path.join(DATA, "callgrind.out")
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, *cmd[1:]],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "LD_PRELOAD": shim})
    if os.path.exists(out):
        os.remove(out)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found and done.returncode == 0 else None


def counted_data(path):
    """The first COUNTED_ORDERS lines of `path` (callgrind is ~50× slower than a run)."""
    small = os.path.join(DATA, f"orders-{COUNTED_ORDERS}.ndjson")
    if not os.path.exists(small):
        with open(path, "rb") as f, open(small, "wb") as out:
            for _, line in zip(range(COUNTED_ORDERS), f):
                out.write(line)
    return small


def section_filter(sizes, results):
    runs = sizes["runs"]
    print(f"== filter: saved NDJSON, callq against DuckDB's CLI (whole processes taking turns, median of {runs})")
    duck = duckdb_cli()
    version = run([duck, "--version"]).stdout.decode().split()[0]
    commands = []
    ok = True
    for orders in sizes["filter"]:
        path = export(orders)
        size = os.path.getsize(path) / 1e6
        counted = counted_data(path) if orders >= COUNTED_ORDERS else path
        counted_mb = os.path.getsize(counted) / 1e6
        for name, q, sql, jq in filter_queries(path):
            callq = [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' {q}"]
            duck_cmd = [duck, "-csv", "-noheader", "-c", sql]
            if orders == sizes["filter"][0]:
                commands.append(f"{shown(callq)}\n    # DuckDB: duckdb -csv -noheader -c \"{sql.replace(ROOT + '/', '')}\"")
            answer = [json.loads(l) for l in run(callq).stdout.decode().splitlines() if l.strip()]
            theirs = run(duck_cmd).stdout.decode().splitlines()
            agree = same_answer(name, answer, theirs)
            ok = ok and agree
            t_callq, t_duck = timed_in_turns([callq, duck_cmd], runs, warming=path)
            rss, duck_rss = peak_rss_mb(callq), peak_rss_mb(duck_cmd)
            t_jq = timed(["jq", *jq, path], max(1, runs // 2)) if jq and orders <= 200_000 else None
            small = [CALLQ, "--format", "ndjson", "-c", f"orders from file '{counted}' {q}"]
            count = instructions(small)
            per_byte = count / (counted_mb * 1e6) if count else None
            print(f"  {orders:>9,} {name:20s} callq {t_callq:6.3f} s ({size / t_callq:6.1f} MB/s, {rss:5.1f} MB"
                  f"{f', {per_byte:5.1f} instr/B' if per_byte else ''})   DuckDB {t_duck:6.3f} s ({duck_rss:5.1f} MB)"
                  f"{f'   jq {t_jq:6.2f} s' if t_jq else ''}   {t_duck / t_callq:5.2f}x DuckDB (goal >= 1.5x)"
                  f"{'' if agree else '   ANSWERS DIFFER'}")
            results.row("filter", name, orders=orders, callq_wall_s=t_callq, callq_speed_mb_per_s=size / t_callq,
                        callq_peak_RSS_mb=rss, instructions_per_byte=per_byte, duckdb_wall_s=t_duck,
                        duckdb_peak_RSS_mb=duck_rss, jq_wall_s=t_jq, vs_duckdb_x=t_duck / t_callq,
                        vs_jq_x=t_jq / t_callq if t_jq else None)
    cores_row(sizes, results)
    sizes_text = " and ".join(f"{n:,}" for n in sizes["filter"])
    results.about("filter", f"saved NDJSON of {sizes_text} orders (the largest ~620 bytes an order), median wall "
                            f"time of {runs} runs, callq and DuckDB {version}'s CLI (`read_ndjson`, both cores) as "
                            "whole processes taking turns, each run after the file was read through (page-cached), output "
                            "discarded; jq (one core) up to 200,000 orders. "
                            "Instructions per byte: callq under `valgrind --tool=callgrind` (all threads) on the "
                            f"first {COUNTED_ORDERS:,} orders. Ratios are speeds: how many times faster callq is",
                  [c for n in sizes["filter"] for c in export_commands(n)] + commands)
    if not ok:
        print("  callq and DuckDB disagree on an answer")
    return ok


def cores_row(sizes, results):
    """Parallel efficiency: the filtered count on the largest data set with both cores against one
    (`taskset -c 0`, which callq's worker count follows), taking turns."""
    if not shutil.which("taskset") or (os.cpu_count() or 1) < 2:
        return
    orders = sizes["filter"][-1]
    path = export(orders)
    callq = [CALLQ, "--format", "ndjson", "-c", f"orders from file '{path}' where {FILTER} count"]
    t_two, t_one = timed_in_turns([callq, ["taskset", "-c", "0", *callq]], sizes["runs"], warming=path)
    print(f"  {orders:>9,} filtered count: one core {t_one:6.3f} s, two cores {t_two:6.3f} s, "
          f"{t_one / t_two:4.2f}x (goal >= 1.9x)")
    results.row("cores", "filtered count", orders=orders, one_core_wall_s=t_one, two_cores_wall_s=t_two,
                speed_up_x=t_one / t_two)
    results.about("cores", "the filtered count of the filter section on its largest data set, with both "
                           "cores and pinned to one (`taskset -c 0`: callq then starts one worker), whole "
                           f"processes taking turns, median of {sizes['runs']} runs",
                  [shown(["taskset", "-c", "0", *callq])])


def same_answer(name, callq, duck):
    """Whether callq's NDJSON answer and DuckDB's CSV rows say the same (counts; groups and their counts)."""
    rows = [line.split(",") for line in duck if line.strip()]
    if name == "count":
        return callq[0]["count"] == int(rows[0][0])
    if name == "stats by status":
        return [(r["status"], r["count()"], r["max(duration)"]) for r in callq] == \
            [(int(r[0]), int(r[1]), int(r[3])) for r in rows]
    if name == "stats by day":
        return [r["count()"] for r in callq] == [int(r[1]) for r in rows]
    return len(callq) == len(rows)


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
    orders, runs = sizes["filter"][0], sizes["runs"]
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
