// Updates in the real app, in its real webview: a release server on loopback serves channel
// manifests written by scripts/release_manifest.py (the release workflow's script) for bundles
// signed here with a throwaway `tauri signer` key, which the test build is told to trust
// (STINT_UPDATER_PUBKEY; only builds with `test-triggers` read it).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { finders, isolatedEnv, openApp, sleep, startDriver, waitFor } from "./harness.mjs";

const BIN = process.env.STINT_APP_BIN;
assert.ok(BIN, "STINT_APP_BIN must name the test build of the app");
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const TAURI = path.join(REPO, "ui/node_modules/.bin/tauri");
const ARTIFACTS = path.resolve(process.env.STINT_E2E_ARTIFACTS ?? "artifacts");
const WM = path.join(REPO, "e2e/wm.py");
const SCREEN = path.join(REPO, "e2e/screen.py");
const INSTALLED = "/usr/bin/stint-app";

/** Releases on loopback: GitHub's layout, files put there by the test. */
const files = new Map();
const server = http.createServer((req, res) => {
  const body = files.get(req.url);
  res.writeHead(body ? 200 : 404, { "content-length": body ? body.length : 0 });
  res.end(body);
});
let base;

const work = mkdtempSync(path.join(os.tmpdir(), "stint-updates-"));
const key = path.join(work, "release.key");

/** Signs `bundle` for `version`, writes the channel's manifest with the release script and serves both. */
function publish(channelPath, bundle, version, { tamper = false } = {}) {
  execFileSync(TAURI, ["signer", "sign", "-f", key, "-p", "", "--app-version", version, bundle], { stdio: "ignore" });
  const notes = path.join(work, `notes-${version}.md`);
  writeFileSync(notes, `Stint ${version}: a faster tray.`);
  const download = `${base}/download/v${version}`;
  const manifest = path.join(work, `latest-${version}.json`);
  execFileSync("python3", [path.join(REPO, "scripts/release_manifest.py"), "--version", version,
    "--download-url", download, "--notes-file", notes, "--out", manifest, bundle], { stdio: "ignore" });
  files.set(`/releases${channelPath}`, readFileSync(manifest));
  const bytes = readFileSync(bundle);
  files.set(`/releases/download/v${version}/${path.basename(bundle)}`, tamper ? Buffer.concat([bytes, Buffer.from("!")]) : bytes);
}

let driver;
let browser;
const { button } = finders(() => browser);

async function launch(application) {
  browser = await openApp(driver.port, application);
}

function appEnv(prefix) {
  const isolated = isolatedEnv(prefix);
  isolated.env.STINT_UPDATE_BASE_URL = base;
  isolated.env.STINT_UPDATER_PUBKEY = readFileSync(`${key}.pub`, "utf8").trim();
  return isolated;
}

async function settingsSays(text) {
  await (await button("Settings")).click();
  const updates = await browser.$("aria/Updates");
  await updates.waitForExist({ timeout: 10_000 });
  await waitFor(async () => (await browser.$(".dialog").getText()).includes(text), `Settings to say "${text}"`);
  await (await button("Done")).click();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync(TAURI, ["signer", "generate", "--ci", "-p", "", "-w", key], { stdio: "ignore" });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/releases`;
});

after(() => {
  server.close();
});

test("Beta finds an update, and a tampered one is refused in the window with nothing changed", async () => {
  // Refused before anything looks inside, so any bytes will do.
  const bundle = path.join(work, "Stint_0.2.0-beta.1_amd64.AppImage");
  writeFileSync(bundle, Buffer.alloc(1 << 20, 7));
  publish("/download/beta/latest.json", bundle, "0.2.0-beta.1", { tamper: true });
  const { env } = appEnv("stint-update-refused-");
  driver = await startDriver(env);
  try {
    await launch(BIN);
    await (await button("Settings")).click();
    await (await browser.$("aria/Beta")).click();
    await (await button("Check now")).click();
    await waitFor(async () => (await browser.$(".dialog").getText()).includes("Stint 0.2.0-beta.1 is available."), "the check");
    await (await button("Done")).click();

    const install = await button("Install and restart");
    assert.match(await browser.$("aria/Stint 0.2.0-beta.1 is available").getText(), /a faster tray/);
    await install.click();
    const alert = await browser.$('.notice-banner [role="alert"]');
    await alert.waitForExist({ timeout: 20_000 });
    assert.match(await alert.getText(), /refused.*Stint 0\.1\.0 is unchanged/s);
    // WebKitWebDriver's screenshot stalls here; the X screen shows what a person sees.
    await sleep(500);
    execFileSync("/usr/bin/python3", [SCREEN, path.join(ARTIFACTS, "update-refused.png"), "760", "720"], { env });
    await settingsSays("This is Stint 0.1.0.");
  } finally {
    await browser?.deleteSession().catch(() => {});
    spawnSync("pkill", ["-f", `^${BIN}`]);
    driver.process.kill();
  }
});

const root = process.getuid?.() === 0;
test("a signed .deb update installs, and Stint relaunches as the new version", {
  skip: !root && "installing a .deb needs root (CI runs as root)",
}, async () => {
  const build = (version) => execFileSync(path.join(REPO, "scripts/build-app.sh"), ["--deb", version],
    { stdio: ["ignore", "pipe", "inherit"] }).toString().trim().split("\n").pop();
  const current = build("0.1.0");
  const next = build("0.1.1");
  // Packed as releases are: xz, not the bundler's gzip (scripts/repack-deb.sh).
  assert.match(execFileSync("ar", ["t", next]).toString(), /^data\.tar\.xz$/m);
  publish("/latest/download/latest.json", next, "0.1.1");
  execFileSync("dpkg", ["-i", current], { stdio: "ignore" });
  const { env } = appEnv("stint-update-install-");
  driver = await startDriver(env);
  const installedPids = () => spawnSync("pgrep", ["-f", `^${INSTALLED}`]).stdout.toString().split(/\s+/).filter(Boolean);
  try {
    await launch(INSTALLED);
    const [first] = installedPids();
    // Found by the automatic check shortly after launch: no need to open Settings.
    const install = await button("Install and restart");
    await browser.saveScreenshot(path.join(ARTIFACTS, "update-available.png"));
    await install.click();
    // dpkg replaces the package, and Stint starts again as the new version.
    await waitFor(() => /^0\.1\.1$/.test(spawnSync("dpkg-query", ["-W", "-f=${Version}", "stint"]).stdout.toString()),
      "the package to be 0.1.1", 60_000);
    await waitFor(() => installedPids().some((pid) => pid !== first), "Stint to relaunch", 30_000);
    await waitFor(() => Number(execFileSync("/usr/bin/python3", [WM, "count", "Stint"], { env })) === 1,
      "the relaunched window", 30_000);
    await browser.deleteSession().catch(() => {});
    // The relaunched Stint (outside WebDriver) makes way for a session that can read it.
    spawnSync("pkill", ["-f", `^${INSTALLED}`]);
    await waitFor(() => installedPids().length === 0, "the relaunched Stint to end");
    await launch(INSTALLED);
    await settingsSays("This is Stint 0.1.1.");
  } finally {
    await browser?.deleteSession().catch(() => {});
    spawnSync("pkill", ["-f", `^${INSTALLED}`]);
    driver.process.kill();
    spawnSync("dpkg", ["-r", "stint"], { stdio: "ignore" });
  }
});
