// Forgotten timers in the real app (issue 15), with real signals: the X server's own idle time
// (Xvfb implements MIT-SCREEN-SAVER) after ~70 s without input, then a pointer move with
// xdotool; sleep and screen lock from a stand-in logind on a private system bus; the question,
// the reminder and the long-timer notice through a stand-in notification server on the session
// bus, whose actions are invoked as a person clicking them. Entries are checked with the CLI.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildsUnderTest, closeApp, finders, isolatedEnv, openApp, sleep, startDriver, waitFor } from "./harness.mjs";

const { BIN, CLI, ARTIFACTS } = buildsUnderTest();
const HERE = path.dirname(new URL(import.meta.url).pathname);
const SERVICES = path.join(HERE, "desktop_services.py");
const TRAY = path.join(HERE, "tray.py");

const { root, dataDir, env } = isolatedEnv("stint-away-");
const children = [];
let browser;
let driver;

after(async () => {
  if (browser) await closeApp(browser, driver, BIN);
  for (const child of children) child.kill();
  spawnSync("pkill", ["-f", `^${BIN}`]);
});

function screenshot(name) {
  spawnSync("/usr/bin/python3", [path.join(HERE, "screen.py"), path.join(ARTIFACTS, name), "1000", "880"], { env });
}

const stint = (...args) => execFileSync(CLI, args, { env }).toString();
const status = () => JSON.parse(stint("--json", "status"));
const todays = () => JSON.parse(stint("--json", "log", "--today")).sort((a, b) => a.start.localeCompare(b.start));

