import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";
import type { AwayPrompt } from "../bindings";

const start = new Date(2026, 10, 2, 10, 0).getTime();

function question(back: boolean): AwayPrompt {
  return {
    question: {
      id: 7,
      entry: { id: 1, uuid: "u", description: "Writing report", project: null, tags: [], start_ms: start, stop_ms: null, billable: false },
      from_ms: start + 42 * 60_000,
      to_ms: back ? start + 69 * 60_000 : null,
      cause: "idle",
    },
    sentence: "You were away from 10:42 to 11:09 (27 min) while “Writing report” ran.",
  };
}

function withQuestion(back = true, prepare: (core: FakeCore) => void = () => {}) {
  const core = new FakeCore();
  core.away = question(back);
  prepare(core);
  core.install();
  render(<App />);
  return { core, user: userEvent.setup() };
}

describe("the question about time away", () => {
  it("asks once the person is back, and Discard is sent with an Undo that asks again", async () => {
    const { core, user } = withQuestion();
    const dialog = await screen.findByRole("dialog", { name: "Were you away?" });
    expect(dialog).toHaveTextContent("You were away from 10:42 to 11:09 (27 min) while “Writing report” ran.");
    const reads = core.called("get_timeline").length;
    await user.click(within(dialog).getByRole("button", { name: "Discard" }));
    expect(core.awayAnswers).toEqual([{ kind: "discard" }]);
    // The answer changed entries: the window reads them again (the core does not say so).
    await waitFor(() => expect(core.called("get_timeline").length).toBeGreaterThan(reads));
    expect(screen.queryByRole("dialog", { name: "Were you away?" })).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Discarded the time away");
    const afterAnswer = core.called("get_timeline").length;
    await user.click(screen.getByRole("button", { name: "Undo" }));
    expect(core.called("undo_away_answer").map((c) => c.args)).toEqual([{ id: 7 }]);
    expect(await screen.findByRole("dialog", { name: "Were you away?" })).toBeInTheDocument();
    await waitFor(() => expect(core.called("get_timeline").length).toBeGreaterThan(afterAnswer));
  });

  it("keeps the away time as a named entry in a project, from the keyboard", async () => {
    let meetings = { id: 0 };
    const { core, user } = withQuestion(true, (c) => (meetings = c.addProject("Meetings")));
    const dialog = await screen.findByRole("dialog", { name: "Were you away?" });
    expect(within(dialog).getByRole("button", { name: "Keep" })).toHaveFocus();
    await user.keyboard("{Tab}{Tab}{Tab}{Enter}");
    const name = within(dialog).getByRole("textbox", { name: "What was the time away?" });
    // Past the limit the field keeps every character and says so, rather than cutting it off.
    await user.click(name);
    await user.paste("x".repeat(502));
    expect(name).toHaveValue("x".repeat(502));
    expect(within(dialog).getByText(/502 characters: a description can have at most 500/)).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, "Meeting");
    await user.type(within(dialog).getByRole("combobox", { name: "Project" }), "meetings");
    await user.click(within(dialog).getByRole("button", { name: "Save as new entry" }));
    expect(core.awayAnswers).toEqual([{ kind: "keep_as_new", description: "Meeting", project_id: meetings.id, tags: [] }]);
  });

  it("is not asked while the person is still away, and is asked when the core says they are back", async () => {
    const { core } = withQuestion(false);
    await screen.findByRole("button", { name: "Start timer" });
    expect(screen.queryByRole("dialog", { name: "Were you away?" })).not.toBeInTheDocument();
    core.away = question(true);
    await act(() => emit("away-asked"));
    expect(await screen.findByRole("dialog", { name: "Were you away?" })).toBeInTheDocument();
  });

  it("Later leaves the question open without answering", async () => {
    const { core, user } = withQuestion();
    const dialog = await screen.findByRole("dialog", { name: "Were you away?" });
    await user.click(within(dialog).getByRole("button", { name: "Later" }));
    expect(screen.queryByRole("dialog", { name: "Were you away?" })).not.toBeInTheDocument();
    expect(core.called("answer_away")).toHaveLength(0);
  });
});

describe("Settings → Tracking", () => {
  it("shows where idle time comes from and saves each change, saying when one is refused", async () => {
    const core = new FakeCore().install();
    render(<App />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const section = await screen.findByRole("region", { name: "Tracking" });
    expect(section).toHaveTextContent("Idle time comes from the X server's idle time");
    await user.click(within(section).getByRole("checkbox", { name: "Remind me when nothing is tracked during working hours" }));
    expect(core.tracking.settings.reminders).toBe(true);
    await user.click(within(section).getByRole("checkbox", { name: "Saturday" }));
    expect(core.tracking.settings.work_days).toEqual([1, 2, 3, 4, 5, 6]);
    await user.click(within(section).getByRole("checkbox", { name: "Stop running timers at a time of day" }));
    expect(core.tracking.settings.stop_at).toBe("19:00");
    expect(within(section).getByLabelText("Stop at")).toHaveValue("19:00");
    const idle = within(section).getByRole("spinbutton", { name: "Away after no input for (minutes)" });
    await user.clear(idle);
    expect(await screen.findByRole("alert")).toHaveTextContent("Away after: give between 1 and 720 minutes");
  });
});
