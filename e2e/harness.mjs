// What every end-to-end file needs: an isolated home for the app, a tauri-driver of its own,
// and patient waiting. The app under test is the test build `scripts/build-app.sh --test` makes.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

/** The builds under test and the folder for screenshots, as `.ci/run` names them. */
export function buildsUnderTest() {
  const BIN = process.env.STINT_APP_BIN;
  const CLI = process.env.STINT_CLI_BIN;
  const ARTIFACTS = path.resolve(process.env.STINT_E2E_ARTIFACTS ?? "artifacts");
  assert.ok(BIN && existsSync(BIN), `STINT_APP_BIN must name the built app (got ${BIN})`);
  assert.ok(CLI && existsSync(CLI), `STINT_CLI_BIN must name the built stint CLI (got ${CLI})`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return { BIN, CLI, ARTIFACTS };
}

/** A port nobody listens on, so a leftover tauri-driver cannot answer in our place. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.end(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function waitFor(check, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh temp tree for everything the app writes: its data dir and the XDG dirs WebKit uses. */
export function isolatedEnv(prefix) {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    dataDir: path.join(root, "data"),
    env: {
      ...process.env,
      STINT_DATA_DIR: path.join(root, "data"),
      HOME: path.join(root, "home"),
      XDG_CONFIG_HOME: path.join(root, "home/.config"),
      XDG_DATA_HOME: path.join(root, "home/.local/share"),
      XDG_CACHE_HOME: path.join(root, "home/.cache"),
      // No accessibility bus: WebDriver reads the DOM, and the bus would outlive the tests.
      NO_AT_BRIDGE: "1",
      // Automatic update checks go to a closed port on loopback, never to the internet.
      STINT_UPDATE_BASE_URL: "http://127.0.0.1:9/releases",
    },
  };
}

/** Starts tauri-driver on a free port; resolves to `{ port, process }` once it listens. */
export async function startDriver(env) {
  // Input for the X server, as a person at the machine gives: Stint asks about time away after
  // five minutes without any, and a whole run of test files drives the window only through
  // WebDriver. (e2e/away.test.mjs makes the absence it tests after this.)
  spawnSync("xdotool", ["mousemove_relative", "--", "1", "0"], { env });
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitFor(() => portOpen(port), `tauri-driver on port ${port}`);
  return { port, process: driver };
}

/** Finds controls by accessible name, as a person (or a screen reader) does. */
export function finders(currentBrowser) {
  /** The first of these named buttons that is on screen. */
  async function button(...names) {
    const browser = currentBrowser();
    let found;
    await waitFor(async () => {
      for (const name of names) {
        const el = await browser.$(`aria/${name}`);
        if (await el.isExisting()) {
          found = el;
          return true;
        }
      }
      return false;
    }, `a button named ${names.join(" or ")}`);
    return found;
  }

  async function field(label) {
    const el = await currentBrowser().$(`aria/${label}`);
    await el.waitForExist({ timeout: 10_000 });
    return el;
  }

  return { button, field };
}

/** Starts `application` through tauri-driver on `port`; resolves once the timer bar is usable. */
export async function openApp(port, application) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application } },
  });
  await finders(() => browser).button("Start timer", "Stop timer");
  return browser;
}

/** Ends a WebDriver session and its driver, and makes sure no copy of `application` is left. */
export async function closeApp(browser, driver, application) {
  await browser.deleteSession().catch(() => {});
  driver.process.kill();
  await waitFor(() => {
    spawnSync("pkill", ["-KILL", "-f", `^${application}`]);
    return spawnSync("pgrep", ["-f", `^${application}`]).status !== 0;
  }, "the app to exit");
}

/** The visible X window titled exactly `title`, once it is on screen. */
async function nativeWindow(env, title) {
  let window = "";
  await waitFor(() => {
    const found = spawnSync("xdotool", ["search", "--onlyvisible", "--name", `^${title}$`], { env });
    window = found.stdout.toString().trim().split("\n").filter(Boolean).pop() ?? "";
    return window !== "";
  }, `the native dialog “${title}”`, 20_000);
  const xdo = (...args) => {
    const done = spawnSync("xdotool", args, { env });
    if (done.status !== 0) throw new Error(`xdotool ${args.join(" ")}: ${done.stderr}`);
  };
  xdo("windowfocus", "--sync", window);
  await sleep(300);
  // Keys and text go to the dialog's window itself.
  return (verb, ...args) => xdo(verb, "--window", window, ...args);
}

/** Picks `file` in GTK's open dialog titled `title`, as a person would: Ctrl+L opens its
 *  location field, then the path and Enter. */
export async function chooseInNativeDialog(env, title, file) {
  const xdo = await nativeWindow(env, title);
  xdo("key", "ctrl+l");
  await sleep(300);
  xdo("type", "--delay", "20", file);
  await sleep(300);
  xdo("key", "Return");
}

/** Saves as `file` in GTK's save dialog titled `title`: the proposed name is replaced by the
 *  whole path, then Enter. */
export async function saveInNativeDialog(env, title, file) {
  const xdo = await nativeWindow(env, title);
  xdo("key", "ctrl+a");
  await sleep(200);
  xdo("type", "--delay", "20", file);
  await sleep(300);
  xdo("key", "Return");
}