/** Starts a long-lived helper and resolves once it prints `ready` (or a first line). */
function serve(args, ready = "ready") {
  const child = spawn(args[0], args.slice(1), { env, stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  return waitFor(() => out.includes(ready), `${args.join(" ")} to be ready`).then(() => ({ child, out: () => out }));
}

/** Writes Settings → Tracking straight into the database (as another Stint would). */
function setTracking(changes) {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT value FROM settings WHERE key = 'tracking'").fetchone()
value = json.loads(row[0]) if row else {}
value.update(json.loads(sys.argv[2]))
db.execute("INSERT INTO settings (key, value) VALUES ('tracking', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (json.dumps(value),))
db.commit()`;
  execFileSync("/usr/bin/python3", ["-c", script, path.join(dataDir, "stint.db"), JSON.stringify(changes)], { env });
}

const notifications = () => {
  const file = path.join(root, "notifications");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
};

let logind;
let notifier;
const { button } = finders(() => browser);

before(async () => {
  // A private "system" bus with a stand-in logind on it.
  const busConfig = path.join(root, "system-bus.conf");
  writeFileSync(busConfig, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=${root}/system_bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`);
  await serve(["dbus-daemon", `--config-file=${busConfig}`, "--nofork", "--print-address=1"], "unix:");
  env.DBUS_SYSTEM_BUS_ADDRESS = `unix:path=${root}/system_bus`;
  logind = await serve(["/usr/bin/python3", SERVICES, "logind", env.DBUS_SYSTEM_BUS_ADDRESS]);
  notifier = await serve(["/usr/bin/python3", SERVICES, "notifications", path.join(root, "notifications")]);
  await serve(["/usr/bin/python3", TRAY, "watch", path.join(root, "tray-items")], "watching");
  driver = await startDriver(env);
  browser = await openApp(driver.port, BIN);
});

test("Settings → Tracking says where idle time comes from, and takes a one-minute threshold", async () => {
  await (await button("Settings")).click();
  const heading = await browser.$("#tracking-heading");
  await heading.waitForExist({ timeout: 10_000 });
  await heading.scrollIntoView();
  const hint = await browser.$("#idle-support");
  assert.match(await hint.getText(), /Idle time comes from the X server's idle time/);
  const minutes = await browser.$("#idle-minutes");
  await minutes.click();
  // Select what is there and type over it, as a person would.
  await browser.keys(["Control", "a"]);
  await browser.keys(["1"]);
  await waitFor(async () => (await browser.$("[role=status]").getText().catch(() => "")) === "Saved.", "the setting to be saved");
  screenshot("away-settings-tracking.png");
  await (await button("Done")).click();
  const db = JSON.parse(execFileSync("/usr/bin/python3", ["-c",
    "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(\"SELECT value FROM settings WHERE key='tracking'\").fetchone()[0])",
    path.join(dataDir, "stint.db")], { env }).toString());
  assert.equal(db.idle_minutes, 1);
});

test("a minute without input, then the pointer moves: the question, and Discard and continue", async () => {
  // Started before the last input, so the absence falls inside the entry.
  stint("start", "Writing", "report", "-p", "Acme", "--at", "-10m");
  // No input reaches the X server from here (WebDriver drives the page inside WebKit): after a
  // minute the app notes the absence, which the CLI shows as a question still open.
  await waitFor(() => {
    const away = status().away;
    return away !== null && away.to === null;
  }, "the app to note the absence", 100_000);
  assert.equal(status().away.cause, "idle");
  await sleep(3000);
  execFileSync("xdotool", ["mousemove", "200", "200"], { env });
  execFileSync("xdotool", ["mousemove", "220", "230"], { env });
  const dialog = await browser.$("[role=dialog]");
  await dialog.waitForExist({ timeout: 20_000 });
  const sentence = await browser.$(".away-sentence").getText();
  assert.match(sentence, /^You were away from \d\d:\d\d to \d\d:\d\d \(\d+ min\) while “Writing report” ran\.$/);
  screenshot("away-question.png");

  // The tray offers the same answers while the question waits; the notification says it too.
  const menu = JSON.parse(execFileSync("/usr/bin/python3", [TRAY, "menu", path.join(root, "tray-items")], { env }).toString());
  writeFileSync(path.join(ARTIFACTS, "away-tray-menu.json"), JSON.stringify(menu, null, 2));
  // The same menu drawn as a tray host draws it (GTK from the exported dbusmenu).
  execFileSync("/usr/bin/python3", [TRAY, "show", path.join(root, "tray-items"), path.join(ARTIFACTS, "away-tray-menu.png")], { env });
  assert.match(menu[0].label, /^Away \d\d:\d\d–\d\d:\d\d \(\d+ min\)$/);
  assert.deepEqual(menu.slice(1, 5).map((i) => i.label), ["Keep the time away", "Discard it", "Discard it and continue", "Keep as a new entry…"]);
  await waitFor(() => notifications().some((n) => n.summary === "Were you away?"), "the notification");
  const said = notifications().find((n) => n.summary === "Were you away?");
  assert.equal(said.body, sentence);
  assert.equal(said.actions.keep, "Keep");

  const away = status().away;
  await (await button("Discard and continue")).click();
  await waitFor(() => status().away === null, "the answer to be saved");
  const entries = todays();
  assert.equal(entries.length, 2, JSON.stringify(entries));
  const [first, second] = entries;
  assert.equal(first.description, "Writing report");
  assert.equal(first.running, false);
  assert.equal(Date.parse(first.stop), Date.parse(away.from), "the entry ends when the absence began");
  assert.equal(second.description, "Writing report");
  assert.equal(second.project, "Acme");
  assert.equal(second.running, true);
  assert.equal(Date.parse(second.start), Date.parse(away.to), "and continues from the return");
});

test("sleep from logind: the question covers the gap, and the notification's Keep answers it", async () => {
  const before = todays();
  logind.child.stdin.write("sleep\n");
  await waitFor(() => status().away?.cause === "sleep", "the sleep to be noted");
  await sleep(2500);
  logind.child.stdin.write("wake\n");
  await waitFor(() => status().away?.to, "the wake to be noted");
  const away = status().away;
  assert.ok(Date.parse(away.to) - Date.parse(away.from) >= 2000, JSON.stringify(away));
  await waitFor(() => notifications().filter((n) => n.summary === "Were you away?").length >= 2, "a second question");
  const latest = notifications().filter((n) => n.summary === "Were you away?").at(-1);
  notifier.child.stdin.write(`invoke ${latest.id} keep\n`);
  await waitFor(() => status().away === null, "the notification's answer");
  // One reading of the day: the running entry's seconds grow between two readings.
  const after = todays();
  assert.deepEqual(after, before.map((e) => ({ ...e, seconds: after.find((t) => t.id === e.id).seconds })), "Keep changes nothing");
});

test("a locked screen is away from the lock until the unlock", async () => {
  logind.child.stdin.write("lock\n");
  await waitFor(() => status().away?.cause === "lock", "the lock to be noted");
  logind.child.stdin.write("unlock\n");
  await waitFor(() => status().away?.to, "the unlock to be noted");
  stint("idle", "keep");
  assert.equal(status().away, null);
});

test("a timer running longer than the notice gets one notification, whose Stop stops it", async () => {
  stint("stop");
  setTracking({ runaway_hours: 1 });
  stint("start", "Forgotten", "--at", "-2h");
  await waitFor(() => notifications().some((n) => n.summary === "A long timer"), "the long-timer notice", 30_000);
  const notice = notifications().find((n) => n.summary === "A long timer");
  assert.match(notice.body, /^“Forgotten” has been running for more than 1 hours\. Still on it\?$/);
  notifier.child.stdin.write(`invoke ${notice.id} stop\n`);
  await waitFor(() => status().running === null, "the timer to stop");
});

test("nothing tracked in working hours: a reminder, whose Continue last starts the timer without the window", async () => {
  setTracking({ reminders: true, reminder_minutes: 1, work_days: [1, 2, 3, 4, 5, 6, 7], work_start: "00:00", work_end: "23:59" });
  await waitFor(() => notifications().some((n) => n.body.startsWith("Not tracking")), "the reminder", 100_000);
  const reminder = notifications().find((n) => n.body.startsWith("Not tracking"));
  assert.equal(reminder.body, "Not tracking — start “Forgotten” again?");
  assert.equal(reminder.actions.continue, "Continue last");
  assert.equal(reminder.actions.start, "Start");
  notifier.child.stdin.write(`invoke ${reminder.id} continue\n`);
  await waitFor(() => status().running?.description === "Forgotten", "the timer to start from the reminder");
});

test("Stint gone while a timer ran (killed, or the machine shut down): the next launch asks about the time since its last heartbeat", async () => {
  setTracking({ reminders: false });
  stint("stop");
  stint("start", "Report", "--at", "-30m");
  const running = status().running;
  // No Quit: the process is killed, as a shutdown would end it. Its heartbeat file stays; it is
  // set back ten minutes here rather than waiting that long.
  await closeApp(browser, driver, BIN);
  browser = undefined;
  const lastSign = Date.now() - 10 * 60_000;
  writeFileSync(path.join(dataDir, "heartbeat"), `${running.id} ${lastSign}\n`);
  driver = await startDriver(env);
  browser = await openApp(driver.port, BIN);
  await waitFor(() => status().away?.cause === "shutdown", "the question about the time Stint was gone");
  const away = status().away;
  assert.equal(Date.parse(away.from), lastSign, "from the last sign of life");
  assert.ok(Date.now() - Date.parse(away.to) < 60_000, "to the launch");
  const dialog = await browser.$("[role=dialog]");
  await dialog.waitForExist({ timeout: 20_000 });
  assert.match(await browser.$(".away-sentence").getText(), /^You were away from .* while “Report” ran\.$/);
  await (await button("Discard")).click();
  await waitFor(() => status().away === null && status().running === null, "Discard to stop the timer when Stint went");
  const report = JSON.parse(stint("--json", "log", "--all")).find((e) => e.description === "Report");
  assert.equal(Date.parse(report.stop), lastSign);
});
