// Reports in the real app (issue 13): R opens them; Last week, then one project, shows the same
// totals `stint report` computes from the same database; each export goes through GTK's save
// dialog (driven with xdotool, as a person would) and lands whole where it was asked to; the
// view is photographed in light and in dark mode. The history is written with the CLI first.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildsUnderTest, closeApp, finders, isolatedEnv, openApp, saveInNativeDialog, startDriver, waitFor } from "./harness.mjs";

const { BIN, CLI, ARTIFACTS } = buildsUnderTest();
const HERE = path.dirname(new URL(import.meta.url).pathname);

after(() => spawnSync("pkill", ["-f", `^${BIN}`]));

function screenshot(env, name) {
  spawnSync("/usr/bin/python3", [path.join(HERE, "screen.py"), path.join(ARTIFACTS, name), "1000", "880"], { env });
}

/** `YYYY-MM-DD` of the day `offset` days from last week's Monday (weeks start on Monday). */
function lastWeek(offset) {
  const now = new Date();
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7) - 7 + offset);
  return `${monday.getFullYear()}-${String(monday.getMonth() + 1).padStart(2, "0")}-${String(monday.getDate()).padStart(2, "0")}`;
}

function seed(env) {
  const stint = (...args) => execFileSync(CLI, args, { env }).toString();
  stint("add", "--from", `${lastWeek(0)} 09:00`, "--to", `${lastWeek(0)} 12:00`, "Write the report", "-p", "Acme", "-t", "writing");
  stint("add", "--from", `${lastWeek(0)} 10:00`, "--to", `${lastWeek(0)} 10:30`, "Call with Globex", "-p", "Globex");
  stint("add", "--from", `${lastWeek(2)} 13:00`, "--to", `${lastWeek(2)} 15:15`, "Review, round two", "-p", "Acme");
  stint("add", "--from", `${lastWeek(4)} 08:00`, "--to", `${lastWeek(4)} 08:40`, "Email", "-t", "admin");
  return stint;
}

const hms = (seconds) => `${Math.floor(seconds / 3600)}:${String(Math.floor(seconds / 60) % 60).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;

/** Chooses `label` in the select `selector`. */
async function choose(browser, selector, label) {
  const select = await browser.$(selector);
  await select.waitForExist({ timeout: 10_000 });
  await select.selectByVisibleText(label);
}

/** The Report table's rows as text, by CSS (accessible-name queries are slow over many rows). */
async function tableRows(browser) {
  return browser.execute(() => [...document.querySelectorAll(".report-table tr")]
    .map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, " ").trim()).join(" ").trim()));
}

test("last week's report, one project's totals as the core counts them, and every export saved", async () => {
  const setup = isolatedEnv("stint-e2e-reports-");
  mkdirSync(setup.dataDir, { recursive: true });
  const env = { ...setup.env, TZ: "Europe/Berlin" };
  const stint = seed(env);
  const driver = await startDriver(env);
  const browser = await openApp(driver.port, BIN);
  try {
    // R opens Reports (from the page, not a text field).
    await browser.$("h1").click();
    await browser.keys("r");
    const heading = await browser.$("#reports-heading");
    await heading.waitForExist({ timeout: 10_000 });
    await choose(browser, "#report-preset", "Last week");
    const expected = JSON.parse(stint("--json", "report", "--last-week", "--by", "project"));
    await waitFor(async () => (await tableRows(browser)).some((r) => r === `Total ${hms(expected.total_seconds)} 100% –`), "last week's total");
    const rows = await tableRows(browser);
    for (const group of expected.groups) {
      const name = group.key ?? "No project";
      assert.ok(rows.some((r) => r.includes(name) && r.includes(hms(group.seconds))), `${name} ${hms(group.seconds)} in ${rows.join(" | ")}`);
    }
    screenshot(env, "reports-light.png");
    await browser.execute(() => document.querySelector(".report-table")?.scrollIntoView({ block: "end" }));
    await (await browser.$(".report-table .expand")).click();
    screenshot(env, "reports-table-light.png");
    await browser.execute(() => window.scrollTo(0, 0));

    // One project: the core's answer for the same filter.
    const projects = await browser.$("#report-projects");
    await projects.selectByVisibleText("Acme");
    const acme = JSON.parse(stint("--json", "report", "--last-week", "-p", "Acme", "--by", "project"));
    await waitFor(async () => (await tableRows(browser)).some((r) => r === `Total ${hms(acme.total_seconds)} 100% –`), "Acme's total");
    assert.equal(acme.total_seconds, (2.5 * 3600) + (2.25 * 3600));

    // Each export, through the save dialog, written whole.
    const saved = {};
    for (const [what, file] of [
      ["This report as CSV", "acme.csv"],
      ["This report as JSON", "acme.json"],
      ["Timesheet as PDF (a page per week)", "acme.pdf"],
      ["Its entries as CSV", "acme-entries.csv"],
      ["Its entries as JSON", "acme-entries.json"],
      ["Its entries as iCalendar (.ics)", "acme.ics"],
    ]) {
      await choose(browser, "#report-export-what", what);
      await (await finders(() => browser).button("Save as…")).click();
      const target = path.join(setup.root, file);
      await saveInNativeDialog(env, "Save the report", target);
      await waitFor(async () => (await browser.$(".report-saved").getText()) === `Saved ${file}.`, `${file} saved`);
      saved[file] = readFileSync(target);
    }
    assert.match(saved["acme.csv"].toString(), /^group,subgroup,duration,hours,share\nAcme,,4:45:00,4\.75,100\.0%/);
    assert.equal(JSON.parse(saved["acme.json"].toString()).report.total_ms, acme.total_seconds * 1000);
    assert.equal(saved["acme.pdf"].subarray(0, 5).toString(), "%PDF-");
    const text = spawnSync("pdftotext", ["-layout", path.join(setup.root, "acme.pdf"), "-"]).stdout.toString();
    assert.match(text, /Total\s+4:45/);
    assert.equal(saved["acme-entries.csv"].toString().trim().split("\n").length, 3);
    assert.equal(JSON.parse(saved["acme-entries.json"].toString()).length, 2);
    assert.equal((saved["acme.ics"].toString().match(/BEGIN:VEVENT/g) ?? []).length, 2);
  } finally {
    await closeApp(browser, driver, BIN);
  }
});

test("the Reports view in dark mode", async () => {
  const setup = isolatedEnv("stint-e2e-reports-dark-");
  mkdirSync(setup.dataDir, { recursive: true });
  // WebKitGTK answers prefers-color-scheme from the GTK theme's variant.
  const env = { ...setup.env, TZ: "Europe/Berlin", GTK_THEME: "Adwaita:dark" };
  seed(env);
  const driver = await startDriver(env);
  const browser = await openApp(driver.port, BIN);
  try {
    await (await finders(() => browser).button("Reports")).click();
    await choose(browser, "#report-preset", "Last week");
    await waitFor(async () => (await tableRows(browser)).some((r) => r.startsWith("Total 5:55:00")), "last week's report");
    const dark = await browser.execute(() => matchMedia("(prefers-color-scheme: dark)").matches);
    assert.equal(dark, true, "the page sees the dark theme");
    screenshot(env, "reports-dark.png");
  } finally {
    await closeApp(browser, driver, BIN);
  }
});
