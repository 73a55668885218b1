#!/usr/bin/env python3
"""The local mirror's benchmark (figures, not tests): against a simulator task at
50 ms latency per request, the first sync (time, requests), a re-sync of the
unchanged task (requests against the goal unfinished/100 + 2), and a query the API
cannot filter — `orders from mirror where name like '%a%' count` — against the same
query from the API (time and requests; goal: 100x faster, 0 requests).
Called by scripts/bench: bench_mirror.py [--quick] [--json FILE]."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cli import CALLQ, SIM, Results, Simulator, shown  # noqa: E402

SIZES = {"full": (200_000, 50, 3), "quick": (20_000, 20, 3)}


def sim_command(orders, latency):
    return [CALLQ, "sim", "--port", "0", "--tasks", "1", "--orders", str(orders), "--seed", "5",
            "--latency", f"{latency}ms"]


def main(argv):
    quick = "--quick" in argv
    path = argv[argv.index("--json") + 1] if "--json" in argv else None
    orders, latency, runs = SIZES["quick" if quick else "full"]
    results = Results(path)
    home = tempfile.mkdtemp(prefix="callq-bench-mirror-")
    env = dict(os.environ, HOME=home, XDG_CACHE_HOME=os.path.join(home, "cache"))
    query = "where name like '%a%' count"
    sync = [CALLQ, SIM, "--concurrency", "8", "-c", "set max_pages = 100000; sync"]
    local = [CALLQ, SIM, "--format", "table", "-c", f"orders from mirror {query}"]
    remote = [CALLQ, SIM, "--format", "table", "--concurrency", "8", "-c", f"set max_pages = 100000; orders {query}"]
    results.about("mirror", f"a simulator task of {orders:,} orders at {latency} ms per request: the first sync, "
                            f"a re-sync of the unchanged task, and `orders from mirror {query}` against `orders {query}`",
                  [shown(sim_command(orders, latency)), shown(sync), shown(local), shown(remote)])
    print(f"== mirror: {orders:,} orders, {latency} ms per request")
    cmd = sim_command(orders, latency)
    sim = Simulator.__new__(Simulator)
    sim.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    banner = sim.proc.stdout.readline()
    m = re.search(r"at (\S+)\s+uuid=(\S+)\s+secret-key=(\S+)\s+tasks=(\S+)", banner)
    if not m:
        sim.stop()
        raise SystemExit(f"bench: unexpected simulator banner: {banner!r}")
    sim.args = ["--base-url", m.group(1), "--uuid", m.group(2), "--secret-key", m.group(3),
                "--task", m.group(4).split(",")[0], "--no-progress"]
    try:
        def sync_once():
            t0 = time.perf_counter()
            out = subprocess.run(sim.expand(sync), check=True, capture_output=True, text=True, env=env).stdout
            seconds = time.perf_counter() - t0
            r = re.search(r"(\d+) orders \((\d+) unfinished\), ([^,]+), (\d+) requests?", out)
            return seconds, int(r.group(1)), int(r.group(2)), r.group(3), int(r.group(4))
        s1, n, unfinished, kind1, req1 = sync_once()
        print(f"  first sync:   {s1:7.2f} s  {req1:5d} requests ({kind1}, {n:,} orders)")
        results.row("mirror", "first sync", orders=n, seconds=round(s1, 3), requests=req1, kind=kind1)
        s2, _, unfinished, kind2, req2 = sync_once()
        goal = unfinished // 100 + 2
        print(f"  re-sync:      {s2:7.2f} s  {req2:5d} requests ({kind2}; {unfinished:,} unfinished, goal <= {goal})")
        results.row("mirror", "re-sync of the unchanged task", orders=n, unfinished=unfinished, seconds=round(s2, 3),
                    requests=req2, goal_requests=goal, met=req2 <= goal, kind=kind2)
        t_local = timed_env(sim.expand(local), runs, env)
        out_local = subprocess.run(sim.expand(local), check=True, capture_output=True, text=True, env=env).stdout
        t_remote = timed_env(sim.expand(remote), 1, env)
        out_remote = subprocess.run(sim.expand(remote), check=True, capture_output=True, text=True, env=env).stdout
        count = lambda out: re.search(r"^\s+(\d+)\s*$", out, re.M).group(1)
        requests = lambda out: int((re.search(r"(\d+) requests?", out) or [None, 0])[1])
        same = count(out_local) == count(out_remote)
        ratio = t_remote / t_local if t_local else float("inf")
        print(f"  from mirror:  {t_local:7.3f} s  {requests(out_local):5d} requests")
        print(f"  from the API: {t_remote:7.3f} s  {requests(out_remote):5d} requests   mirror {ratio:,.0f}x faster"
              f"{'' if same else '   ANSWERS DIFFER'}")
        results.row("mirror", f"orders from mirror {query}", seconds=round(t_local, 4), requests=requests(out_local),
                    api_seconds=round(t_remote, 3), api_requests=requests(out_remote), ratio=round(ratio, 1),
                    goal_ratio=100, met=ratio >= 100 and requests(out_local) == 0, same_answer=same)
        return 0 if same else 1
    finally:
        sim.stop()


def timed_env(cmd, runs, env):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
