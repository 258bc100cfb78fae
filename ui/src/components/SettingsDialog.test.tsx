import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";
import { shortcutFrom } from "./SettingsDialog";

async function openSettings(core: FakeCore) {
  core.install();
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole("button", { name: "Settings" }));
  return { user, dialog: screen.getByRole("dialog", { name: "Settings" }) };
}

describe("settings", () => {
  it("turns starting at login on and off", async () => {
    const core = new FakeCore();
    const { user, dialog } = await openSettings(core);
    const box = await within(dialog).findByRole("checkbox", { name: /Start Stint when I log in/ });
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(await within(dialog).findByRole("status")).toHaveTextContent("start in the tray when you log in");
    expect(box).toBeChecked();
    expect(core.called("set_start_at_login")[0].args).toEqual({ enabled: true });
    await user.click(box);
    expect(box).not.toBeChecked();
    expect(core.called("set_start_at_login")[1].args).toEqual({ enabled: false });
  });

  it("says where the log is and opens its folder", async () => {
    const core = new FakeCore();
    const { user, dialog } = await openSettings(core);
    const section = await within(dialog).findByRole("region", { name: "Troubleshooting" });
    expect(section).toHaveTextContent(core.preferences.log_folder);
    await user.click(within(section).getByRole("button", { name: "Open log folder" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("The log folder is open");
    expect(core.logFolderOpened).toBe(1);
  });

  it("records a shortcut from the keys pressed and saves it", async () => {
    const core = new FakeCore();
    const { user, dialog } = await openSettings(core);
    const field = await within(dialog).findByLabelText("Start/stop shortcut");
    await user.click(field);
    await user.keyboard("{Control>}{Alt>}t{/Alt}{/Control}");
    expect(field).toHaveValue("Ctrl+Alt+T");
    await user.click(within(dialog).getByRole("button", { name: "Save shortcut" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Ctrl+Alt+T now starts and stops the timer");
    expect(core.called("set_shortcut")[0].args).toEqual({ shortcut: "Ctrl+Alt+T" });
  });

  it("says why there is no shortcut where the platform has none", async () => {
    const core = new FakeCore();
    core.preferences.shortcut_unavailable = "Wayland does not let apps listen for keys globally.";
    const { dialog } = await openSettings(core);
    expect(await within(dialog).findByText(/Wayland does not let apps/)).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Save shortcut" })).not.toBeInTheDocument();
  });

  it("turns key presses into accelerators only with a modifier", () => {
    const key = (code: string, mods: Partial<KeyboardEvent> = {}) =>
      shortcutFrom({ ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, code, ...mods });
    expect(key("KeyT", { ctrlKey: true, altKey: true })).toBe("Ctrl+Alt+T");
    expect(key("Digit5", { metaKey: true, shiftKey: true })).toBe("Shift+Super+5");
    expect(key("F9", { ctrlKey: true })).toBe("Ctrl+F9");
    expect(key("KeyT")).toBeNull();
    expect(key("ControlLeft", { ctrlKey: true })).toBeNull();
  });
});

describe("settings → data", () => {
  it("says where the data is, backs up now and restores a chosen backup", async () => {
    const core = new FakeCore();
    core.addEntry("One", Date.now() - 7_200_000, Date.now() - 3_600_000);
    const { user, dialog } = await openSettings(core);
    const data = await within(dialog).findByRole("region", { name: "Data" });
    expect(data).toHaveTextContent("Your 1 entry is in /home/ana/.config/org.stint.Stint/stint.db");
    expect(within(data).getByRole("button", { name: "Restore…" })).toBeDisabled();

    await user.click(within(data).getByRole("button", { name: "Back up now" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent(/Backed up as stint-.*-manual\.db/);
    core.addEntry("Two", Date.now() - 3_000_000, Date.now() - 2_000_000);

    const restore = within(data).getByRole("button", { name: "Restore…" });
    await user.click(restore);
    expect(restore).toHaveAttribute("aria-expanded", "true");
    const choice = within(data).getByRole("radio", { name: /made by you: 1 entry/ });
    expect(choice).toBeChecked();
    await user.click(within(data).getByRole("button", { name: "Restore this backup" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Restored: 1 entry.");
    expect(core.called("restore_backup")[0].args).toEqual({ name: core.backups[0].name });
  });

  it("says plainly when a backup is gone", async () => {
    const core = new FakeCore();
    core.backups = [{ name: "stint-20261130-090000-daily.db", taken_ms: Date.now(), occasion: "daily", entries: 3, bytes: 4096 }];
    const { user, dialog } = await openSettings(core);
    const data = await within(dialog).findByRole("region", { name: "Data" });
    await user.click(within(data).getByRole("button", { name: "Restore…" }));
    core.backups = [];
    core.backups.push({ name: "other.db", taken_ms: 0, occasion: "daily", entries: 1, bytes: 1 });
    await user.click(within(data).getByRole("button", { name: "Restore this backup" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("There is no backup called stint-20261130-090000-daily.db any more.");
  });
});
