// The real app in its real webview: the release-profile-free debug build made by the Tauri CLI,
// run under Xvfb and driven through tauri-driver + WebKitWebDriver. Controls are found by their
// accessible names, as a person (or a screen reader) finds them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildsUnderTest, finders, isolatedEnv, openApp, startDriver, waitFor } from "./harness.mjs";

const { BIN, CLI, ARTIFACTS } = buildsUnderTest();

const { root, dataDir: DATA_DIR, env } = isolatedEnv("stint-e2e-");
let driver;
let browser;
let port;

async function launch() {
  browser = await openApp(port, BIN);
}

/** Ends the app the polite way (WebDriver closes it) or with SIGKILL. */
async function quit({ kill = false } = {}) {
  if (kill) {
    const pids = execFileSync("pgrep", ["-f", `^${BIN}`]).toString().trim().split(/\s+/);
    for (const pid of pids) process.kill(Number(pid), "SIGKILL");
  }
  await browser.deleteSession().catch(() => {});
  await waitFor(() => !alive(), "the app to exit");
}

function alive() {
  return spawnSync("pgrep", ["-f", `^${BIN}`]).status === 0;
}

const { button, field } = finders(() => browser);

// Each test sets up what it needs through the CLI (on the same database) and leaves no
// assumption for the next: they pass alone (--test-name-pattern) or in any order.
const cli = (...args) => execFileSync(CLI, args, { env }).toString();

/** No timer runs, and the window shows it. */
async function noTimer() {
  spawnSync(CLI, ["stop"], { env });
  await button("Start timer");
}

/** A timer for `words` runs (started from the CLI), and the window shows it. */
async function timerRunning(...words) {
  await noTimer();
  cli("start", ...words);
  await button("Stop timer");
}

/** The list row holding an entry with exactly this description. */
function row(description) {
  return browser.$(`//ul[@aria-label="Time entries"]//li[contains(@class,"entry")][.//span[@class="entry-description" and text()="${description}"]]`);
}

function seconds(text) {
  const [h, m, s] = text.trim().split(":").map(Number);
  return h * 3600 + m * 60 + s;
}

/** The stand-in desktop tray (tray.py): the app's tray registers with it over D-Bus. */
const TRAY = path.join(path.dirname(new URL(import.meta.url).pathname), "tray.py");
const trayItems = path.join(root, "tray-items");
let watcher;
const tray = (...args) => execFileSync("/usr/bin/python3", [TRAY, args[0], trayItems, ...args.slice(1)], { env }).toString();
const trayLabels = () => JSON.parse(tray("menu")).map((item) => item.label);
/** The tray's first label, or "" while no tray is registered (the app is starting). */
const trayFirst = () => {
  try {
    return trayLabels()[0];
  } catch {
    return "";
  }
};

