// The real app on a database it cannot open (issue 11, item 6): a damaged file, a database from
// a newer Stint, a data folder that is a file, a folder where the file should be. Each must show
// a window that says what is wrong, where, and what to do, leave the file byte for byte as it
// was, and start no timer, tray or main window. Run straight from the binary (WebDriver would
// wait for a webview that this window does not have); the window is found and answered with
// xdotool and photographed from the X server.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildsUnderTest, closeApp, finders, isolatedEnv, openApp, startDriver, waitFor } from "./harness.mjs";

const { BIN, CLI, ARTIFACTS } = buildsUnderTest();
const SCREEN = path.join(path.dirname(new URL(import.meta.url).pathname), "screen.py");
const TITLE = "Stint cannot open your time entries";

after(() => spawnSync("pkill", ["-f", `^${BIN}`]));

/** A data folder with `count` entries imported through the CLI and one backup of them. */
function seeded(prefix, count = 600) {
  const setup = isolatedEnv(prefix);
  mkdirSync(setup.dataDir, { recursive: true });
  const rows = ["start,stop,description,project"];
  const first = Date.parse("2026-06-01T08:00:00Z");
  for (let i = 0; i < count; i++) {
    const start = new Date(first + i * 3_600_000);
    const stop = new Date(start.getTime() + 1_800_000);
    rows.push(`${start.toISOString()},${stop.toISOString()},Entry ${i} of a longer history,acme`);
  }
  const csv = path.join(setup.root, "history.csv");
  writeFileSync(csv, rows.join("\n") + "\n");
  execFileSync(CLI, ["import", csv], { env: setup.env });
  execFileSync(CLI, ["backup"], { env: setup.env });
  return { ...setup, database: path.join(setup.dataDir, "stint.db") };
}

function damage(file) {
  const bytes = readFileSync(file);
  const middle = Math.floor(bytes.length / 2);
  for (let i = 0; i < 3000; i++) bytes[middle + i] = (i * 31) % 253;
  writeFileSync(file, bytes);
}

/** Starts the app; resolves once a window called TITLE is mapped, with its X id. */
async function launchExpectingProblem(env) {
  assert.notEqual(spawnSync("pgrep", ["-f", `^${BIN}`]).status, 0, "another Stint is still running");
  const app = spawn(BIN, [], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  app.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => app.on("exit", (code, signal) => resolve(code ?? `${signal}; stderr: ${stderr}`)));
  let window;
  let code = null;
  app.on("exit", (c) => (code = c));
  await waitFor(() => {
    if (code !== null) throw new Error(`Stint exited (${code}) without the window: ${stderr}`);
    const found = spawnSync("xdotool", ["search", "--onlyvisible", "--name", TITLE], { env });
    window = found.stdout.toString().trim().split("\n").pop();
    return found.status === 0 && window;
  }, "the launch-problem window", 20_000);
  return { app, window, exited, stderr: () => stderr };
}

/** Focuses the message window and presses `key` there (GTK maps it a moment after it is found). */
async function answer(env, window, key) {
  await waitFor(() => {
    const focus = spawnSync("xdotool", ["windowfocus", "--sync", window], { env });
    return focus.status === 0 && spawnSync("xdotool", ["key", key], { env }).status === 0;
  }, `pressing ${key} in the message window`);
}

function windowsNamed(env, name) {
  const found = spawnSync("xdotool", ["search", "--name", `^${name}$`], { env });
  return found.stdout.toString().trim().split("\n").filter(Boolean);
}

function screenshot(name) {
  execFileSync("/usr/bin/python3", [SCREEN, path.join(ARTIFACTS, name), "760", "420"]);
}

test("a damaged database: the window says so, nothing starts, Quit leaves the file as it was", async () => {
  const { env, database } = seeded("stint-e2e-damaged-");
  damage(database);
  const before = readFileSync(database);
  const problem = await launchExpectingProblem(env);
  screenshot("launch-problem-damaged.png");
  assert.match(problem.stderr(), /damaged/);
  assert.ok(problem.stderr().includes(database), problem.stderr());
  // No main window, and nothing has touched the file.
  assert.deepEqual(windowsNamed(env, "Stint"), []);
  assert.ok(readFileSync(database).equals(before));
  await answer(env, problem.window, "Escape");
  assert.equal(await problem.exited, 1);
  assert.ok(readFileSync(database).equals(before), "the damaged file was changed");
  assert.ok(!existsSync(`${database}-wal`) || readFileSync(`${database}-wal`).length === 0);
});

test("a damaged database: Restore the latest backup puts it in place and Stint starts on it", async () => {
  const { env, database, dataDir } = seeded("stint-e2e-restore-");
  damage(database);
  const damaged = readFileSync(database);
  const problem = await launchExpectingProblem(env);
  // The first button, Restore the latest backup, has the focus.
  await answer(env, problem.window, "Return");
  await problem.exited;
  await waitFor(() => windowsNamed(env, "Stint").length > 0, "Stint's main window after the restore", 30_000);
  screenshot("launch-problem-restored.png");
  const log = JSON.parse(execFileSync(CLI, ["--json", "log", "--all"], { env }).toString());
  assert.equal(log.length, 600);
  const kept = readdirSync(dataDir).find((name) => name.startsWith("stint.db.replaced-") && !/-(wal|shm)$/.test(name));
  assert.ok(kept, readdirSync(dataDir).join(", "));
  assert.ok(readFileSync(path.join(dataDir, kept)).equals(damaged), "the damaged file is kept as it was");
  await waitFor(() => {
    spawnSync("pkill", ["-KILL", "-f", `^${BIN}`]);
    return spawnSync("pgrep", ["-f", `^${BIN}`]).status !== 0;
  }, "the app to exit");
});

