#!/usr/bin/env python3
"""Renders the benchmark records (JSON lines written by callq-bench and
bench_cli.py) into the goal summary, printed to stdout, and, with --doc FILE,
into the full report: machine, goal summary, one table and the commands per
section. Called by scripts/bench at the end of a run:
bench_report.py RESULTS [--doc FILE] [--quick] [--elapsed SECONDS] [--load LOADAVG]."""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess

UNITS = {"_mb_per_s": " (MB/s)", "_s": " (s)", "_ms": " (ms)", "_mb": " (MB)", "_x": ""}


def load(path):
    """Records grouped by section, in run order: {section: {"about": record, "rows": [records]}}."""
    sections = {}
    with open(path) as f:
        for line in f:
            record = json.loads(line)
            entry = sections.setdefault(record["section"], {"about": {}, "rows": []})
            if "about" in record:
                entry["about"] = record
            else:
                entry["rows"].append(record)
    return sections


def rows(sections, section):
    return sections.get(section, {}).get("rows", [])


# The goals, each with a function from the records to (figure, ratio, met) or None when its section did not run.

def fetch_rows(sections):
    pagers = [r for r in rows(sections, "fetch") if r["row"].startswith("callq pager")]
    peer = [r for r in rows(sections, "fetch") if r["row"] == "python sequential peer"]
    return (min(pagers, key=lambda r: r["concurrency"]), max(pagers, key=lambda r: r["concurrency"]),
            peer[0] if peer else None) if pagers else None


def goal_limit(sections):
    found = fetch_rows(sections)
    if not found:
        return None
    top = found[1]
    return (f"c{top['concurrency']}: {top['wall_s']:.2f} s, limit {top['limit_s']:.2f} s",
            top["vs_limit_x"], top["vs_limit_x"] <= 1.25)


def goal_sequential(sections, peer):
    found = fetch_rows(sections)
    if not found or (peer and not found[2]):
        return None
    seq, top = (found[2] if peer else found[0]), found[1]
    ratio = seq["wall_s"] / top["wall_s"]
    return f"c{top['concurrency']}: {top['wall_s']:.2f} s, sequential {seq['wall_s']:.2f} s", ratio, ratio >= 6


def largest_filter(sections):
    """The filter rows of the largest data set, by query name."""
    found = rows(sections, "filter")
    top = max((r["orders"] for r in found), default=None)
    return {r["row"]: r for r in found if r["orders"] == top}


def goal_filter(sections, query):
    found = largest_filter(sections)
    if query not in found:
        return None
    r = found[query]
    return (f"{r['orders']:,} orders: callq {r['callq_wall_s']:.3f} s, DuckDB {r['duckdb_wall_s']:.3f} s",
            r["vs_duckdb_x"], r["vs_duckdb_x"] >= 1.5)


def goal_count_speed(sections):
    found = largest_filter(sections)
    if "count" not in found:
        return None
    mb_s = found["count"]["callq_speed_mb_per_s"]
    return f"{found['count']['orders']:,} orders: {mb_s:.0f} MB/s", mb_s / 2000, mb_s >= 2000


def goal_cores(sections):
    found = rows(sections, "cores")
    if not found:
        return None
    r = found[0]
    return (f"{r['orders']:,} orders: one core {r['one_core_wall_s']:.3f} s, two {r['two_cores_wall_s']:.3f} s",
            r["speed_up_x"], r["speed_up_x"] >= 1.9)


def mirror_rows(sections, name):
    return sorted((r for r in rows(sections, "mirror") if r["row"] == name), key=lambda r: r["orders"])


def goal_first_sync(sections):
    found = mirror_rows(sections, "first sync against orders into")
    if not found:
        return None
    top = found[-1]
    others = "".join(f" ({r['orders']:,}: {r['sync_wall_s']:.2f} s against {r['into_wall_s']:.2f} s, "
                     f"{r['sync_peak_RSS_mb']:.0f} MB)" for r in found[:-1])
    return (f"{top['orders']:,} orders: {top['sync_wall_s']:.2f} s against {top['into_wall_s']:.2f} s, "
            f"{top['sync_peak_RSS_mb']:.0f} MB{others}", top["vs_into_x"], all(r["met"] for r in found))


def goal_mirror_files(sections):
    found = mirror_rows(sections, "mirror files against JSON bytes")
    if not found:
        return None
    top = found[-1]
    return f"{top['file_mb']:.1f} MB for {top['json_mb']:.1f} MB", top["vs_json_x"], all(r["met"] for r in found)


def goal_live_sync(sections):
    found = mirror_rows(sections, "re-sync of a live task (--campaign 0.5)")
    if not found:
        return None
    r = found[-1]
    return (f"{r['orders']:,} orders: {r['requests'].replace(' ', ', ')} requests at {r['unfinished'].split()[0]}–"
            f"{r['unfinished'].split()[-1]} unfinished ({r['kinds']})", r["per_page_x"], r["met"])


def goal_filter_memory(sections):
    found = rows(sections, "filter")
    if not found:
        return None
    peak = max(r["callq_peak_RSS_mb"] for r in found)
    return f"largest of them: {peak:.1f} MB", peak / 64, peak <= 64


