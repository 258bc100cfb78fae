#!/usr/bin/env python3
"""Import speed and memory, per format, with the release `stint` CLI.

For each format, N rows (default 10,000 and 100,000) of the same history are written as that
tracker writes them, then imported into a fresh database: the median wall time of --runs runs,
rows per second, and the peak RSS (GNU time). The last column imports the Stint CSV into a
database that already holds the same 100,000-row history shifted by a year, so duplicates and
overlaps are looked up against real data: the ratio to the empty database is the figure that
matters on a shared machine, where absolute times drift.

Last, short writes during a large import (--contended rows, default 300,000): `stint add` is
run one after another while the import runs, and each one's wall time is listed beside the same
command on the idle database, so the figure is how much longer a short write takes while an
import publishes (issue 11: every short write under a second, none refused).

  bench/import_bench.py [--sizes 10000,100000] [--runs 3] [--contended 300000]
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from cli_bench import GNU_TIME, build


def history(count, seed=42, shift_days=0):
    """~10 entries per working day back from yesterday: (start, stop, project, tags, description), UTC."""
    rng = random.Random(seed)
    projects = [f"project-{i:02}" for i in range(30)]
    tags = [f"tag-{i:02}" for i in range(50)]
    words = "review write design plan call email fix deploy test read sync interview".split()
    rows = []
    day = dt.date.today() - dt.timedelta(days=1 + shift_days)
    while len(rows) < count:
        if day.weekday() < 5:
            t = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.timezone.utc)
            for _ in range(min(10, count - len(rows))):
                t += dt.timedelta(minutes=rng.randint(0, 15))
                stop = t + dt.timedelta(minutes=rng.randint(10, 50))
                rows.append((t, stop, rng.choice(projects) if rng.random() < 0.9 else "",
                             rng.sample(tags, rng.randint(0, 3)),
                             " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))))
                t = stop
        day -= dt.timedelta(days=1)
    rows.reverse()
    return rows


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_stint_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["start", "stop", "project", "tags", "description"])
        for start, stop, project, tags, text in rows:
            w.writerow([z(start), z(stop), project, ",".join(tags), text])


def write_toggl_csv(path, rows):
    """US date order and a 12-hour clock, as a US Toggl account exports (times read in UTC)."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
                    "Start time", "End date", "End time", "Duration", "Tags", "Amount (USD)"])
        for start, stop, project, tags, text in rows:
            w.writerow(["Ada", "ada@example.com", "Acme" if project else "", project, "", text, "No",
                        start.strftime("%m/%d/%Y"), start.strftime("%I:%M:%S %p"), stop.strftime("%m/%d/%Y"),
                        stop.strftime("%I:%M:%S %p"), str(stop - start), ", ".join(tags), ""])


def write_clockify_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable",
                    "Start Date", "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"])
        for start, stop, project, tags, text in rows:
            hours = (stop - start).total_seconds() / 3600
            w.writerow([project, "", text, "", "Cleo", "", "cleo@example.com", ", ".join(tags), "No",
                        start.strftime("%d/%m/%Y"), start.strftime("%H:%M"), stop.strftime("%d/%m/%Y"),
                        stop.strftime("%H:%M"), str(stop - start), f"{hours:.2f}"])


def write_toggl_json(path, rows):
    with open(path, "w") as f:
        json.dump([{"id": 1000 + i, "workspace_id": 1, "project_name": project or None, "billable": False,
                    "start": z(start), "stop": z(stop), "duration": int((stop - start).total_seconds()),
                    "description": text, "tags": tags, "at": z(stop)}
                   for i, (start, stop, project, tags, text) in enumerate(rows)], f)


def write_watson_frames(path, rows):
    with open(path, "w") as f:
        json.dump([[int(start.timestamp()), int(stop.timestamp()), project or "none", f"{i:032x}", tags,
                    int(stop.timestamp())] for i, (start, stop, project, tags, _) in enumerate(rows)], f)


def timew_time(t):
    return t.strftime("%Y%m%dT%H%M%SZ")


def write_timew_export(path, rows):
    with open(path, "w") as f:
        json.dump([{"id": i + 1, "start": timew_time(start), "end": timew_time(stop),
                    "tags": ([project] if project else []) + tags, "annotation": text}
                   for i, (start, stop, project, tags, text) in enumerate(rows)], f)


def write_timew_folder(path, rows):
    os.makedirs(os.path.join(path, "data"))
    months = {}
    for start, stop, project, tags, text in rows:
        words = " ".join(([project] if project else []) + tags)
        months.setdefault(start.strftime("%Y-%m"), []).append(
            f'inc {timew_time(start)} - {timew_time(stop)} # {words} # "{text}"\n')
    for month, lines in months.items():
        with open(os.path.join(path, "data", f"{month}.data"), "w") as f:
            f.writelines(lines)


FORMATS = [
    ("Stint CSV", "history.csv", write_stint_csv),
    ("Toggl CSV (US, 12 h)", "toggl.csv", write_toggl_csv),
    ("Clockify CSV (D/M/Y)", "clockify.csv", write_clockify_csv),
    ("Toggl JSON", "toggl.json", write_toggl_json),
    ("Watson frames", "frames", write_watson_frames),
    ("timew export", "timew.json", write_timew_export),
    ("Timewarrior folder", "timewarrior", write_timew_folder),
]


