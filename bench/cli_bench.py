#!/usr/bin/env python3
"""Stint at scale: builds databases of 1,000, 10,000 and 100,000 realistic entries and times the
`stint` CLI on them as whole processes (start+stop, a week report in the middle of the history,
a full-history report, a full CSV export) with each process's peak RSS. Prints a table.

When Timewarrior (`timew`, Debian's timewarrior) is installed, the same history is written into a
Timewarrior data folder and its start+stop and its status (`timew` alone) are timed in the same
run, alternating with Stint's, and printed as ratios (Stint / Timewarrior). With Debian's
eatmydata installed (scripts/setup.sh installs it), the plain build's start+stop is also timed
with and without its fsyncs made no-ops, which shows what durability costs (Timewarrior calls no
fsync).

Usage: python3 bench/cli_bench.py [--sizes 1000,10000,100000] [--runs 15]
Builds the release CLI first, as the README says to (scripts/build-cli.sh: statically linked on
Linux), and the plain `cargo build --release -p stint` beside it: its status is timed in the same
run, and it is the build the fsync rows use (LD_PRELOAD reaches only a dynamically linked
program)."""

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", "/var/tmp/stint-target")
GNU_TIME = "/usr/bin/time"
EATMYDATA = "/usr/lib/x86_64-linux-gnu/libeatmydata.so"


def build():
    """The CLI as the README builds it, and the plain dynamically linked build."""
    env = {**os.environ, "CARGO_TARGET_DIR": TARGET}
    ours = subprocess.run([os.path.join(ROOT, "scripts/build-cli.sh")], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()
    # The release flags the app's builds use too, so the two share one build cache.
    flags = subprocess.run([os.path.join(ROOT, "scripts/release-rustflags.sh")], check=True,
                           capture_output=True, text=True).stdout.strip()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "stint"], cwd=ROOT, check=True,
                   env={**env, "RUSTFLAGS": flags})
    return ours, os.path.join(TARGET, "release", "stint")


def write_history(path, count, seed=42):
    """~10 entries per working day, back from yesterday; 30 projects, 50 tags, deterministic."""
    rng = random.Random(seed)
    projects = [f"project-{i:02}" for i in range(30)]
    tags = [f"tag-{i:02}" for i in range(50)]
    words = "review write design plan call email fix deploy test read sync interview".split()
    rows = []
    day = dt.date.today() - dt.timedelta(days=1)
    while len(rows) < count:
        if day.weekday() < 5:
            t = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.timezone.utc)
            for _ in range(min(10, count - len(rows))):
                t += dt.timedelta(minutes=rng.randint(0, 15))
                stop = t + dt.timedelta(minutes=rng.randint(10, 50))
                rows.append([
                    t.isoformat().replace("+00:00", "Z"), stop.isoformat().replace("+00:00", "Z"),
                    rng.choice(projects) if rng.random() < 0.9 else "",
                    ",".join(rng.sample(tags, rng.randint(0, 3))),
                    " ".join(rng.choice(words) for _ in range(rng.randint(2, 6))),
                ])
                t = stop
        day -= dt.timedelta(days=1)
    rows.reverse()
    write_history.rows = rows
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["start", "stop", "project", "tags", "description"])
        w.writerows(rows)
    return dt.date.fromisoformat(rows[0][0][:10]), dt.date.fromisoformat(rows[-1][0][:10])