def goal_memory(sections, source):
    found = sorted((r for r in rows(sections, "memory") if r["row"] == f"from {source}"), key=lambda r: r["orders"])
    if not found:
        return None
    small, large = found
    return (f"{small['orders']:,}: {small['peak_RSS_mb']:.1f} MB, {large['orders']:,}: {large['peak_RSS_mb']:.1f} MB",
            large["growth_x"], large["growth_x"] <= 1.1)


def goal_startup(sections):
    found = rows(sections, "startup")
    if not found:
        return None
    ms = found[0]["median_ms"]
    return f"{ms:.1f} ms median of {found[0]['runs']}", ms / 30, ms <= 30


def goal_count(sections):
    # Grouped counts (`pushed by F`) make one request per group, so only plain pushed counts are held to one.
    pushed = [r for r in rows(sections, "count") if r["count"] == "pushed"]
    if not pushed:
        return None
    figure = "; ".join(f"`{r['row']}`: {r['requests']}" for r in pushed)
    return figure, None, all(r["requests"] == 1 for r in pushed)


def goal_mirror_resync(sections):
    found = [r for r in rows(sections, "mirror") if "goal_requests" in r]
    if not found:
        return None
    r = found[0]
    return (f"{r['requests']} requests ({r['unfinished']:,} unfinished; goal ≤ {r['goal_requests']})",
            r["requests"] / r["goal_requests"], r["met"])


def goal_mirror_query(sections):
    found = [r for r in rows(sections, "mirror") if "goal_ratio" in r]
    if not found:
        return None
    r = found[0]
    return (f"{r['seconds']} s and {r['requests']} requests, against {r['api_seconds']} s and {r['api_requests']} "
            f"requests from the API", r["ratio"] / 100, r["met"])


def goal_mirror_vs_file(sections):
    found = [r for r in rows(sections, "mirror") if "vs_file_x" in r]
    if not found:
        return None
    worst = min(found, key=lambda r: r["vs_file_x"])
    return (f"slowest: {worst['row'][len('query: '):]} at {worst['orders']:,} orders, mirror {worst['mirror_wall_s']} s, "
            f"file {worst['file_wall_s']} s", worst["vs_file_x"], all(r["met"] for r in found))


def goal_analytics(sections):
    found = {r["row"]: r for r in rows(sections, "analytics")}
    if "stats … by day(started)" not in found:
        return None
    r = found["stats … by day(started)"]
    return (f"{r['per_order_us']:.2f} µs per order, by status {found['stats … by status']['per_order_us']:.2f} µs",
            r["vs_by_status_x"], r["vs_by_status_x"] <= 1.0)


GOALS = [
    ("fetch at the highest concurrency within 1.25× of the latency limit ceil(pages/c)×latency", goal_limit),
    ("fetch ≥ 6× a sequential pager: callq at concurrency 1", lambda s: goal_sequential(s, peer=False)),
    ("fetch ≥ 6× a sequential pager: the Python peer (vendor sample)", lambda s: goal_sequential(s, peer=True)),
    ("saved NDJSON `where … count` ≥ 1.5× DuckDB's CLI", lambda s: goal_filter(s, "count")),
    ("saved NDJSON `stats count(), avg(duration), max(duration) by status` ≥ 1.5× DuckDB's CLI",
     lambda s: goal_filter(s, "stats by status")),
    ("saved NDJSON `stats count(), 100 * countif(…) / count() by day(started)` ≥ 1.5× DuckDB's CLI",
     lambda s: goal_filter(s, "stats by day")),
    ("saved NDJSON `where …` rows out as NDJSON ≥ 1.5× DuckDB's CLI", lambda s: goal_filter(s, "rows out as NDJSON")),
    ("saved NDJSON filtered count ≥ 2 GB/s (ratio to 2000 MB/s)", goal_count_speed),
    ("peak RSS of the filter section's queries ≤ 64 MB (ratio to 64)", goal_filter_memory),
    ("saved NDJSON filtered count on two cores ≥ 1.9× one core", goal_cores),
    ("saved NDJSON `stats … by day(started)` no slower per order than `stats … by status` (ratio ≤ 1)", goal_analytics),
    ("memory flat when streaming from a file (growth ≤ 1.1× for 10× the orders)", lambda s: goal_memory(s, "file")),
    ("memory flat when streaming from the API (growth ≤ 1.1× for 10× the orders)", lambda s: goal_memory(s, "API")),
    ("start-up ≤ 30 ms (`callq -c 'explain …'`, ratio to 30 ms)", goal_startup),
    ("`count` with a fully pushed filter answered by 1 request", goal_count),
    ("mirror re-sync of an unchanged task ≤ unfinished/100 + 2 requests", goal_mirror_resync),
    ("mirror first sync ≤ 1.5× `orders into` a file, peak RSS ≤ 96 MB", goal_first_sync),
    ("mirror files ≤ 1.5× the JSON they hold", goal_mirror_files),
    ("mirror re-sync of a live task ≈ unfinished/100 + a few requests (`--campaign 0.5`), every one incremental",
     goal_live_sync),
    ("`orders from mirror where name like …` ≥ 100× the API, 0 requests (ratio to 100×)", goal_mirror_query),
    ("`from mirror` at least as fast as `from file` (count, stats by status, by day(started), select)", goal_mirror_vs_file),
]


