// The main window at scale (issue 12), measured on the release app in its real webview under
// Xvfb, driven through WebDriver, with three databases side by side in one run: empty, 100,000
// entries over 40 years, and 2,000 entries in the last 14 days. Prints a table.
//
//   cd e2e && STINT_APP_BIN=$CARGO_TARGET_DIR/release/stint-app STINT_CLI_BIN=$CARGO_TARGET_DIR/release/stint \
//     dbus-run-session -- xvfb-run -a -s "-screen 0 1280x900x24 -noreset" node history.bench.mjs
//
// Times inside the page are taken in the page (performance.now and requestAnimationFrame), so
// WebDriver's own round trips do not count; CPU and PSS are read from /proc for the app and
// every process below it (WebKit's web and network processes).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { remote } from "webdriverio";
import { isolatedEnv, startDriver, waitFor, closeApp } from "./harness.mjs";

const BIN = process.env.STINT_APP_BIN;
const CLI = process.env.STINT_CLI_BIN;
assert.ok(BIN && existsSync(BIN), "STINT_APP_BIN must name the release app");
assert.ok(CLI && existsSync(CLI), "STINT_CLI_BIN must name the release stint CLI");

const z = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const WORDS = "review write design plan call email fix deploy test read sync interview".split(" ");

/** ~10 entries per working day back from yesterday, `count` of them. */
function longHistory(count) {
  const rows = ["start,stop,description,project,tags"];
  let day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  let made = 0;
  let seed = 7;
  const rand = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  while (made < count) {
    day = new Date(day.getTime() - 86_400_000);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    let t = day.getTime() + 8 * 3_600_000;
    for (let i = 0; i < 10 && made < count; i++, made++) {
      t += rand(15) * 60_000;
      const stop = t + (10 + rand(40)) * 60_000;
      const text = Array.from({ length: 2 + rand(4) }, () => WORDS[rand(WORDS.length)]).join(" ");
      rows.push(`${z(t)},${z(stop)},${text},project-${rand(30)},tag-${rand(50)}`);
      t = stop;
    }
  }
  return rows.join("\n") + "\n";
}

/** 2,000 entries over the last 14 days, back to back. */
function recentHistory() {
  const rows = ["start,stop,description,project,tags"];
  const end = Date.now() - 3_600_000;
  for (let i = 0; i < 2000; i++) {
    const start = end - (i + 1) * 10 * 60_000;
    rows.push(`${z(start)},${z(start + 9 * 60_000)},${WORDS[i % WORDS.length]} ${i},project-${i % 30},tag-${i % 50}`);
  }
  return rows.join("\n") + "\n";
}