before(async () => {
  watcher = spawn("/usr/bin/python3", [TRAY, "watch", trayItems], { env, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => watcher.stdout.once("data", resolve));
  ({ port, process: driver } = await startDriver(env));
  await launch();
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  spawnSync("pkill", ["-f", `^${BIN}`]);
  driver?.kill();
  watcher?.kill();
  // Stint writes only inside STINT_DATA_DIR. (tauri-plugin-sql creates the app config folder
  // even for an absolute database path; it stays empty.)
  const configDir = path.join(env.XDG_CONFIG_HOME, "org.stint.Stint");
  assert.deepEqual(existsSync(configDir) ? readdirSync(configDir) : [], []);
  assert.equal(existsSync(path.join(env.XDG_DATA_HOME, "org.stint.Stint")), false);
  assert.ok(existsSync(path.join(DATA_DIR, "stint.db")));
});

test("a timer started, left running and stopped is saved with the right duration", async () => {
  await noTimer();
  const description = await field("What are you working on?");
  await description.setValue("Write the e2e test");
  await browser.keys("Enter");
  await button("Stop timer");
  const started = Date.now();
  const timer = await browser.$('[role="timer"]');
  await waitFor(async () => seconds(await timer.getText()) >= 3, "the timer to tick to 3 s");
  await (await button("Stop timer")).click();
  const stopped = Date.now();
  await button("Start timer");

  const entry = row("Write the e2e test");
  await entry.waitForExist({ timeout: 10_000 });
  const shown = seconds(await entry.$(".entry-duration").getText());
  const measured = (stopped - started) / 1000;
  assert.ok(Math.abs(shown - measured) <= 1.5, `list shows ${shown}s, measured ${measured}s`);
  // The save is confirmed to the person, not just done.
  const status = await browser.$('[role="status"]');
  await waitFor(async () => /Saved “Write the e2e test”/.test(await status.getProperty("textContent")), "the saved notice");
});

test("an entry is edited in its dialog", async () => {
  cli("add", "--from", "-3h", "--to", "-2h", "Draft the edit test");
  await row("Draft the edit test").waitForExist({ timeout: 10_000 });
  await (await button("Edit entry: Draft the edit test")).click();
  const description = await field("Description");
  await browser.saveScreenshot(path.join(ARTIFACTS, "edit-dialog.png"));
  // It fits the window, so it is not a scrolling box (a caret blinking in one costs WebKit a
  // repaint of the whole box), and its three time fields fit inside it.
  const layout = await browser.execute(() => {
    const dialog = document.querySelector(".dialog");
    const inside = dialog.getBoundingClientRect();
    const fields = ["entry-start", "entry-stop", "entry-duration"].map((id) => document.getElementById(id).getBoundingClientRect());
    return { overflow: getComputedStyle(dialog).overflowY, fit: fields.every((f) => f.left >= inside.left && f.right <= inside.right) };
  });
  assert.deepEqual(layout, { overflow: "visible", fit: true });
  await description.clearValue();
  await description.setValue("Drafted the edit test");
  await (await button("Save")).click();
  await row("Drafted the edit test").waitForExist({ timeout: 10_000 });
  assert.equal(await row("Draft the edit test").isExisting(), false);
  assert.match(cli("log"), /Drafted the edit test/);
});

test("a deleted entry comes back with Undo", async () => {
  cli("add", "--from", "-5h", "--to", "-4h", "Delete and undo");
  await row("Delete and undo").waitForExist({ timeout: 10_000 });
  await (await button("Delete entry: Delete and undo")).click();
  await row("Delete and undo").waitForExist({ reverse: true, timeout: 10_000 });
  await (await button("Undo")).click();
  await row("Delete and undo").waitForExist({ timeout: 10_000 });
});

test("entries persist across a restart", async () => {
  await noTimer();
  await (await field("What are you working on?")).setValue("Kept over a restart");
  await browser.keys("Enter");
  await (await button("Stop timer")).click();
  await row("Kept over a restart").waitForExist({ timeout: 10_000 });
  await quit();
  await launch();
  await row("Kept over a restart").waitForExist({ timeout: 10_000 });
});

test("a timer survives kill -9 and keeps its original start", async () => {
  await noTimer();
  const description = await field("What are you working on?");
  await description.setValue("Survive a kill");
  await (await button("Start timer")).click();
  await button("Stop timer");
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 2000));
  await quit({ kill: true });

  await launch();
  await button("Stop timer");
  assert.equal(await (await field("What are you working on?")).getValue(), "Survive a kill");
  const timer = await browser.$('[role="timer"]');
  const elapsed = (Date.now() - started) / 1000;
  const shown = seconds(await timer.getText());
  assert.ok(shown >= elapsed - 1.5 && shown <= elapsed + 1.5, `timer shows ${shown}s, ${elapsed}s since the start`);
});