test("a database from a newer Stint is refused untouched", async () => {
  const { env, database } = seeded("stint-e2e-newer-", 20);
  execFileSync("/usr/bin/python3", ["-c", `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99990101000000, 'later', 1, x'00', 0)")
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()`, database]);
  const before = readFileSync(database);
  const problem = await launchExpectingProblem(env);
  screenshot("launch-problem-newer.png");
  assert.match(problem.stderr(), /newer version of Stint/);
  await answer(env, problem.window, "Escape");
  assert.equal(await problem.exited, 1);
  assert.ok(readFileSync(database).equals(before));
});

test("a data folder that is a file, and a folder where the database should be, are said plainly", async () => {
  const setup = isolatedEnv("stint-e2e-paths-");
  const file = path.join(setup.root, "not-a-folder");
  writeFileSync(file, "notes");
  let problem = await launchExpectingProblem({ ...setup.env, STINT_DATA_DIR: file });
  assert.match(problem.stderr(), /STINT_DATA_DIR/);
  assert.match(problem.stderr(), /not a folder/);
  await answer(setup.env, problem.window, "Escape");
  assert.equal(await problem.exited, 1);
  assert.equal(readFileSync(file, "utf8"), "notes");

  mkdirSync(path.join(setup.dataDir, "stint.db"), { recursive: true });
  problem = await launchExpectingProblem(setup.env);
  screenshot("launch-problem-folder.png");
  assert.match(problem.stderr(), /is a folder, not a database file/);
  await answer(setup.env, problem.window, "Escape");
  assert.equal(await problem.exited, 1);
});

test("Settings → Data in the real window: where the data is, Back up now, Restore…", async () => {
  const { env, database } = seeded("stint-e2e-settings-data-", 30);
  const driver = await startDriver(env);
  const browser = await openApp(driver.port, BIN);
  try {
    const { button } = finders(() => browser);
    await (await button("Settings")).click();
    const status = () => browser.$('.dialog [role="status"]').getText().catch(() => "");
    const region = await browser.$("aria/Data");
    await region.waitForExist({ timeout: 10_000 });
    assert.match(await region.getText(), new RegExp(`Your 30 entries are in ${database.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    await (await button("Back up now")).click();
    await waitFor(async () => /Backed up as stint-.*-manual\.db/.test(await status()), "the backup");
    execFileSync(CLI, ["add", "--from", "-2h", "--to", "-1h", "After the backup"], { env });
    await (await button("Restore…")).click();
    await (await button("Restore this backup")).click();
    await waitFor(async () => /Restored: 30 entries/.test(await status()), "the restore");
    await browser.saveScreenshot(path.join(ARTIFACTS, "settings-data.png"));
    const backups = JSON.parse(execFileSync(CLI, ["--json", "backups"], { env }).toString());
    assert.ok(backups.some((b) => b.occasion === "before-restore" && b.entries === 31), JSON.stringify(backups));
    const log = JSON.parse(execFileSync(CLI, ["--json", "log", "--all"], { env }).toString());
    assert.equal(log.length, 30);
  } finally {
    await closeApp(browser, driver, BIN);
  }
});

test("Settings → Troubleshooting: the log is written where it says, and Open log folder opens that folder", async () => {
  const setup = seeded("stint-e2e-log-", 5);
  // The file manager is whatever xdg-open runs; here, one that notes what it was asked to open.
  const bin = path.join(setup.root, "bin");
  const opened = path.join(setup.root, "opened.txt");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`, { mode: 0o755 });
  const env = { ...setup.env, PATH: `${bin}:${process.env.PATH}` };
  const driver = await startDriver(env);
  const browser = await openApp(driver.port, BIN);
  try {
    const { button } = finders(() => browser);
    const logs = path.join(setup.dataDir, "logs");
    const logFile = path.join(logs, "stint.log");
    await waitFor(() => existsSync(logFile), "the log file");
    await waitFor(() => /INFO\s+Stint \d+\.\d+\.\d+ started on linux/.test(readFileSync(logFile, "utf8")), "the start line");
    await (await button("Settings")).click();
    const section = await browser.$("aria/Troubleshooting");
    await section.waitForExist({ timeout: 10_000 });
    assert.ok((await section.getText()).includes(logs), await section.getText());
    await (await button("Open log folder")).click();
    await waitFor(() => existsSync(opened), "the file manager to be asked");
    assert.equal(readFileSync(opened, "utf8").trim(), logs);
    const status = await browser.$('.dialog [role="status"]');
    await waitFor(async () => /log folder is open/.test(await status.getText().catch(() => "")), "the confirmation");
    await section.scrollIntoView();
    await browser.saveScreenshot(path.join(ARTIFACTS, "settings-log.png"));
    // The person's words never reach the log.
    assert.ok(!readFileSync(logFile, "utf8").includes("longer history"));
  } finally {
    await closeApp(browser, driver, BIN);
  }
});