function family(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ").pop().split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone */ }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

function appPid() {
  const found = spawnSync("pgrep", ["-f", `^${BIN}`]).stdout.toString().trim().split(/\s+/).filter(Boolean).map(Number);
  const parent = (p) => Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ").pop().split(" ")[1]);
  return found.find((p) => !found.includes(parent(p)));
}

const pssMib = (pid) => family(pid).reduce((sum, p) => {
  try {
    const line = readFileSync(`/proc/${p}/smaps_rollup`, "utf8").split("\n").find((l) => l.startsWith("Pss:"));
    return sum + Number(line.split(/\s+/)[1]);
  } catch { return sum; }
}, 0) / 1024;

/** CPU seconds so far of the app and each of its processes, by process name. */
const cpuSeconds = (pid) => family(pid).reduce((sum, p) => {
  try {
    const stat = readFileSync(`/proc/${p}/stat`, "utf8");
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const f = stat.split(") ").pop().split(" ");
    const s = (Number(f[11]) + Number(f[12])) / 100;
    sum.total += s;
    sum[name] = (sum[name] ?? 0) + s;
    return sum;
  } catch { return sum; }
}, { total: 0 });
const cpuSince = (before, after) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

/** When the app looks for its first daily backup after launch (FIRST_BACKUP_AFTER). */
const FIRST_BACKUP_MS = 60_000;

/** Largest gap between animation frames (ms) while `seconds` pass in the page. */
async function frameGaps(browser, seconds) {
  return browser.executeAsync((ms, done) => {
    // Gaps between frames only: the wait for the first frame is not one (the scrolling
    // measure counts from its first frame too).
    const gaps = [];
    let last;
    let until;
    const tick = (t) => {
      if (last === undefined) until = t + ms;
      else gaps.push(t - last);
      last = t;
      if (t < until) requestAnimationFrame(tick);
      else done(Math.max(...gaps));
    };
    requestAnimationFrame(tick);
  }, seconds * 1000);
}

/** A data folder holding `csv` imported through the CLI (nothing for the empty database). */
function prepare(label, csv) {
  const setup = isolatedEnv("stint-bench-history-");
  mkdirSync(setup.dataDir, { recursive: true });
  const env = { ...setup.env, TZ: "UTC" };
  if (csv) {
    const file = path.join(setup.root, "history.csv");
    writeFileSync(file, csv);
    execFileSync(CLI, ["import", file], { env, stdio: "ignore" });
  }
  return { label, env, hasHistory: Boolean(csv), launches: [] };
}

/** Starts the app on `db`'s folder; resolves once it is interactive. */
async function launch(db) {
  const driver = await startDriver(db.env);
  const began = performance.now();
  // WebDriver's accessible-name queries (aria/…) take seconds over hundreds of rows, so the bench
  // finds things by CSS.
  const browser = await remote({ hostname: "127.0.0.1", port: driver.port, logLevel: "error", capabilities: { "tauri:options": { application: BIN } } });
  await browser.setTimeout({ script: 180_000 });
  // Interactive: the timer's button is there and the list (or the empty state) is drawn.
  await waitFor(async () => browser.execute(() => Boolean(document.querySelector(".timer-toggle") && document.querySelector(".days, .empty"))), "the list", 60_000);
  const ms = performance.now() - began;
  // Of that, the page's own part: from the start of its navigation to now (the rest is the
  // process starting, the database opened and checked, WebKit and the driver's session).
  const inPage = await browser.execute(() => performance.now());
  db.launches.push({ ms, inPage, at: Date.now() });
  return { browser, driver };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(db) {
  const { label, hasHistory } = db;
  const { browser, driver } = await launch(db);
  const result = { label };
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const pid = appPid();
    result.pssLaunch = pssMib(pid);
    if (label.startsWith("100,000")) {
      // Jump 20 years back: from Enter to the day's entries drawn.
      const target = new Date(Date.now() - 20 * 365.25 * 86_400_000).toISOString().slice(0, 10);
      console.error(`${label}: jumping to ${target}`);
      result.jump = await browser.executeAsync((date, done) => {
        const input = document.getElementById("go-to-date");
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, date);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const year = date.slice(0, 4);
        const t0 = performance.now();
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        const look = () => {
          const heads = [...document.querySelectorAll(".day-header")].map((h) => h.textContent);
          if (heads.some((h) => h.includes(year))) requestAnimationFrame(() => done(performance.now() - t0));
          else requestAnimationFrame(look);
        };
        look();
      }, target);
      await browser.execute(() => [...document.querySelectorAll("button")].find((b) => b.textContent === "Back to today").click());
      // Search from a settled window, as a person types: today's list back and drawn first.
      // (Until 2026-12-02 the search began at once and its time included redrawing today.)
      await browser.executeAsync((done) => {
        const look = () => {
          const back = [...document.querySelectorAll("button")].some((b) => b.textContent === "Back to today");
          if (!back && document.querySelector(".day-header")) setTimeout(() => requestAnimationFrame(() => done()), 500);
          else requestAnimationFrame(look);
        };
        look();
      });
      console.error(`${label}: jump ${result.jump} ms; searching`);
      // Search: from the last key to the results drawn.
      result.search = await browser.executeAsync((done) => {
        const input = document.querySelector('input[type="search"]');
        const t0 = performance.now();
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, "interview");
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const look = () => {
          const status = document.querySelector('[aria-label="Search results"] [role="status"]');
          if (status && status.textContent) requestAnimationFrame(() => done({ ms: performance.now() - t0, said: status.textContent }));
          else requestAnimationFrame(look);
        };
        look();
      });
      await browser.executeAsync((done) => {
        const input = document.querySelector('input[type="search"]');
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, "");
        input.dispatchEvent(new Event("input", { bubbles: true }));
        setTimeout(done, 300);
      });
    }
    if (hasHistory) {
      console.error(`${label}: search ${JSON.stringify(result.search)}; scrolling`);
      // Scroll through 5,000 entries, 400 px a frame, loading earlier days as it goes; at the
      // bottom before older days have come it waits for them (those frames count too), as a
      // person holding the scrollbar down would. Entries are counted as they pass through the page.
      result.scrollGap = await browser.executeAsync((done) => {
        const gaps = [];
        const seen = new Set();
        let last = performance.now();
        let waitingSince = null;
        let waits = 0;
        // The worst frames, with what the list was doing: a jump in the page's height is a load
        // of older days arriving.
        let height = document.body.scrollHeight;
        const worst = [];
        const finish = () => done({ max: Math.max(...gaps.slice(1)), frames: gaps.length, seen: seen.size, waits,
          rows: document.querySelectorAll(".entry").length, worst: worst.slice(1).sort((a, b) => b.ms - a.ms).slice(0, 6) });
        const step = (t) => {
          gaps.push(t - last);
          const grew = document.body.scrollHeight - height;
          height = document.body.scrollHeight;
          worst.push({ ms: Math.round(t - last), at: gaps.length, grew, rows: document.querySelectorAll(".entry").length });
          last = t;
          for (const row of document.querySelectorAll(".entry")) seen.add(row.dataset.entryId);
          if (seen.size >= 5000) return finish();
          if (document.body.scrollHeight <= window.scrollY + window.innerHeight + 10) {
            if (waitingSince === null) waits++;
            waitingSince ??= t;
            if (t - waitingSince > 5000) return finish();
          } else {
            waitingSince = null;
            window.scrollBy(0, 400);
          }
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      console.error(`${label}: worst scrolling frames ${JSON.stringify(result.scrollGap.worst)}`);
      await new Promise((r) => setTimeout(r, 3000));
      result.pssScrolled = pssMib(pid);
    }
    if (label.startsWith("100,000")) {
      console.error(`${label}: reports`);
      // Reports: from choosing a range to its table and charts drawn (the frame after).
      await browser.execute(() => window.scrollTo(0, 0));
      await browser.execute(() => [...document.querySelectorAll(".header-actions button")].find((b) => b.textContent === "Reports").click());
      await waitFor(async () => browser.execute(() => Boolean(document.querySelector(".report-range-label"))), "the first report", 60_000);
      const pick = (preset) => browser.executeAsync((value, done) => {
        const select = document.getElementById("report-preset");
        const before = document.querySelector(".report-range-label")?.textContent;
        const t0 = performance.now();
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(select, value);
        select.dispatchEvent(new Event("change", { bubbles: true }));
        const look = () => {
          const label = document.querySelector(".report-range-label")?.textContent;
          if (label && label !== before && document.querySelector(".report-table, .reports .empty")) {
            requestAnimationFrame(() => done({ ms: performance.now() - t0, label, total: document.querySelector(".report-total")?.textContent }));
          } else requestAnimationFrame(look);
        };
        look();
      }, preset);
      result.reportYear = await pick("this_year");
      await new Promise((r) => setTimeout(r, 1000));
      result.pssReport = pssMib(pid);
      result.reportAll = await pick("all_time");
      for (const preset of ["last_year", "this_month", "last_month", "this_week", "last_week", "yesterday", "this_year", "all_time", "last_year"]) {
        await pick(preset);
      }
      await new Promise((r) => setTimeout(r, 3000));
      result.pssReports = pssMib(pid);
      console.error(`${label}: year ${JSON.stringify(result.reportYear)}, all ${JSON.stringify(result.reportAll)}, PSS ${result.pssReport} → ${result.pssReports}`);
      await browser.execute(() => [...document.querySelectorAll("button")].find((b) => b.textContent === "Back to entries").click());
    }
    console.error(`${label}: timer`);
    // A running timer, with the history scrolled through: CPU of every process over 10 s.
    await browser.execute(() => window.scrollTo(0, 0));
    await (await browser.$("#timer-description")).setValue("Benchmark");
    await (await browser.$(".timer-toggle")).click();
    await waitFor(async () => (await (await browser.$(".timer-toggle")).getText()) === "Stop timer", "the timer to run");
    // Then 10 s for the work that follows a start, a launch or a long scroll to finish (WebKit
    // and the app are busy for 2–4 s after each with a long list, ~0.15 s of CPU a second): the
    // goal is the cost of a timer that keeps running.
    await new Promise((r) => setTimeout(r, 10_000));
    // CPU first, with nothing asking the page for frames (a requestAnimationFrame loop would
    // make WebKit paint sixty times a second and count that); then the frame gaps on their own.
    const cpu0 = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 10_000));
    result.timerCpu = cpuSince(cpu0, cpuSeconds(pid));
    result.timerGap = await frameGaps(browser, 10);
    if (hasHistory) {
      // The app writes its first daily backup a minute after launch (FIRST_BACKUP_AFTER in
      // src-tauri/src/lib.rs): the frames while it does, with the timer still running, from a
      // little before it starts to well after.
      const launchedAt = db.launches[db.launches.length - 1].at;
      const from = launchedAt + FIRST_BACKUP_MS - 4_000;
      if (Date.now() < from) await new Promise((r) => setTimeout(r, from - Date.now()));
      const began = Date.now();
      result.backupGap = await frameGaps(browser, 12);
      const backups = path.join(db.env.STINT_DATA_DIR, "backups");
      const written = existsSync(backups) && readdirSync(backups).some((name) => name.endsWith("-daily.db"));
      // Arrived too late to see it start (a slow run), or no backup came: say so rather than
      // claim it.
      if (!written || began > launchedAt + FIRST_BACKUP_MS - 3_000) {
        console.error(`${label}: the daily backup's frames not measured (${written ? "the bench came too late for its start" : "no daily backup was written"})`);
        result.backupGap = undefined;
      }
    }
  } finally {
    await closeApp(browser, driver, BIN);
  }
  return result;
}