test("the open app follows timers stopped and started from the CLI", async () => {
  await timerRunning("Started", "before");
  cli("stop");
  let shown = Date.now();
  await button("Start timer");
  const stopLag = Date.now() - shown;
  cli("start", "From", "the", "terminal", "-p", "cli");
  shown = Date.now();
  await button("Stop timer");
  const startLag = Date.now() - shown;
  assert.equal(await (await field("What are you working on?")).getValue(), "From the terminal");
  await row("From the terminal").waitForExist({ timeout: 5_000 });
  // The app polls about once a second; allow for a slow machine, but not for "on next focus".
  assert.ok(stopLag < 3000 && startLag < 3000, `took ${stopLag} ms and ${startLag} ms`);
  // Both sides hold to one running timer.
  assert.throws(() => execFileSync(CLI, ["start", "Second"], { env, stdio: "pipe" }), /already running/);
});

test("the tray starts and stops the timer, and agrees with the window", async () => {
  await timerRunning("From", "the", "terminal");
  await waitFor(() => trayFirst().startsWith("Stop — From the terminal ("), "the tray to show the CLI's timer");
  tray("click", "Stop — From the terminal");
  await button("Start timer");
  assert.equal(trayLabels()[0], "Start timer");
  assert.match(execFileSync(CLI, ["status"], { env }).toString(), /No timer is running/);

  tray("click", "Start timer");
  await button("Stop timer");
  assert.equal(await (await field("What are you working on?")).getValue(), "Untitled");
  assert.match(trayLabels()[0], /^Stop — Untitled \(0:0\d\)$/);
  const labels = trayLabels();
  assert.ok(labels.includes("Continue “From the terminal”"), labels.join(" | "));
  assert.deepEqual(labels.slice(-4), ["Show Stint", "Reports…", "Import…", "Quit Stint"]);

  // Stopped in the window, the tray follows within about a second.
  await (await button("Stop timer")).click();
  await waitFor(() => trayFirst() === "Start timer", "the tray to follow the window", 5_000);

  // Import… in the tray brings the window's import dialog.
  tray("click", "Import…");
  const importing = await browser.$("aria/Import time entries");
  await importing.waitForExist({ timeout: 10_000 });
  await browser.keys(["Escape"]);
  await importing.waitForExist({ timeout: 5_000, reverse: true });

  // Reports… in the tray opens the Reports view; Escape goes back to the entries.
  tray("click", "Reports…");
  const reports = await browser.$("#reports-heading");
  await reports.waitForExist({ timeout: 10_000 });
  await browser.keys(["Escape"]);
  await reports.waitForExist({ timeout: 5_000, reverse: true });
});

test("settings: start at login, and a global shortcut that starts and stops the timer", async () => {
  await noTimer();
  await (await button("Settings")).click();
  const login = await browser.$("aria/Start Stint when I log in (it waits in the tray)");
  await login.waitForExist({ timeout: 10_000 });
  const desktopFile = path.join(env.XDG_CONFIG_HOME, "autostart", "Stint.desktop");
  const status = () => browser.$('.dialog [role="status"]').getText().catch(() => "");
  await login.click();
  await waitFor(async () => /start in the tray when you log in/.test(await status()), "the login item");
  assert.ok(existsSync(desktopFile));
  assert.match(readFileSync(desktopFile, "utf8"), /--hidden/);
  await login.click();
  await waitFor(async () => /will not start at login/.test(await status()), "the login item to go");
  assert.equal(existsSync(desktopFile), false);

  const shortcut = await field("Start/stop shortcut");
  await shortcut.click();
  await browser.keys(["Control", "Alt", "t"]);
  await browser.keys(["Control", "Alt"]); // release the modifiers
  await waitFor(async () => (await shortcut.getValue()) === "Ctrl+Alt+T", "the shortcut to be recorded");
  await (await button("Save shortcut")).click();
  await waitFor(async () => /now starts and stops/.test(await status()), "the shortcut to be saved");
  await browser.saveScreenshot(path.join(ARTIFACTS, "settings-dialog.png"));
  // Taller than the window: it scrolls inside, down to its last button.
  assert.equal(await browser.execute(() => getComputedStyle(document.querySelector(".dialog")).overflowY), "auto");
  await (await button("Done")).scrollIntoView();
  assert.ok(await (await button("Done")).isDisplayed({ withinViewport: true }));
  await (await button("Done")).click();

  // Pressed anywhere on the desktop (XTEST, as a keyboard would), it starts and stops the timer.
  execFileSync("xdotool", ["key", "ctrl+alt+t"], { env });
  await button("Stop timer");
  execFileSync("xdotool", ["key", "ctrl+alt+t"], { env });
  await button("Start timer");
});