def write_timewarrior(folder, rows):
    """The same intervals as Timewarrior's month files: `inc START - END # tags "description"`."""
    data = os.path.join(folder, "data")
    os.makedirs(data, exist_ok=True)
    open(os.path.join(folder, "timewarrior.cfg"), "w").close()
    months = {}
    for start, stop, project, tags, description in rows:
        stamp = lambda iso: iso.replace("-", "").replace(":", "")
        words = [t for t in [project, *tags.split(",")] if t] + [f'"{description}"']
        months.setdefault(start[:7], []).append(f"inc {stamp(start)} - {stamp(stop)} # {' '.join(words)}")
    for month, lines in months.items():
        with open(os.path.join(data, f"{month}.data"), "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(data, "tags.data"), "w") as f:
        f.write("{}\n")


def side_by_side(pairs, env, runs, pause=0.0):
    """Median ms of each command sequence, run alternately so drift hits both alike. `pause`
    (not timed) separates the commands: Timewarrior counts in whole seconds and refuses an
    interval that ends the second it began.

    Each sequence starts with nothing waiting to be written (`sync`, not timed): on ext4 an
    fsync also writes out every file changed before it, so without it Stint's fsyncs would pay
    for writing Timewarrior's files (which it never syncs) and the unsynced no-fsync run's."""
    times = [[] for _ in pairs]
    for _ in range(runs):
        for i, cmds in enumerate(pairs):
            # A sequence may bring its own environment: (commands, env).
            cmds, seq_env = cmds if isinstance(cmds, tuple) else (cmds, env)
            os.sync()
            total = 0.0
            for cmd in cmds:
                total += run(cmd, seq_env)
                time.sleep(pause)
            times[i].append(total)
    return [statistics.median(t) * 1000 for t in times]


def run(cmd, env):
    """Runs one process; returns its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed


def peak_rss(cmd, env):
    """Peak RSS in MiB, measured by GNU time. (A child forked from this Python process would
    report Python's own peak: Linux carries the high-water mark across fork and exec.)"""
    done = subprocess.run([GNU_TIME, "-f", "%M", *cmd], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=True)
    return int(done.stderr.decode().strip().splitlines()[-1]) / 1024


def measure(cmds, env, runs):
    """Median wall time per command in ms, and the largest peak RSS in MiB."""
    times = [run(cmd, env) for _ in range(runs) for cmd in cmds]
    return statistics.median(times) * 1000, max(peak_rss(cmd, env) for cmd in cmds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not os.path.exists(GNU_TIME):
        sys.exit("The benchmark measures memory with GNU time: apt-get install time")
    stint, plain = build()
    header = f"{'entries':>8} | {'import s':>8} | {'start/stop ms':>13} | {'week rpt ms':>11} | {'full rpt ms':>11} | {'export ms':>9} | {'report RSS MiB':>14} | {'export RSS MiB':>14}"
    lines = [header, "-" * len(header)]
    peer_header = (f"{'entries':>8} | {'stint start+stop ms':>8} | {'timew ms':>8} | {'ratio':>6} | "
                   f"{'stint status ms':>8} | {'timew ms':>8} | {'ratio':>6} | {'plain build status ms':>8}")
    peers = [peer_header, "-" * len(peer_header)]
    no_sync = []
    for size in (int(s) for s in args.sizes.split(",")):
        work = tempfile.mkdtemp(prefix=f"stint-bench-{size}-")
        env = {**os.environ, "STINT_DATA_DIR": os.path.join(work, "data"), "TZ": "Europe/Berlin"}
        csv_path = os.path.join(work, "history.csv")
        first, last = write_history(csv_path, size)
        import_s = run([stint, "import", csv_path], env)
        middle = first + (last - first) / 2
        monday = middle - dt.timedelta(days=middle.weekday())
        start_stop, _ = measure([[stint, "start", "bench"], [stint, "stop"]], env, args.runs)
        week, week_rss = measure([[stint, "report", "--from", monday.isoformat(), "--to",
                                   (monday + dt.timedelta(days=6)).isoformat(), "--by", "project"]], env, args.runs)
        full, full_rss = measure([[stint, "report", "--all", "--by", "project"]], env, max(3, args.runs // 3))
        export, export_rss = measure([[stint, "export", "--format", "csv"]], env, max(3, args.runs // 3))
        lines.append(f"{size:>8} | {import_s:>8.2f} | {start_stop:>13.1f} | {week:>11.1f} | {full:>11.1f} | {export:>9.1f} | {max(week_rss, full_rss):>14.1f} | {export_rss:>14.1f}")
        print(lines[-1], file=sys.stderr)
        timew = shutil.which("timew")
        if timew:
            twenv = {**env, "TIMEWARRIORDB": os.path.join(work, "timewarrior")}
            write_timewarrior(twenv["TIMEWARRIORDB"], write_history.rows)
            subprocess.run([timew, ":yes"], env=twenv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pairs = [[[stint, "start", "bench"], [stint, "stop"]],
                     [[timew, "start", "bench", ":yes"], [timew, "stop", ":yes"]]]
            # What Stint's durability costs: the plain build's commands with and without every
            # fsync made a no-op (libeatmydata, when installed; it reaches only a dynamically
            # linked program). Timewarrior calls no fsync at all.
            if os.path.exists(EATMYDATA):
                plain_pair = [[plain, "start", "bench"], [plain, "stop"]]
                pairs += [plain_pair, (plain_pair, {**twenv, "LD_PRELOAD": EATMYDATA})]
            timed = side_by_side(pairs, twenv, args.runs, pause=1.1)
            ours, theirs = timed[0], timed[1]
            if len(timed) > 2:
                synced, unsynced = timed[2], timed[3]
                no_sync.append(f"{size:>8} | {synced:>8.1f} | {unsynced:>8.1f} | {synced - unsynced:>8.1f} | "
                               f"{theirs:>8.1f} | {unsynced / theirs:>5.2f}×")
                print(no_sync[-1], file=sys.stderr)
            # Status with a timer running in both (`timew` alone exits 1 when nothing runs).
            run([stint, "start", "status"], twenv)
            run([timew, "start", "status", ":yes"], twenv)
            status_ours, status_theirs, status_plain = side_by_side(
                [[[stint, "status"]], [[timew, ":yes"]], [[plain, "status"]]], twenv, args.runs)
            time.sleep(1.1)
            run([stint, "stop"], twenv)
            run([timew, "stop", ":yes"], twenv)
            peers.append(f"{size:>8} | {ours:>8.1f} | {theirs:>8.1f} | {ours / theirs:>5.2f}× | "
                         f"{status_ours:>8.1f} | {status_theirs:>8.1f} | {status_ours / status_theirs:>5.2f}× | "
                         f"{status_plain:>8.1f}")
            print(peers[-1], file=sys.stderr)
        shutil.rmtree(work)
    print("\n".join(lines))
    print("\nMedians of whole `stint` processes (start/stop: per command). RSS: the largest peak seen.")
    if len(peers) > 2:
        print("\nBeside Timewarrior on the same intervals, alternating runs (medians; start+stop: both commands):")
        print("\n".join(peers))
    if no_sync:
        print("\nWhat durability costs: the plain (dynamically linked) build's start+stop as it is and with"
              " its fsyncs made no-ops (libeatmydata), beside Timewarrior, which calls none (ms, same run):")
        print(f"{'entries':>8} | {'fsync':>8} | {'no fsync':>8} | {'fsyncs':>8} | {'timew ms':>8} | {'no-fsync ratio':>6}")
        print("\n".join(no_sync))


if __name__ == "__main__":
    main()
