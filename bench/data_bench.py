#!/usr/bin/env python3
"""What keeping the data safe costs, on release builds, side by side in one run:

- the integrity check (`PRAGMA quick_check`) that commands which write, export or back up run
  when the file is not as a Stint left it: `stint add` on a 100,000-entry database against
  `stint add` on an empty one, then again with the file's time moved before each run (as any
  other program's write would) so the full check runs, `stint status` (which skips it) on both,
  and the check alone through Python's sqlite3 for reference;
- `stint backup` of the 100,000-entry database (time and size of the copy against the file);
- `stint restore` of that backup, and `stint recover` of a copy with noise written into it.

Usage: python3 bench/data_bench.py [--size 100000] [--runs 15]"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_bench import build, run, write_history  # noqa: E402


def median_ms(cmd, env, runs):
    return statistics.median(run(cmd, env) for _ in range(runs)) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    stint = build()
    work = tempfile.mkdtemp(prefix="stint-data-bench-")
    full_env = {**os.environ, "STINT_DATA_DIR": os.path.join(work, "full"), "TZ": "Europe/Berlin"}
    empty_env = {**os.environ, "STINT_DATA_DIR": os.path.join(work, "empty"), "TZ": "Europe/Berlin"}
    history = os.path.join(work, "history.csv")
    write_history(history, args.size)
    run([stint, "import", history], full_env)
    run([stint, "status"], empty_env)
    db = os.path.join(work, "full", "stint.db")

    status_full = median_ms([stint, "status"], full_env, args.runs)
    status_empty = median_ms([stint, "status"], empty_env, args.runs)
    add = [stint, "add", "--from", "-2h", "--to", "-1h", "bench"]
    add_full = median_ms(add, full_env, args.runs)
    add_empty = median_ms(add, empty_env, args.runs)
    # The file touched by something else before each add (its time moved): the full check runs.
    touched = []
    for _ in range(args.runs):
        os.utime(db)
        touched.append(run(add, full_env))
    add_touched = statistics.median(touched) * 1000
    checks = []
    for _ in range(args.runs):
        conn = sqlite3.connect(db)
        start = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        checks.append(time.perf_counter() - start)
        conn.close()
    check_ms = statistics.median(checks) * 1000

    backup_file = os.path.join(work, "copy.db")
    backup_ms = median_ms([stint, "backup", backup_file], full_env, max(3, args.runs // 3))
    restore_ms = median_ms([stint, "restore", backup_file], full_env, 3)
    damaged_env = {**os.environ, "STINT_DATA_DIR": os.path.join(work, "damaged"), "TZ": "Europe/Berlin"}
    os.makedirs(damaged_env["STINT_DATA_DIR"])
    damaged = os.path.join(damaged_env["STINT_DATA_DIR"], "stint.db")
    shutil.copy(backup_file, damaged)
    with open(damaged, "r+b") as f:
        f.seek(os.path.getsize(damaged) // 2)
        f.write(bytes((i * 31) % 253 for i in range(4096)))
    start = time.perf_counter()
    done = subprocess.run([stint, "--json", "recover"], env=damaged_env, capture_output=True, text=True)
    recover_ms = (time.perf_counter() - start) * 1000

    mib = lambda path: os.path.getsize(path) / 2**20  # noqa: E731
    print(f"entries                                  {args.size:>10}")
    print(f"stint add, {args.size} entries (ms)       {add_full:>10.1f}")
    print(f"stint add, empty database (ms)           {add_empty:>10.1f}")
    print(f"  difference (the file as Stint left it: no full check) {add_full - add_empty:>5.1f}")
    print(f"stint add, file touched by another program (ms) {add_touched:>5.1f}")
    print(f"  difference: the full check (ms)        {add_touched - add_empty:>10.1f}")
    print(f"stint status, {args.size} entries (ms)    {status_full:>10.1f}")
    print(f"stint status, empty database (ms)        {status_empty:>10.1f}")
    print(f"PRAGMA quick_check alone (ms)            {check_ms:>10.1f}")
    print(f"stint backup FILE (ms)                   {backup_ms:>10.1f}")
    print(f"database / backup size (MiB)             {mib(db):>5.1f} / {mib(backup_file):.1f}")
    print(f"stint restore FILE (ms)                  {restore_ms:>10.1f}")
    print(f"stint recover, noise in 4 KiB (ms)       {recover_ms:>10.1f}   {done.stdout.strip()[:120]}")
    print(f"\nMedians of whole release `stint` processes over {args.runs} runs (backup and restore fewer).")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