test("the main window, with a project and tags, as a person sees it", async () => {
  await noTimer();
  await (await field("What are you working on?")).setValue("Review pull requests");
  await (await field("Project")).setValue("Stint");
  const tags = await field("Tags");
  await tags.setValue("review");
  await browser.keys("Enter");
  await (await button("Start timer")).click();
  await button("Stop timer");
  await row("Review pull requests").waitForExist({ timeout: 10_000 });
  const project = await row("Review pull requests").$(".project");
  assert.equal(await project.getText(), "Stint");
  await new Promise((r) => setTimeout(r, 1500));
  await browser.saveScreenshot(path.join(ARTIFACTS, "main-window.png"));
  await (await button("Projects")).click();
  await (await button("Delete project: Stint")).waitForExist();
  await browser.saveScreenshot(path.join(ARTIFACTS, "projects-dialog.png"));
  await browser.keys("Escape");
});

/** The window manager's part (wm.py): count the windows titled "Stint", or close them. */
const WM = path.join(path.dirname(new URL(import.meta.url).pathname), "wm.py");
const wm = (command, ...args) => execFileSync("/usr/bin/python3", [WM, command, "Stint", ...args], { env }).toString().trim();
const windows = (command = "count") => Number(wm(command));

/** The running Stints: the app's processes whose parent is not Stint (its crash reporter is). */
function stintPids() {
  const found = spawnSync("pgrep", ["-f", `^${BIN}`]).stdout.toString().trim().split(/\s+/).filter(Boolean).map(Number);
  return found.filter((pid) => !found.includes(parentOf(pid)));
}

function parentOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop().split(" ")[1]);
  } catch {
    return 0;
  }
}

/** WebKit's web and network processes started by this process. */
function webkitChildren(pid) {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry) && parentOf(Number(entry)) === pid)
    .map((entry) => { try { return readFileSync(`/proc/${entry}/comm`, "utf8").trim(); } catch { return ""; } })
    .filter((name) => name.startsWith("WebKit"));
}

/** Asks the window to close, as its close button does, until `done` (at most three times, five
 *  seconds apart), as a person clicks again when a click does nothing. Under Xvfb with no
 *  window manager, on a loaded machine, a request now and then has no effect at all, in about
 *  four runs of ten with both cores busy, seen with the window long drawn and just opened alike;
 *  its cause is not traced (the second request has always worked). Each repeat is logged. */
async function closeUntil(done, what) {
  for (let attempt = 1; ; attempt++) {
    windows("close");
    try {
      await waitFor(done, what, 5_000);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      console.log(`${what}: the close request had no effect in 5 s; asking again`);
    }
  }
}

/** Waits that include starting a Stint process (a debug build with GTK and WebKit): generous,
 *  since a 2-core CI machine running the whole suite can take well over the usual 15 s. */
const STARTING = 45_000;

