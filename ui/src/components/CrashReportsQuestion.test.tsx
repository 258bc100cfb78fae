import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";

function firstLaunch() {
  const core = new FakeCore();
  core.preferences.crash_reports = null;
  core.install();
  render(<App />);
  return { core, user: userEvent.setup() };
}

describe("the crash report question", () => {
  it("is asked on first launch and a yes is saved", async () => {
    const { core, user } = firstLaunch();
    const question = await screen.findByRole("region", { name: "Send anonymous crash and error reports?" });
    expect(question).toHaveTextContent("never holds your entries");
    await user.click(within(question).getByRole("button", { name: "Send reports" }));
    expect(core.called("set_crash_reports").map((c) => c.args)).toEqual([{ enabled: true }]);
    expect(screen.queryByRole("region", { name: /crash and error reports/ })).not.toBeInTheDocument();
    expect(await screen.findByRole("status")).toHaveTextContent("crash reports will be sent");
  });

  it("takes a no just as plainly", async () => {
    const { core, user } = firstLaunch();
    await user.click(await screen.findByRole("button", { name: "Don’t send" }));
    expect(core.called("set_crash_reports").map((c) => c.args)).toEqual([{ enabled: false }]);
    expect(await screen.findByRole("status")).toHaveTextContent("No reports will be sent");
  });

  it("keeps asking until answered when saving the answer fails", async () => {
    const { core, user } = firstLaunch();
    core.failures.set("set_crash_reports", { kind: "Internal", message: "The database is locked." });
    await user.click(await screen.findByRole("button", { name: "Send reports" }));
    const question = screen.getByRole("region", { name: "Send anonymous crash and error reports?" });
    expect(within(question).getByRole("alert")).toHaveTextContent("The database is locked.");
    expect(within(question).getByRole("button", { name: "Send reports" })).toBeEnabled();
  });

  it("is not asked again once answered, nor by a build that cannot send reports", async () => {
    const answered = new FakeCore().install();
    const { unmount } = render(<App />);
    await screen.findByRole("button", { name: "Start timer" });
    expect(answered.called("get_preferences")).toHaveLength(1);
    expect(screen.queryByRole("region", { name: /crash and error reports/ })).not.toBeInTheDocument();
    unmount();

    const unavailable = new FakeCore();
    unavailable.preferences.crash_reports = null;
    unavailable.preferences.crash_reports_available = false;
    unavailable.install();
    render(<App />);
    await screen.findByRole("button", { name: "Start timer" });
    expect(unavailable.called("get_preferences")).toHaveLength(1);
    expect(screen.queryByRole("region", { name: /crash and error reports/ })).not.toBeInTheDocument();
  });
});

describe("Settings → Privacy", () => {
  it("changes the answer at any time and says what a report holds", async () => {
    const core = new FakeCore();
    core.preferences.crash_reports = true;
    core.install();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const dialog = screen.getByRole("dialog", { name: "Settings" });
    const privacy = within(dialog).getByRole("region", { name: "Privacy" });
    const box = within(privacy).getByRole("checkbox", { name: "Send anonymous crash and error reports" });
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription(/holds what went wrong.*never holds your entries/);
    await user.click(box);
    expect(box).not.toBeChecked();
    expect(await within(dialog).findByRole("status")).toHaveTextContent("No reports will be sent.");
    expect(core.called("set_crash_reports").map((c) => c.args)).toEqual([{ enabled: false }]);
  });

  it("says so when the build cannot send reports", async () => {
    const core = new FakeCore();
    core.preferences.crash_reports_available = false;
    core.install();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const box = await screen.findByRole("checkbox", { name: "Send anonymous crash and error reports" });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription(/made without crash reporting/);
  });
});
