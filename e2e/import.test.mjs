// Import… in the real app (issue 14): a Toggl Track detailed report is chosen in the native
// file chooser (GTK's, driven with xdotool as a person would: Ctrl+L, the path, Enter), the
// preview shows what Stint will make of it, Import adds the entries, Undo takes them back.
// The `stint` CLI on the same database checks what was really written.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { buildsUnderTest, chooseInNativeDialog, closeApp, finders, isolatedEnv, openApp, startDriver, waitFor } from "./harness.mjs";

const { BIN, CLI, ARTIFACTS } = buildsUnderTest();
const HERE = path.dirname(new URL(import.meta.url).pathname);
const FIXTURE = path.join(HERE, "../crates/core/tests/import-fixtures/toggl-detailed.csv");

after(() => spawnSync("pkill", ["-f", `^${BIN}`]));

/** The X screen, as a person sees it (WebKitWebDriver's own screenshot can stall while a
 *  native dialog has just closed; see screen.py). */
function screenshot(env, name) {
  spawnSync("/usr/bin/python3", [path.join(HERE, "screen.py"), path.join(ARTIFACTS, name), "760", "720"], { env });
}

function entries(env) {
  return JSON.parse(execFileSync(CLI, ["--json", "log", "--all"], { env }).toString());
}

test("a Toggl CSV is chosen, previewed, imported and undone in the real window", async () => {
  const setup = isolatedEnv("stint-e2e-import-");
  mkdirSync(setup.root, { recursive: true });
  const file = path.join(setup.root, "toggl-detailed.csv");
  copyFileSync(FIXTURE, file);
  const env = { ...setup.env, TZ: "Europe/Berlin" };
  const driver = await startDriver(env);
  const browser = await openApp(driver.port, BIN);
  try {
    const { button } = finders(() => browser);
    await (await button("Import your history")).click();
    await (await button("Choose a file…")).click();
    await chooseInNativeDialog(env, "Import time entries", file);

    const counts = await browser.$('aria/What the import will do');
    await counts.waitForExist({ timeout: 20_000 });
    assert.match(await counts.getText(), /4 new entries/);
    const dialog = await browser.$('[role="dialog"]');
    assert.match(await dialog.getText(), /Toggl Track detailed report \(CSV\)/);
    assert.match(await dialog.getText(), /Homepage "hero", take 2/);
    assert.match(await dialog.getText(), /Not kept, because Stint has no place for them: .*Task/);
    screenshot(env, "import-preview.png");
    assert.equal(entries(env).length, 0, "the preview wrote nothing");

    await (await button("Import 4 entries")).click();
    const status = () => browser.$('[role="dialog"] [role="status"]').getText().catch(() => "");
    await waitFor(async () => /Imported 4 entries from toggl-detailed\.csv, from Mar 2, 2026 to Oct 25, 2026\./.test(await status()), "the import");
    const imported = entries(env);
    assert.equal(imported.length, 4);
    const hero = imported.find((e) => e.description === 'Homepage "hero", take 2');
    assert.equal(hero.start, "2026-03-02T08:00:00Z");
    assert.equal(hero.project, "Website");
    screenshot(env, "import-done.png");

    await (await button("Undo import")).click();
    await waitFor(async () => /Import taken back/.test(await status()), "the undo");
    assert.equal(entries(env).length, 0);
    await (await button("Done")).click();
  } finally {
    await closeApp(browser, driver, BIN);
  }
});
