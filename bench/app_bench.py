#!/usr/bin/env python3
"""Stint's desktop footprint, measured on the release build under Xvfb with a private D-Bus
session and the test tray (e2e/tray.py). Prints a table of:

  launch to interactive   exec until the Start timer button is painted
  PSS, window open        the app and its WebKit processes, after 10 s idle
  close to tray back      on Linux a new, hidden process takes the tray over when the window
                          closes (src-tauri/src/handover.rs): until its tray menu answers
  PSS, in the tray        10 s after the window was closed
  reopen to painted       "Show Stint" in the tray until the button is painted again (10 times)
  CPU, timer running      CPU seconds over 60 s with a timer running and the window closed
                          (idle time read every 5 s, the heartbeat file written once a
                          minute); then the same with Settings → Tracking's time-away watch
                          off, side by side, so the difference is what watching costs
  CPU, idle               CPU seconds over 60 s idle with the window closed

Usage: python3 bench/app_bench.py [--app PATH] [--seconds 60]
Without --app it builds the release app with the Tauri CLI first. Needs xvfb-run,
dbus-run-session, /usr/bin/python3 with python3-gi and python3-xlib (scripts/setup.sh)."""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", "/var/tmp/stint-target")
TRAY = os.path.join(ROOT, "e2e", "tray.py")
WM = os.path.join(ROOT, "e2e", "wm.py")
REOPENS = 10
START_BUTTON = (0x0F, 0x76, 0x6E)  # the Start timer button's colour (ui/src/styles.css)


