#!/usr/bin/env python3
"""The sync half of the mirror benchmark (figures, not tests), at 100,000 and
200,000 orders (20,000 with --quick) from a local simulator at the same
concurrency (8): the first sync against `orders into` an NDJSON file (wall time,
peak RSS), the mirror's files (database + WAL) against the JSON bytes, a re-sync
of the quiet task (requests against unfinished/100 + 2), and syncs of a live task
(`callq sim --campaign 0.5`: requests per sync against unfinished/100). Then, at
50 ms a request, a query the API cannot filter — `orders from mirror where name
like '%a%' count` — against the same query from the API (goal 100x, 0 requests).
Called by scripts/bench: bench_mirror.py [--quick] [--json FILE]."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cli import CALLQ, SIM, Results, Simulator, shown  # noqa: E402

SIZES = {"full": ((100_000, 200_000), 200_000, 50, 3), "quick": ((20_000,), 20_000, 20, 3)}
LIVE_SYNCS = 5
SYNC_LINE = re.compile(r"([\d,]+) orders \(([\d,]+) unfinished\)[,:].*?\b(full|incremental(?: \+ finished re-read)?), "
                       r"(\d+) requests?, ([\d.]+) s")


def timed_rss(cmd, env):
    """Wall seconds, peak RSS (MB) and stdout of one run of `cmd` (GNU time for the RSS)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env)
    seconds = time.perf_counter() - t0
    return seconds, int(p.stderr.strip().splitlines()[-1]) / 1024, p.stdout


def parse_sync(out):
    m = SYNC_LINE.search(out)
    if not m:
        raise SystemExit(f"bench: unexpected sync line: {out!r}")
    num = lambda s: int(s.replace(",", ""))
    return {"orders": num(m.group(1)), "unfinished": num(m.group(2)), "kind": m.group(3), "requests": int(m.group(4)),
            "printed_s": float(m.group(5))}


def fresh_env():
    home = tempfile.mkdtemp(prefix="callq-bench-mirror-")
    return home, dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, "cache"))


def mirror_bytes(env):
    base = os.path.join(env["XDG_CACHE_HOME"], "callq", "mirror.sqlite3")
    return sum(os.path.getsize(base + s) for s in ("", "-wal") if os.path.exists(base + s))