test("closing the window keeps Stint and its timer in the tray; one instance; Quit ends it", async () => {
  await timerRunning("Review", "pull", "requests");
  // The first close explains the tray, and the window closes once the person has read it.
  const hint = await browser.$("aria/Stint stays in the tray");
  await closeUntil(() => hint.isExisting(), "the explanation of the tray");
  assert.equal(windows(), 1, "the window waits for the explanation to be read");
  await browser.saveScreenshot(path.join(ARTIFACTS, "tray-hint.png"));
  await (await button("Close the window")).click();
  await waitFor(() => windows() === 0, "the window to close after the explanation");
  // WebDriver ends the app with its session; from here the app runs as a person starts it.
  await browser.deleteSession().catch(() => {});
  browser = undefined;
  await new Promise((r) => setTimeout(r, 2000));
  spawnSync("pkill", ["-f", `^${BIN}`]);
  await waitFor(() => !alive(), "the WebDriver-launched app to end");
  // The global shortcut, kept as Settings keeps it (the settings test sets it through the
  // window), so this test stands alone: the Stint that takes the tray over must hold it.
  execFileSync("/usr/bin/python3", ["-c",
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', ('toggle_shortcut', sys.argv[2])); c.commit()",
    path.join(DATA_DIR, "stint.db"), '"Ctrl+Alt+T"']);
  const app = spawn(BIN, [], { env, stdio: "ignore" });
  await waitFor(() => windows() === 1, "the window", STARTING);
  await waitFor(() => /^Stop — Review pull requests/.test(trayFirst()), "the tray", STARTING);

  // Where the person leaves the window is where it comes back.
  wm("move", "137", "91", "820", "640");
  await waitFor(() => wm("geometry") === "137 91 820 640", "the window to move");
  // Said once already: this time the window just goes.
  await closeUntil(() => windows() === 0, "the window to close");
  // On Linux the process that held the webview hands the tray to a fresh one that never built
  // a webview (src-tauri/src/handover.rs), and ends.
  await waitFor(() => app.exitCode !== null, "the windowed process to hand over", STARTING);
  assert.equal(app.exitCode, 0);
  await waitFor(() => stintPids().length === 1, "the Stint that took over the tray", STARTING);
  const successor = stintPids()[0];
  assert.notEqual(successor, app.pid);
  await waitFor(() => /^Stop — Review pull requests/.test(trayFirst()), "the tray, back with the timer", STARTING);
  assert.match(execFileSync(CLI, ["status"], { env }).toString(), /Running .*Review pull requests/);
  assert.deepEqual(webkitChildren(successor), [], "Stint in the tray holds no webview");
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(stintPids(), [successor], "it stays in the tray");

  tray("click", "Show Stint");
  await waitFor(() => windows() === 1, "Show Stint to open the window again", STARTING);
  await waitFor(() => wm("geometry") === "137 91 820 640", "the window where it was");

  // A second launch hands over to the Stint in the tray (which shows its window) and exits.
  await closeUntil(() => windows() === 0, "the window to close again");
  await waitFor(() => stintPids().length === 1 && stintPids()[0] !== successor, "the next handover", STARTING);
  const inTray = stintPids()[0];
  await waitFor(() => /^Stop — Review pull requests/.test(trayFirst()), "the tray, back again", STARTING);
  const second = spawnSync(BIN, [], { env, timeout: STARTING });
  assert.equal(second.status, 0, `second instance: ${second.stderr}`);
  await waitFor(() => windows() === 1, "the Stint in the tray to show its window", STARTING);
  assert.deepEqual(stintPids(), [inTray], "the Stint in the tray is still the one");

  // The Stint that took over holds the global shortcut from Settings.
  execFileSync("xdotool", ["key", "ctrl+alt+t"], { env });
  await waitFor(() => trayFirst() === "Start timer", "the shortcut to stop the timer");
  execFileSync("xdotool", ["key", "ctrl+alt+t"], { env });
  await waitFor(() => /^Stop — Untitled/.test(trayFirst()), "the shortcut to start a timer");

  tray("click", "Quit Stint");
  await waitFor(() => !alive(), "Quit to end Stint");
  assert.match(execFileSync(CLI, ["status"], { env }).toString(), /Running .*Untitled/, "the timer outlives the app");
});