def timed(cmd, env):
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    done = subprocess.run([GNU_TIME, "-f", "%M", *cmd], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed, int(done.stderr.decode().strip().splitlines()[-1]) / 1024


def import_fresh(stint, work, source, runs, seed_db=None):
    times, peak = [], 0.0
    for _ in range(runs):
        data = os.path.join(work, "data")
        shutil.rmtree(data, ignore_errors=True)
        if seed_db:
            shutil.copytree(seed_db, data)
        env = {**os.environ, "STINT_DATA_DIR": data, "TZ": "UTC"}
        seconds, rss = timed([stint, "import", source], env)
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), peak


def add_latencies(stint, env, until, day):
    """Runs `stint add` back to back until until() is true; returns (seconds each, failures)."""
    times, failures, i = [], [], 0
    while not until():
        start = day + dt.timedelta(minutes=i)
        i += 1
        began = time.perf_counter()
        done = subprocess.run([stint, "add", "--from", z(start), "--to", z(start + dt.timedelta(seconds=30)),
                               f"short write {i}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            failures.append(done.stderr.decode().strip())
    return times, failures


def contended(stint, work, size):
    """Short writes while a large import runs, beside the same writes on the idle database."""
    source = os.path.join(work, "contended.csv")
    write_stint_csv(source, history(size))
    data = os.path.join(work, "contended-data")
    env = {**os.environ, "STINT_DATA_DIR": data, "TZ": "UTC"}
    day = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)
    count = iter(range(30))
    idle, _ = add_latencies(stint, env, lambda: next(count, None) is None, day)
    importer = subprocess.Popen([stint, "import", source], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    began = time.perf_counter()
    busy, failures = add_latencies(stint, env, lambda: importer.poll() is not None, day + dt.timedelta(days=1))
    took = time.perf_counter() - began
    if importer.returncode != 0:
        sys.exit(f"the contended import failed: {importer.stderr.read().decode()}")
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]
    return [
        "",
        f"Short writes (`stint add`) while {size} rows import ({took:.1f} s): {len(busy)} writes, "
        f"{len(failures)} refused",
        f"  during the import: median {statistics.median(busy) * 1000:.0f} ms, p95 {q(busy, .95) * 1000:.0f} ms, "
        f"max {max(busy) * 1000:.0f} ms",
        f"  idle database:     median {statistics.median(idle) * 1000:.0f} ms, p95 {q(idle, .95) * 1000:.0f} ms, "
        f"max {max(idle) * 1000:.0f} ms",
        *(f"  refused: {f}" for f in failures[:3]),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--contended", type=int, default=300000)
    args = parser.parse_args()
    if not os.path.exists(GNU_TIME):
        sys.exit("The benchmark measures memory with GNU time: apt-get install time")
    stint = build()
    header = f"{'format':<22} | {'rows':>7} | {'seconds':>7} | {'rows/s':>8} | {'peak MiB':>8} | {'file MiB':>8}"
    lines = [header, "-" * len(header)]
    work = tempfile.mkdtemp(prefix="stint-import-bench-")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            rows = history(size)
            for label, name, write in FORMATS:
                source = os.path.join(work, name)
                write(source, rows)
                seconds, rss = import_fresh(stint, work, source, args.runs)
                mib = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(source) for f in fs) \
                    if os.path.isdir(source) else os.path.getsize(source)
                lines.append(f"{label:<22} | {size:>7} | {seconds:>7.2f} | {size / seconds:>8.0f} | {rss:>8.1f} | {mib / 2**20:>8.1f}")
                print(lines[-1], file=sys.stderr)
                shutil.rmtree(source) if os.path.isdir(source) else os.remove(source)
        # The same import into a database that already holds a full history, side by side.
        size = max(int(s) for s in args.sizes.split(","))
        seeded = os.path.join(work, "seeded")
        older = os.path.join(work, "older.csv")
        write_stint_csv(older, history(size, seed=7, shift_days=365 * 40))
        subprocess.run([stint, "import", older], env={**os.environ, "STINT_DATA_DIR": seeded, "TZ": "UTC"},
                       check=True, stdout=subprocess.DEVNULL)
        source = os.path.join(work, "history.csv")
        write_stint_csv(source, history(size))
        empty, _ = import_fresh(stint, work, source, args.runs)
        full, rss = import_fresh(stint, work, source, args.runs, seed_db=seeded)
        lines.append("")
        lines.append(f"{size} Stint CSV rows into an empty database: {empty:.2f} s; into one holding {size} "
                     f"entries already: {full:.2f} s ({full / empty:.2f}x), peak {rss:.1f} MiB")
        if args.contended:
            lines.extend(contended(stint, work, args.contended))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    print(f"\nMedian of {args.runs} runs of the release `stint import`, each into a fresh database (TZ=UTC).")


if __name__ == "__main__":
    main()
