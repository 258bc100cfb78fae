// Soak (issue 11): the app, hidden in the tray, and three `stint` writers on one database for
// about 30 seconds, with a kill -9 of a random writer's command every few seconds. Afterwards
// SQLite's integrity check is ok, every write that reported success is there, and there was
// never more than one running entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { isolatedEnv, sleep, waitFor } from "./harness.mjs";

const BIN = process.env.STINT_APP_BIN;
const CLI = process.env.STINT_CLI_BIN;
assert.ok(BIN && existsSync(BIN), `STINT_APP_BIN must name the built app (got ${BIN})`);
assert.ok(CLI && existsSync(CLI), `STINT_CLI_BIN must name the built stint CLI (got ${CLI})`);
const SECONDS = Number(process.env.STINT_SOAK_SECONDS ?? 30);

function sql(database, query) {
  return execFileSync("/usr/bin/python3", ["-c", `
import sqlite3, sys, json
c = sqlite3.connect(sys.argv[1])
print(json.dumps(c.execute(sys.argv[2]).fetchall()))`, database, query]).toString();
}

test("three CLI writers and the app, with writers killed at random, lose nothing", { timeout: (SECONDS + 60) * 1000 }, async () => {
  const { env, dataDir } = isolatedEnv("stint-e2e-soak-");
  mkdirSync(dataDir, { recursive: true });
  const database = path.join(dataDir, "stint.db");
  const app = spawn(BIN, ["--hidden"], { env, stdio: "ignore" });
  let appExit = null;
  app.on("exit", (code, signal) => (appExit = code ?? signal));
  await waitFor(() => existsSync(database), "the app to create its database");

  const succeeded = [];
  const inFlight = new Set();
  const deadline = Date.now() + SECONDS * 1000;
  let killed = 0;
  let maxRunning = 0;

  /** Runs one stint command; resolves to its exit code (null when killed). */
  function stint(args) {
    return new Promise((resolve) => {
      const child = spawn(CLI, args, { env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      inFlight.add(child);
      child.on("exit", (code) => {
        inFlight.delete(child);
        resolve({ code, stderr });
      });
    });
  }

  async function writer(n) {
    for (let i = 0; Date.now() < deadline; i++) {
      const description = `soak w${n} #${i}`;
      const minutes = 2 + ((n * 1000 + i) % 5000);
      const { code, stderr } = i % 5 === 0
        ? await stint(["start", "--at", `-${minutes}m`, description])
        : await stint(["add", "--from", `-${minutes}m`, "--to", `-${minutes - 1}m`, description]);
      if (code === 0) succeeded.push(description);
      // A refusal is fine (a timer is already running, another Stint is busy); a failure is not.
      else if (code !== null) assert.ok(code === 1, `stint exited ${code}: ${stderr}`);
      if (i % 5 === 0) {
        await stint(["stop"]);
      }
    }
  }

  async function killer() {
    while (Date.now() < deadline) {
      await sleep(2000 + Math.random() * 2000);
      const victims = [...inFlight];
      if (victims.length) {
        victims[Math.floor(Math.random() * victims.length)].kill("SIGKILL");
        killed++;
      }
      const running = JSON.parse(sql(database, "SELECT COUNT(*) FROM entries WHERE stop_ms IS NULL AND deleted_at IS NULL"))[0][0];
      maxRunning = Math.max(maxRunning, running);
    }
  }

  await Promise.all([writer(1), writer(2), writer(3), killer()]);
  assert.equal(appExit, null, "the app kept running throughout");
  app.kill("SIGTERM");
  await waitFor(() => appExit !== null, "the app to exit");

  assert.deepEqual(JSON.parse(sql(database, "PRAGMA integrity_check")), [["ok"]]);
  const stored = new Set(JSON.parse(sql(database, "SELECT description FROM entries WHERE deleted_at IS NULL")).map((r) => r[0]));
  const missing = succeeded.filter((d) => !stored.has(d));
  assert.deepEqual(missing, [], `${missing.length} of ${succeeded.length} successful writes are missing`);
  assert.ok(maxRunning <= 1, `${maxRunning} running entries at once`);
  assert.ok(succeeded.length > 50, `only ${succeeded.length} writes succeeded`);
  assert.ok(killed >= SECONDS / 5, `only ${killed} writers were killed`);
  console.log(`soak: ${succeeded.length} writes succeeded, ${killed} commands killed, integrity ok`);
  spawnSync("pkill", ["-KILL", "-f", `^${BIN}`]);
});