def cell(value, key=""):
    if value is None:
        return ""
    if isinstance(value, float):
        if key.endswith("_x"):
            return f"{value:.2f}×"
        return f"{value:.{max(0, 2 - math.floor(math.log10(abs(value))))}f}" if value else "0"  # 3 digits
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def header(key):
    for suffix, unit in UNITS.items():
        if key.endswith(suffix):
            return key[: -len(suffix)].replace("_", " ") + unit
    return key.replace("_", " ")


def table(head, body):
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def summary(sections, show_missing):
    """The goal table; goals whose section did not run are shown as such, or left out."""
    body = []
    for goal, measure in GOALS:
        found = measure(sections)
        if found is None:
            if show_missing:
                body.append([goal, "not run", "", ""])
        else:
            figure, ratio, met = found
            body.append([goal, figure, cell(ratio, "_x"), "yes" if met else "**no**"])
    return table(["goal", "figure", "ratio", "met?"], body)


def section_table(records):
    keys = [k for r in records for k in r if k not in ("section", "row")]
    keys = list(dict.fromkeys(keys))
    return table([""] + [header(k) for k in keys], [[r["row"]] + [cell(r.get(k), k) for k in keys] for r in records])


def command_output(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except OSError:
        return "not installed"


def duckdb_version():
    venv = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench-data", "venv", "bin", "duckdb")
    for cli in ("duckdb", venv):
        out = command_output([cli, "--version"])
        if out.startswith("v"):
            return f"{out} (CLI)"
    return "not installed"


def field(path, key, sep):
    """The value of the first `key` line of a `key SEP value` file such as /proc/cpuinfo."""
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.partition(sep)
                if k.strip() == key:
                    return v.strip().strip('"')
    except OSError:
        pass
    return "?"


def machine(args):
    mem_kb = field("/proc/meminfo", "MemTotal", ":").split()[0]
    return table(["", ""], [
        ["CPU", f"{field('/proc/cpuinfo', 'model name', ':')} × {os.cpu_count()}"],
        ["RAM", f"{int(mem_kb) / 1024 / 1024:.1f} GB" if mem_kb.isdigit() else "?"],
        ["OS", f"{field('/etc/os-release', 'PRETTY_NAME', '=')}, kernel {platform.release()}"],
        ["Swift", command_output(["swift", "--version"])],
        ["jq", command_output(["jq", "--version"])],
        ["DuckDB", duckdb_version()],
        ["Python", platform.python_version()],
        ["load average (1, 5, 15 min)", f"{args.load or '?'} at the start, "
                                        f"{' '.join(open('/proc/loadavg').read().split()[:3])} at the end"],
    ])


def document(sections, args):
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    minutes, seconds = divmod(int(args.elapsed or 0), 60)
    parts = [
        "# Benchmarks",
        "",
        f"Written by `scripts/bench{' --quick' if args.quick else ''}` on {date}; the run took "
        f"{minutes} min {seconds} s (builds excluded). Do not edit by hand: run `scripts/bench` (all sections, "
        "default sizes) to regenerate it. These are figures, not tests: nothing here fails a build. "
        "Timings depend on the machine and on whatever else it was doing (see the load average).",
        "",
        "In the commands, `$SIM` stands for the connection flags (`--base-url`, `--uuid`, `--secret-key`, "
        "`--task`, `--no-progress`) of the `callq sim` started just before; the fetch section's `$BASE_URL …` "
        "come likewise from the simulator callq-bench starts in-process.",
    ]
    if args.load and float(args.load.split()[0]) > os.cpu_count():
        parts += ["", f"**The machine was busy when the run started (load average {args.load.split()[0]} on "
                      f"{os.cpu_count()} CPUs): the timings are noisy.**"]
    if args.quick:
        parts += ["", "**Quick sizes (`--quick`): smaller than the sizes the goals are about; "
                      "for checking the script only.**"]
    parts += ["", "## Machine", "", machine(args), "", "## Goals", "", summary(sections, show_missing=True)]
    for name, entry in sections.items():
        about = entry["about"]
        text = about.get("about", "")
        parts += ["", f"## {name}", "", text[:1].upper() + text[1:] + ".", "", section_table(entry["rows"])]
        if about.get("commands"):
            parts += ["", "Commands:", "", "```sh", *about["commands"], "```"]
    return "\n".join(parts) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Render benchmark records.")
    parser.add_argument("results")
    parser.add_argument("--doc")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--elapsed", type=float)
    parser.add_argument("--load")
    args = parser.parse_args()
    sections = load(args.results)
    print("== goals\n" + summary(sections, show_missing=False))
    if args.doc:
        with open(args.doc, "w") as f:
            f.write(document(sections, args))
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