const only = process.env.ONLY;
const dbs = [prepare("empty database", null)];
if (!only || only === "long") dbs.push(prepare("100,000 entries over 40 years", longHistory(100_000)));
if (!only || only === "recent") dbs.push(prepare("2,000 entries in 14 days", recentHistory()));
// Launch is timed several times, the databases taking turns, and the medians compared: one
// launch on this shared machine moves by more than the difference being measured.
const LAUNCHES = Number(process.env.LAUNCHES ?? 5);
for (let round = 0; round < LAUNCHES; round++) {
  for (const db of dbs) {
    const { browser, driver } = await launch(db);
    await closeApp(browser, driver, BIN);
  }
}
for (const db of dbs) {
  console.error(`${db.label}: launches ${db.launches.map((l) => `${l.ms.toFixed(0)} (page ${l.inPage.toFixed(0)})`).join(", ")} ms`);
}
const results = [];
for (const db of dbs) {
  const result = await measure(db);
  result.launch = median(db.launches.map((l) => l.ms));
  result.inPage = median(db.launches.map((l) => l.inPage));
  results.push(result);
}

const f = (n, d = 0) => (n === undefined ? "–" : n.toFixed(d));
const empty = results[0];
console.log("Release app, Xvfb, this machine; one run of each, side by side.\n");
console.log(`Launch: the median of ${LAUNCHES + 1} launches of each database, taking turns (in brackets, the page's part of it).\n`);
console.log("| database | launch to list | × empty | jump 20 years | search | max frame, scrolling 5,000 | CPU 10 s, timer running | max frame, timer | max frame, timer and daily backup | PSS launch → scrolled |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of results) {
  console.log(`| ${r.label} | ${f(r.launch)} ms (page ${f(r.inPage)}) | ${f(r.launch / empty.launch, 2)} | ${r.jump ? f(r.jump) + " ms" : "–"} | ${r.search ? `${f(r.search.ms)} ms (${r.search.said.split(";")[0]})` : "–"} | ${r.scrollGap ? `${f(r.scrollGap.max)} ms (${r.scrollGap.seen} entries in ${r.scrollGap.frames} frames, ${r.scrollGap.waits} waits for older days, ${r.scrollGap.rows} rows in the DOM at the end)` : "–"} | ${f(r.timerCpu.total, 2)} s (web ${f(r.timerCpu.WebKitWebProces ?? 0, 2)}) | ${f(r.timerGap)} ms | ${r.backupGap === undefined ? "–" : `${f(r.backupGap)} ms`} | ${f(r.pssLaunch)} → ${r.pssScrolled ? f(r.pssScrolled) : "–"} MiB${r.pssScrolled ? ` (${f(r.pssScrolled / r.pssLaunch, 2)}×)` : ""} |`);
}

const reports = results.find((r) => r.reportYear);
if (reports) {
  console.log("\nReports over 100,000 entries (the window's default grouping, project then description):\n");
  console.log("| this year: choice to chart drawn | all time | PSS after the first report → after ten more |");
  console.log("|---|---|---|");
  console.log(`| ${f(reports.reportYear.ms)} ms | ${f(reports.reportAll.ms)} ms | ${f(reports.pssReport)} → ${f(reports.pssReports)} MiB (${f(reports.pssReports / reports.pssReport, 2)}×) |`);
}
