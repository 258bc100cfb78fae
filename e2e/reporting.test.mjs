// Crash and error reports, end to end: the test build of the real app (with the test-only
// triggers) points its Sentry client at a listener on loopback that stands in for Sentry's
// envelope endpoint, and the test reads exactly what would have left the machine.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { finders, isolatedEnv, openApp, sleep, startDriver, waitFor } from "./harness.mjs";

const BIN = process.env.STINT_APP_BIN;
assert.ok(BIN, "STINT_APP_BIN must name the test build of the app");
const VERSION = JSON.parse(readFileSync(new URL("../src-tauri/tauri.conf.json", import.meta.url))).version;
const SECRET = "Quarterly plan for Zephyr Labs";
const ARTIFACTS = path.resolve(process.env.STINT_E2E_ARTIFACTS ?? "artifacts");

/** Sentry's envelope endpoint on 127.0.0.1: keeps every envelope it is sent. */
class Ingest {
  envelopes = [];
  async start() {
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        let body = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
        if (req.headers["content-encoding"] === "deflate") body = zlib.inflateSync(body);
        this.envelopes.push({ path: req.url, raw: body, ...parseEnvelope(body) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = this.server.address().port;
  }
  /** Every item of every envelope of the given type. */
  items(type) {
    return this.envelopes.flatMap((e) => e.items.filter((i) => i.header.type === type));
  }
  events() {
    return this.items("event").map((i) => JSON.parse(i.payload.toString("utf8")));
  }
}

/** Splits an envelope into its header and items (JSON header line, then `length` bytes). */
function parseEnvelope(buf) {
  let at = buf.indexOf(10);
  const header = JSON.parse(buf.subarray(0, at === -1 ? buf.length : at).toString("utf8"));
  const items = [];
  while (at !== -1 && at + 1 < buf.length) {
    const start = at + 1;
    const end = buf.indexOf(10, start);
    const line = buf.subarray(start, end === -1 ? buf.length : end).toString("utf8").trim();
    if (!line) break;
    const itemHeader = JSON.parse(line);
    const payloadStart = end + 1;
    let payloadEnd;
    if (typeof itemHeader.length === "number") payloadEnd = payloadStart + itemHeader.length;
    else {
      payloadEnd = buf.indexOf(10, payloadStart);
      if (payloadEnd === -1) payloadEnd = buf.length;
    }
    items.push({ header: itemHeader, payload: buf.subarray(payloadStart, payloadEnd) });
    at = payloadEnd < buf.length && buf[payloadEnd] === 10 ? payloadEnd : payloadEnd - 1;
    if (payloadEnd >= buf.length) break;
  }
  return { header, items };
}

const ingest = new Ingest();
let driver;
let browser;
const { button, field } = finders(() => browser);

function appEnv(prefix) {
  const isolated = isolatedEnv(prefix);
  isolated.env.STINT_SENTRY_DSN = `http://0123456789abcdef@127.0.0.1:${ingest.port}/42`;
  return isolated;
}

async function launch() {
  browser = await openApp(driver.port, BIN);
}

async function endSession() {
  await browser?.deleteSession().catch(() => {});
  browser = undefined;
  spawnSync("pkill", ["-f", `^${BIN}`]);
  // Stint is single-instance: the next launch must not find this one still going.
  await waitFor(() => spawnSync("pgrep", ["-f", `^${BIN}`]).status !== 0, "the app to end");
}

/**
 * Calls a test-only trigger; it never answers (the command panics or the process ends, which
 * WebDriver reports as a failed script that the test expects).
 */
const trigger = (command) =>
  browser
    .execute((cmd) => void window.__TAURI_INTERNALS__.invoke(cmd).catch(() => {}), command)
    .catch((err) => {
      if (command !== "debug_crash") throw err;
    });

const throwInTheWebview = (message) =>
  browser.execute((text) => void setTimeout(() => { throw new Error(text); }, 0), message);

async function startTimer(description) {
  await (await field("What are you working on?")).setValue(description);
  await (await button("Start timer")).click();
  await button("Stop timer");
}

async function setReportsInSettings(on, screenshot) {
  await (await button("Settings")).click();
  const box = await browser.$("aria/Send anonymous crash and error reports");
  await box.waitForExist({ timeout: 10_000 });
  if ((await box.isSelected()) !== on) await box.click();
  const status = browser.$('.dialog [role="status"]');
  await waitFor(async () => (await status.isExisting()) && /report/.test(await status.getText()), "the answer to be saved");
  if (screenshot) await browser.saveScreenshot(path.join(ARTIFACTS, screenshot));
  await (await button("Done")).click();
}

/** The same environment for tauri-driver and the app it launches. */
async function withDriver(env, body) {
  driver = await startDriver(env);
  try {
    await body();
  } finally {
    await endSession();
    driver.process.kill();
    await sleep(300);
  }
}

before(async () => {
  await ingest.start();
});

after(() => {
  spawnSync("pkill", ["-f", `^${BIN}`]);
  ingest.server?.close();
  // What was sent, for a person to read: every item but the binary minidump.
  mkdirSync(ARTIFACTS, { recursive: true });
  const sent = ingest.envelopes.map((e) => ({
    header: e.header,
    items: e.items.map((i) => ({
      header: i.header,
      payload: i.header.type === "attachment" ? `<${i.payload.length} bytes>` : JSON.parse(i.payload.toString("utf8")),
    })),
  }));
  writeFileSync(path.join(ARTIFACTS, "crash-reports.json"), JSON.stringify(sent, null, 2));
});

test("with consent, a panic, a UI error and a native crash each arrive, scrubbed", async () => {
  const { env } = appEnv("stint-reports-on-");
  await withDriver(env, async () => {
    await launch();
    // First launch asks; the answer applies at once, without a restart.
    const send = await button("Send reports");
    await sleep(500);
    await browser.saveScreenshot(path.join(ARTIFACTS, "crash-reports-question.png"));
    await send.click();
    await startTimer(SECRET);
    // Let the app's once-a-second data watch see the new entry, as it would in use.
    await sleep(1500);

    await trigger("debug_panic");
    await waitFor(() => ingest.events().some((e) => e.tags?.origin === "rust"), "the panic report");
    await sleep(1000);
    const panics = ingest.events().filter((e) => e.tags?.origin === "rust");
    assert.equal(panics.length, 1, "exactly one event for one panic");
    const [panic] = panics;
    assert.equal(panic.release, `stint@${VERSION}`);
    assert.equal(panic.environment, "development");
    assert.match(JSON.stringify(panic.exception), /deliberate test panic while timing \[redacted\]/);
    assert.equal(panic.server_name, undefined);
    assert.equal(panic.user, undefined);

    await throwInTheWebview("deliberate UI error");
    await waitFor(() => ingest.events().some((e) => e.tags?.origin === "webview"), "the UI error report");
    const [uiError] = ingest.events().filter((e) => e.tags?.origin === "webview");
    assert.equal(uiError.platform, "javascript");
    assert.match(JSON.stringify(uiError.exception), /deliberate UI error/);
    assert.equal(uiError.release, `stint@${VERSION}`);

    // Native crashes are caught by a crash reporter process started with Stint once the
    // person has agreed: restart, as the next launch after answering.
    await endSession();
    await launch();
    await trigger("debug_crash");
    await waitFor(() => ingest.items("attachment").some((i) => i.header.attachment_type === "event.minidump"),
      "the minidump of the native crash", 20_000);
    const crash = ingest.envelopes.find((e) => e.items.some((i) => i.header.attachment_type === "event.minidump"));
    const minidump = crash.items.find((i) => i.header.attachment_type === "event.minidump").payload;
    assert.equal(minidump.subarray(0, 4).toString("latin1"), "MDMP", "a real minidump");
    // The dump is binary (stacks, modules, environment): the home path is masked in place.
    assert.equal(minidump.indexOf(env.HOME), -1, "the home path is in the minidump");
    if (os.hostname().length >= 3) assert.equal(minidump.indexOf(os.hostname()), -1, "the hostname is in the minidump");
    const crashEvent = JSON.parse(crash.items.find((i) => i.header.type === "event").payload);
    assert.equal(crashEvent.tags.origin, "native");
    assert.equal(crashEvent.release, `stint@${VERSION}`);
  });

  // Nothing personal in any event: not the entry's words, the machine's name or the home path.
  const events = ingest.envelopes.flatMap((e) => e.items.filter((i) => i.header.type !== "attachment"));
  const text = events.map((i) => i.payload.toString("utf8")).join("\n");
  for (const secret of [SECRET, os.hostname(), env.HOME]) {
    assert.ok(!text.includes(secret), `"${secret}" was sent`);
  }
});

test("without consent nothing leaves the machine, and turning it off applies at once", async () => {
  const before = ingest.envelopes.length;
  let off;
  const { env } = appEnv("stint-reports-off-");
  await withDriver(env, async () => {
    await launch();
    // Not answered yet: nothing may be sent.
    await button("Send reports");
    await startTimer(SECRET);
    await trigger("debug_panic");
    await throwInTheWebview("deliberate UI error");
    await sleep(3000);
    assert.equal(ingest.envelopes.length, before, "nothing before the person says yes");

    // Yes (and a restart, so the crash reporter runs), then no again in Settings → Privacy:
    // the next errors and the crash stay home.
    await (await button("Send reports")).click();
    await endSession();
    await launch();
    await setReportsInSettings(false, "crash-reports-settings.png");
    // While the answer was yes, start-up and command timings could go; from here, nothing.
    off = ingest.envelopes.length;
    await trigger("debug_panic");
    await throwInTheWebview("deliberate UI error");
    await sleep(1000);
    await trigger("debug_crash");
    await sleep(8000);
  });
  assert.deepEqual(ingest.envelopes.slice(off).map((e) => e.items.map((i) => i.header.type)), [],
    "no envelope of any kind, sessions included");
});
