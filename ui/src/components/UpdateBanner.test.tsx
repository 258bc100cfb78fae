import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";

const beta = { status: "Available", current: "0.1.0", version: "0.2.0-beta.1", notes: "Faster reports.\nA new tray." } as const;

describe("the update banner", () => {
  it("offers an update found before the window opened, and shows the install's progress", async () => {
    const core = new FakeCore();
    core.updates.available = beta;
    core.install();
    const user = userEvent.setup();
    render(<App />);
    const banner = await screen.findByRole("region", { name: "Stint 0.2.0-beta.1 is available" });
    expect(banner).toHaveTextContent("Faster reports.");
    await user.click(within(banner).getByRole("button", { name: "Install and restart" }));
    const bar = await within(banner).findByRole("progressbar", { name: "Downloading the update" });
    expect(bar).toHaveAttribute("value", "50");
    expect(within(banner).getByRole("button", { name: "Install and restart" })).toBeDisabled();
    expect(core.called("install_update")).toHaveLength(1);
  });

  it("says plainly when the update is refused, and can try again", async () => {
    const core = new FakeCore();
    core.updates.available = beta;
    core.failures.set("install_update", {
      kind: "UpdateRefused",
      message: "The update was refused: its signature does not check out. Nothing was installed; Stint 0.1.0 is unchanged.",
    });
    core.install();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Install and restart" }));
    const banner = screen.getByRole("region", { name: "Stint 0.2.0-beta.1 is available" });
    expect(await within(banner).findByRole("alert")).toHaveTextContent("Stint 0.1.0 is unchanged");
    expect(within(banner).queryByRole("progressbar")).not.toBeInTheDocument();
    await user.click(within(banner).getByRole("button", { name: "Try again" }));
    expect(core.called("install_update")).toHaveLength(2);
  });

  it("appears when an automatic check finds an update, and Later puts it away", async () => {
    new FakeCore().install();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole("button", { name: "Start timer" });
    expect(screen.queryByRole("region", { name: /is available/ })).not.toBeInTheDocument();
    await act(() => emit("update-found", beta));
    const banner = await screen.findByRole("region", { name: "Stint 0.2.0-beta.1 is available" });
    await user.click(within(banner).getByRole("button", { name: "Later" }));
    expect(screen.queryByRole("region", { name: /is available/ })).not.toBeInTheDocument();
  });
});

describe("Settings → Updates", () => {
  async function openSettings(core: FakeCore) {
    core.install();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const dialog = screen.getByRole("dialog", { name: "Settings" });
    const updates = await within(dialog).findByRole("region", { name: "Updates" });
    return { user, dialog, updates };
  }

  it("switches to Beta, checks now and offers what it found", async () => {
    const core = new FakeCore();
    const { user, updates } = await openSettings(core);
    expect(updates).toHaveTextContent("This is Stint 0.1.0.");
    const channel = within(updates).getByRole("group", { name: "Update channel" });
    expect(within(channel).getByRole("radio", { name: "Stable" })).toBeChecked();
    await user.click(within(channel).getByRole("radio", { name: "Beta" }));
    expect(core.called("set_update_channel").map((c) => c.args)).toEqual([{ channel: "beta" }]);

    core.checkResult = beta;
    await user.click(within(updates).getByRole("button", { name: "Check now" }));
    expect(await within(updates).findByText("Stint 0.2.0-beta.1 is available.")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Stint 0.2.0-beta.1 is available" })).toBeInTheDocument();
  });

  it("turns automatic checks off and says when Stint is up to date", async () => {
    const core = new FakeCore();
    const { user, dialog, updates } = await openSettings(core);
    const auto = within(updates).getByRole("checkbox", { name: "Check for updates automatically" });
    expect(auto).toBeChecked();
    await user.click(auto);
    expect(auto).not.toBeChecked();
    expect(core.called("set_auto_update").map((c) => c.args)).toEqual([{ enabled: false }]);
    expect(await within(dialog).findByRole("status")).toHaveTextContent("only when you ask");
    await user.click(within(updates).getByRole("button", { name: "Check now" }));
    expect(await within(updates).findByText("Stint 0.1.0 is up to date.")).toBeInTheDocument();
  });

  it("keeps a beta back on Stable until Stable passes it, unless asked to reinstall", async () => {
    const core = new FakeCore();
    core.updates.current_version = "0.3.0-beta.1";
    core.checkResult = { status: "AheadOfChannel", current: "0.3.0-beta.1", channel_version: "0.2.5" };
    const { user, updates } = await openSettings(core);
    await user.click(within(updates).getByRole("button", { name: "Check now" }));
    expect(await within(updates).findByText(/newer than Stable's 0.2.5\. Stint stays on it/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: /Stint .* is available/ })).not.toBeInTheDocument();
    await user.click(within(updates).getByRole("button", { name: "Reinstall Stable 0.2.5…" }));
    const banner = await screen.findByRole("region", { name: "Reinstall Stint 0.2.5 from Stable" });
    expect(within(banner).getByRole("button", { name: "Reinstall and restart" })).toBeEnabled();
  });
});