def build():
    flags = subprocess.run([os.path.join(ROOT, "scripts/release-rustflags.sh")], check=True,
                           capture_output=True, text=True).stdout.strip()
    env = {**os.environ, "CARGO_TARGET_DIR": TARGET, "RUSTFLAGS": flags}
    subprocess.run([os.path.join(ROOT, "ui/node_modules/.bin/tauri"), "build", "--no-bundle", "--ci"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(TARGET, "release", "stint-app")


def family(pid):
    """The app and every process below it (WebKit's web and network processes)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def stint_pid(app):
    """The running Stint: on Linux closing the window hands the tray over to a new process
    (src-tauri/src/handover.rs), so the pid changes. The one running `app` whose parent is
    not also Stint (its crash reporter is the same binary, as a child)."""
    app = os.path.realpath(app)
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.path.realpath(f"/proc/{entry}/exe") != app:
                    continue
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if fields[0] not in ("Z", "X"):
                    found[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    roots = [pid for pid, ppid in found.items() if ppid not in found]
    return roots[0] if len(roots) == 1 else None


def pss_mib(pid):
    total = 0
    for p in family(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in family(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / ticks


_display = None


def painted():
    """True once the Start timer button's colour is on screen. One X connection for every
    look, so the polling takes little CPU from the app it times (this machine has two cores)."""
    global _display
    from Xlib import X, display
    if _display is None:
        _display = display.Display()
    root = _display.screen().root
    geometry = root.get_geometry()
    image = root.get_image(0, 0, geometry.width, min(geometry.height, 300), X.ZPixmap, 0xFFFFFFFF)
    data = image.data
    b, g, r = START_BUTTON[2], START_BUTTON[1], START_BUTTON[0]
    needle = bytes([b, g, r])
    return needle in data


def wait(check, timeout=20):
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            sys.exit("timed out")
        time.sleep(0.01)
    return time.perf_counter() - start


def tool(script, *args, env):
    return subprocess.run(["/usr/bin/python3", script, *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def tray_up(env, items):
    try:
        return "Quit Stint" in tool(TRAY, "menu", items, env=env)
    except subprocess.CalledProcessError:
        return False


def seasoned(app, env, items):
    """Measures Stint as someone who has used it: its database exists and the one-time note
    about closing to the tray was read (else the first close would wait for it). A hidden
    first run creates the database; the note's flag is then set as the app would set it."""
    proc = subprocess.Popen([app, "--hidden"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(lambda: tray_up(env, items))
    tool(TRAY, "click", items, "Quit", env=env)
    proc.wait(timeout=10)
    db = sqlite3.connect(os.path.join(env["STINT_DATA_DIR"], "stint.db"))
    db.execute("INSERT INTO settings (key, value) VALUES ('tray_hint_shown', 'true')")
    db.commit()
    db.close()


def set_tracking(env, **changes):
    """Changes Settings → Tracking in the database, as the app's Settings would (it rereads them
    every tick)."""
    import json
    db = sqlite3.connect(os.path.join(env["STINT_DATA_DIR"], "stint.db"))
    row = db.execute("SELECT value FROM settings WHERE key = 'tracking'").fetchone()
    value = json.loads(row[0]) if row else {
        "idle_detection": True, "idle_minutes": 5, "reminders": False, "reminder_minutes": 15,
        "work_days": [1, 2, 3, 4, 5], "work_start": "09:00", "work_end": "17:00",
        "runaway_notice": True, "runaway_hours": 8, "stop_at": None}
    value.update(changes)
    db.execute("INSERT INTO settings (key, value) VALUES ('tracking', ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (json.dumps(value),))
    db.commit()
    db.close()


def measure(app, seconds):
    work = tempfile.mkdtemp(prefix="stint-appbench-")
    items = os.path.join(work, "tray-items")
    env = {**os.environ, "STINT_DATA_DIR": os.path.join(work, "data"), "HOME": os.path.join(work, "home"),
           "XDG_CONFIG_HOME": os.path.join(work, "home/.config"), "XDG_DATA_HOME": os.path.join(work, "home/.local/share"),
           "XDG_CACHE_HOME": os.path.join(work, "home/.cache"), "NO_AT_BRIDGE": "1",
           # The automatic update check would reach for GitHub; keep it on a closed loopback port.
           "STINT_UPDATE_BASE_URL": "http://127.0.0.1:9/releases"}
    watcher = subprocess.Popen(["/usr/bin/python3", TRAY, "watch", items], env=env, stdout=subprocess.PIPE)
    watcher.stdout.readline()
    seasoned(app, env, items)
    rows = []
    started = time.perf_counter()
    proc = subprocess.Popen([app], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(painted)
    rows.append(("launch to interactive", f"{(time.perf_counter() - started) * 1000:.0f} ms"))
    time.sleep(10)
    rows.append(("PSS, window open (10 s idle)", f"{pss_mib(proc.pid):.0f} MiB"))
    tool(WM, "close", "Stint", env=env)
    wait(lambda: tool(WM, "count", "Stint", env=env).strip() == "0")
    handed_over = time.perf_counter()
    wait(lambda: proc.poll() is not None and tray_up(env, items))
    rows.append(("close to tray back (new process)", f"{(time.perf_counter() - handed_over) * 1000:.0f} ms"))
    time.sleep(10)
    rows.append(("PSS, in the tray (10 s after close)", f"{pss_mib(stint_pid(app)):.0f} MiB"))
    # Reopened ten times: each reopen is the first window of a fresh process, whose WebKit
    # start-up varies from run to run, so one sample says little.
    reopens, order = [], []
    for attempt in range(REOPENS):
        if attempt:
            time.sleep(5)
        pid = stint_pid(app)
        clicked = subprocess.run(["/usr/bin/python3", TRAY, "click", items, "Show Stint"], env=env,
                                 check=True, capture_output=True, text=True).stderr
        clicked_at = float(clicked.split("clicked at ")[1].split()[0])
        wait(painted)
        order.append((time.time() - clicked_at) * 1000)
        tool(WM, "close", "Stint", env=env)
        wait(lambda: tool(WM, "count", "Stint", env=env).strip() == "0")
        wait(lambda: stint_pid(app) not in (None, pid) and tray_up(env, items))
    reopens = sorted(order)
    rows.append((f"reopen to painted, median of {REOPENS} (90th pct; min–max)",
                 f"{statistics.median(reopens):.0f} ms ({reopens[int(0.9 * (REOPENS - 1))]:.0f}; "
                 f"{reopens[0]:.0f}–{reopens[-1]:.0f})"))
    print("reopen samples (ms, in order):", " ".join(f"{r:.0f}" for r in order), file=sys.stderr)
    tool(TRAY, "click", items, "Start timer", env=env)
    time.sleep(2)
    pid = stint_pid(app)
    before = cpu_seconds(pid)
    time.sleep(seconds)
    rows.append((f"CPU over {seconds} s, timer running, in the tray", f"{cpu_seconds(pid) - before:.2f} s"))
    set_tracking(env, idle_detection=False)
    time.sleep(6)
    before = cpu_seconds(pid)
    time.sleep(seconds)
    rows.append((f"  the same, time-away watch off", f"{cpu_seconds(pid) - before:.2f} s"))
    set_tracking(env, idle_detection=True)
    tool(TRAY, "click", items, "Stop", env=env)
    time.sleep(2)
    before = cpu_seconds(pid)
    time.sleep(seconds)
    rows.append((f"CPU over {seconds} s, idle, in the tray", f"{cpu_seconds(pid) - before:.2f} s"))
    tool(TRAY, "click", items, "Quit", env=env)
    wait(lambda: stint_pid(app) is None)
    watcher.kill()
    shutil.rmtree(work, ignore_errors=True)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app")
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    if os.environ.get("STINT_BENCH_SESSION") != "1":
        app = args.app or build()
        cmd = ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x900x24 -noreset",
               "/usr/bin/python3", os.path.abspath(__file__), "--app", app, "--seconds", str(args.seconds)]
        sys.exit(subprocess.run(cmd, env={**os.environ, "STINT_BENCH_SESSION": "1"}).returncode)
    rows = measure(args.app, args.seconds)
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}} | value")
    print("-" * (width + 12))
    for name, value in rows:
        print(f"{name:<{width}} | {value}")


if __name__ == "__main__":
    main()