def sync_size(orders, results):
    """First sync against `orders into`, file bytes, and a re-sync of the quiet task."""
    sim = Simulator(orders)
    home, env = fresh_env()
    try:
        path = os.path.join(home, "orders.ndjson")
        into = sim.expand([CALLQ, SIM, "--concurrency", "8", "-c", f"set max_pages = 1000000; orders into '{path}'"])
        sync = sim.expand([CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 1000000; sync"])
        t_into, rss_into, _ = timed_rss(into, env)
        json_bytes = os.path.getsize(path)
        t_sync, rss_sync, out = timed_rss(sync, env)
        first = parse_sync(out)
        file_bytes = mirror_bytes(env)
        ratio = t_sync / t_into
        print(f"  {orders:,} orders: orders into {t_into:6.2f} s {rss_into:6.1f} MB | first sync {t_sync:6.2f} s "
              f"(printed {first['printed_s']:.2f} s) {rss_sync:6.1f} MB, {ratio:.2f}x the time (goal <= 1.5x, RSS <= 96 MB)")
        results.row("mirror", "first sync against orders into", orders=orders, into_wall_s=round(t_into, 3),
                    into_peak_RSS_mb=round(rss_into, 1), sync_wall_s=round(t_sync, 3), sync_printed_s=first["printed_s"],
                    sync_peak_RSS_mb=round(rss_sync, 1), requests=first["requests"], vs_into_x=round(ratio, 2),
                    met=ratio <= 1.5 and rss_sync <= 96)
        fratio = file_bytes / json_bytes
        print(f"  {orders:,} orders: mirror files {file_bytes / 1e6:7.1f} MB against {json_bytes / 1e6:7.1f} MB of JSON, "
              f"{fratio:.2f}x (goal <= 1.5x)")
        results.row("mirror", "mirror files against JSON bytes", orders=orders, file_mb=round(file_bytes / 1e6, 1),
                    json_mb=round(json_bytes / 1e6, 1), vs_json_x=round(fratio, 2), met=fratio <= 1.5)
        t2, _, out = timed_rss(sync, env)
        again = parse_sync(out)
        goal = again["unfinished"] // 100 + 2
        print(f"  {orders:,} orders: re-sync of the quiet task {t2:6.2f} s, {again['requests']} requests ({again['kind']}; "
              f"{again['unfinished']:,} unfinished, goal <= {goal})")
        results.row("mirror", "re-sync of the unchanged task", orders=orders, unfinished=again["unfinished"],
                    seconds=round(t2, 3), requests=again["requests"], goal_requests=goal, met=again["requests"] <= goal,
                    kind=again["kind"])
    finally:
        sim.stop()
        shutil.rmtree(home, ignore_errors=True)


def live(orders, results):
    """Syncs of a task that changes between requests (`--campaign 0.5`)."""
    sim = Simulator(orders, ["--campaign", "0.5"])
    home, env = fresh_env()
    try:
        sync = sim.expand([CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 1000000; sync"])
        subprocess.run(sync, check=True, stdout=subprocess.DEVNULL, env=env)
        figures = []
        for _ in range(LIVE_SYNCS):
            s = parse_sync(subprocess.run(sync, check=True, capture_output=True, text=True, env=env).stdout)
            figures.append(s)
        worst = max(s["requests"] / max(1, -(-s["unfinished"] // 100)) for s in figures)
        shown_figures = " ".join(f"{s['requests']}/{s['unfinished']}" for s in figures)
        kinds = sorted({s["kind"] for s in figures})
        print(f"  live task ({orders:,} orders, --campaign 0.5): requests/unfinished per sync {shown_figures} "
              f"({', '.join(kinds)}); at most {worst:.2f}x unfinished/100")
        results.row("mirror", "re-sync of a live task (--campaign 0.5)", orders=orders,
                    requests=" ".join(str(s["requests"]) for s in figures),
                    unfinished=" ".join(str(s["unfinished"]) for s in figures), kinds=", ".join(kinds),
                    per_page_x=round(worst, 2), met=all(s["kind"] == "incremental" and
                                                        s["requests"] <= -(-s["unfinished"] // 100) + 3 for s in figures))
    finally:
        sim.stop()
        shutil.rmtree(home, ignore_errors=True)


def query_against_api(orders, latency, runs, results):
    home, env = fresh_env()
    query = "where name like '%a%' count"
    sync = [CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 100000; sync"]
    local = [CALLQ, SIM, "--format", "table", "-c", f"orders from mirror {query}"]
    remote = [CALLQ, SIM, "--format", "table", "--concurrency", "8", "-c", f"set max_pages = 100000; orders {query}"]
    print(f"  {orders:,} orders at {latency} ms a request:")
    sim = Simulator(orders, ["--latency", f"{latency}ms"])
    try:
        subprocess.run(sim.expand(sync), check=True, stdout=subprocess.DEVNULL, env=env)
        t_local = timed_env(sim.expand(local), runs, env)
        out_local = subprocess.run(sim.expand(local), check=True, capture_output=True, text=True, env=env).stdout
        t_remote = timed_env(sim.expand(remote), 1, env)
        out_remote = subprocess.run(sim.expand(remote), check=True, capture_output=True, text=True, env=env).stdout
        count = lambda out: re.search(r"^\s+([\d,]+)\s*$", out, re.M).group(1)
        requests = lambda out: int((re.search(r"(\d+) requests?", out) or [None, 0])[1])
        same = count(out_local) == count(out_remote)
        ratio = t_remote / t_local if t_local else float("inf")
        print(f"    from mirror:  {t_local:7.3f} s  {requests(out_local):5d} requests")
        print(f"    from the API: {t_remote:7.3f} s  {requests(out_remote):5d} requests   mirror {ratio:,.0f}x faster"
              f"{'' if same else '   ANSWERS DIFFER'}")
        results.row("mirror", f"orders from mirror {query}", seconds=round(t_local, 4), requests=requests(out_local),
                    api_seconds=round(t_remote, 3), api_requests=requests(out_remote), ratio=round(ratio, 1),
                    goal_ratio=100, met=ratio >= 100 and requests(out_local) == 0, same_answer=same)
        return same
    finally:
        sim.stop()
        shutil.rmtree(home, ignore_errors=True)


def timed_env(cmd, runs, env):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def main(argv):
    quick = "--quick" in argv
    path = argv[argv.index("--json") + 1] if "--json" in argv else None
    sizes, api_orders, latency, runs = SIZES["quick" if quick else "full"]
    results = Results(path)
    sync = [CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 1000000; sync"]
    into = [CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 1000000; orders into 'orders.ndjson'"]
    results.about("mirror", f"the first sync of a simulator task ({', '.join(f'{n:,}' for n in sizes)} orders, no latency, "
                            "concurrency 8) against `orders into` a file: wall time and peak RSS (GNU time); the mirror's "
                            "files (database + WAL) against the NDJSON bytes; a re-sync of the quiet task; "
                            f"{LIVE_SYNCS} syncs of a live task (`--campaign 0.5`); then at {latency} ms a request "
                            f"`orders from mirror … count` against the API ({api_orders:,} orders)",
                  [shown(["callq", "sim", "--orders", "N"]), shown(into), shown(sync),
                   shown(["callq", "sim", "--orders", "N", "--campaign", "0.5"])])
    print("== mirror: the sync")
    for n in sizes:
        sync_size(n, results)
    live(sizes[0], results)
    return 0 if query_against_api(api_orders, latency, runs, results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
