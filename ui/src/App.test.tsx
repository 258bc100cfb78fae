import { render, screen, waitFor, within } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { FakeCore } from "./test/fakeCore";
import { formatEditableTime } from "./format";

const HOUR = 3_600_000;

function setup(core = new FakeCore()) {
  core.install();
  const user = userEvent.setup();
  render(<App />);
  return { core, user };
}

describe("the timer", () => {
  it("starts with Enter and stops with the button, confirming the save", async () => {
    const { core, user } = setup();
    const field = await screen.findByLabelText("What are you working on?");
    await user.type(field, "Writing report{Enter}");

    const stop = await screen.findByRole("button", { name: "Stop timer" });
    expect(core.called("start_timer")[0].args).toEqual({
      start: { description: "Writing report", project_id: null, tags: [], start: null },
    });
    expect(screen.getByRole("timer")).toHaveTextContent(/^0:00:0\d$/);

    await user.click(stop);
    await screen.findByRole("button", { name: "Start timer" });
    expect(core.called("stop_timer")).toHaveLength(1);
    expect(await screen.findByRole("status")).toHaveTextContent("Saved “Writing report”");
    expect(screen.getByLabelText("What are you working on?")).toHaveValue("");
  });

  it("keeps what was typed and says why when stopping fails", async () => {
    const core = new FakeCore();
    core.addEntry("Deep work", Date.now() - HOUR, null);
    core.failures.set("stop_timer", { kind: "Internal", message: "The database failed: disk I/O error" });
    const { user } = setup(core);

    const field = await screen.findByLabelText("What are you working on?");
    await waitFor(() => expect(field).toHaveValue("Deep work"));
    await user.click(screen.getByRole("button", { name: "Stop timer" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The database failed: disk I/O error");
    expect(screen.getByRole("button", { name: "Stop timer" })).toBeEnabled();
    expect(field).toHaveValue("Deep work");
    expect(core.entries[0].stop_ms).toBeNull();
  });

  it("shows the core's reason when a start is refused, keeping the text", async () => {
    const core = new FakeCore();
    core.failures.set("start_timer", { kind: "DescriptionTooLong", message: "The description is 600 characters long; the limit is 500." });
    const { user } = setup(core);
    const field = await screen.findByLabelText("What are you working on?");
    await user.type(field, "Something{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("the limit is 500");
    expect(field).toHaveValue("Something");
    expect(screen.getByRole("button", { name: "Start timer" })).toBeInTheDocument();
  });

  it("creates a project typed for the first time and starts with it and the tags", async () => {
    const { core, user } = setup();
    await user.type(await screen.findByLabelText("What are you working on?"), "Planning");
    await user.type(screen.getByLabelText("Project"), "Acme");
    await user.type(screen.getByLabelText("Tags"), "meetings{Enter}");
    expect(screen.getByRole("button", { name: "Remove tag meetings" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start timer" }));

    await screen.findByRole("button", { name: "Stop timer" });
    expect(core.called("ensure_project")[0].args).toEqual({ name: "Acme" });
    const start = core.called("start_timer")[0].args.start as { project_id: number; tags: string[] };
    expect(start.project_id).toBe(core.projects[0].id);
    expect(start.tags).toEqual(["meetings"]);
  });

  it("uses a project another process made after the window listed them, instead of refusing the name", async () => {
    const { core, user } = setup();
    await user.type(await screen.findByLabelText("What are you working on?"), "Planning");
    // `stint start -p "Acme Ltd"` ran meanwhile: the window's list does not have it yet.
    const made = core.addProject("Acme Ltd");
    await user.type(screen.getByLabelText("Project"), "acme ltd");
    await user.click(screen.getByRole("button", { name: "Start timer" }));
    await screen.findByRole("button", { name: "Stop timer" });
    expect(core.called("create_project")).toHaveLength(0);
    const start = core.called("start_timer")[0].args.start as { project_id: number };
    expect(start.project_id).toBe(made.id);
    expect(core.projects.filter((p) => p.name.toLowerCase() === "acme ltd")).toHaveLength(1);
  });
});

describe("the entry list", () => {
  function withHistory() {
    const core = new FakeCore();
    const now = new Date();
    const fiveAfterMidnight = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 5).getTime();
    core.addEntry("Email triage", fiveAfterMidnight, fiveAfterMidnight + HOUR / 2);
    core.addEntry("Design review", fiveAfterMidnight - 24 * HOUR, fiveAfterMidnight - 24 * HOUR + 2 * HOUR);
    return core;
  }

  it("groups entries by day with totals, newest first", async () => {
    setup(withHistory());
    const list = await screen.findByRole("list", { name: "Time entries" });
    const headings = within(list).getAllByRole("heading").map((h) => h.textContent);
    expect(headings).toEqual(["TodayTotal 0:30:00", "YesterdayTotal 2:00:00"]);
    // One list of rows: each day's heading, then its entries.
    const rows = within(list).getAllByRole("listitem").map((row) => row.textContent ?? "");
    expect(rows[0]).toMatch(/^Today/);
    expect(rows[1]).toMatch(/^Email triage/);
    expect(rows[1]).toContain("0:30:00");
    expect(rows[2]).toMatch(/^Yesterday/);
    expect(rows[3]).toMatch(/^Design review/);
    const triage = screen.getByText("Email triage").closest("li") as HTMLElement;
    for (const name of ["Edit entry", "Delete entry", "Continue entry"]) {
      expect(within(triage).getByRole("button", { name: `${name}: Email triage` })).toBeInTheDocument();
    }
  });

  it("deletes an entry and brings it back with Undo", async () => {
    const { core, user } = setup(withHistory());
    await user.click(await screen.findByRole("button", { name: "Delete entry: Email triage" }));
    await waitFor(() => expect(screen.queryByText("Email triage")).not.toBeInTheDocument());
    const toast = screen.getByRole("status");
    expect(toast).toHaveTextContent("Deleted “Email triage”");
    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    expect(await screen.findByText("Email triage")).toBeInTheDocument();
    expect(core.called("restore_entry")[0].args).toEqual({ id: core.entries[1].id });
  });

  it("continues an entry as a new running timer", async () => {
    const { core, user } = setup(withHistory());
    await user.click(await screen.findByRole("button", { name: "Continue entry: Design review" }));
    await screen.findByRole("button", { name: "Stop timer" });
    expect(screen.getByLabelText("What are you working on?")).toHaveValue("Design review");
    expect(core.called("continue_entry")).toHaveLength(1);
  });

  it("edits an entry in a dialog and keeps the input when the core refuses it", async () => {
    const core = withHistory();
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Edit entry: Email triage" }));
    const dialog = screen.getByRole("dialog", { name: "Edit entry" });
    const description = within(dialog).getByLabelText("Description");
    expect(description).toHaveFocus();
    await user.clear(description);
    await user.type(description, "Inbox zero");
    const end = within(dialog).getByLabelText("End");
    await user.clear(end);
    await user.type(end, "not a time");

    core.failures.set("update_entry", { kind: "InvalidTime", message: "“not a time” is not a time Stint understands" });
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("is not a time Stint understands");
    expect(description).toHaveValue("Inbox zero");

    await user.clear(end);
    const start = within(dialog).getByLabelText("Start") as HTMLInputElement;
    await user.type(end, start.value.replace(/\d\d:\d\d:\d\d$/, "01:05:00"));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await screen.findByText("Inbox zero")).toBeInTheDocument();
    const sent = core.called("update_entry").at(-1)!.args.fields as { description: string; start: string; stop: string };
    expect(sent.description).toBe("Inbox zero");
    expect(sent.stop).toMatch(/ 01:05:00$/);
    // The untouched start goes back exactly as it came.
    expect(sent.start).toBe(new Date(core.entries[0].start_ms).toISOString());
  });

  it("marks an entry billable, and a new one in a billable project starts billable", async () => {
    const core = withHistory();
    core.addProject("Acme", { billable: true });
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Edit entry: Email triage" }));
    let dialog = screen.getByRole("dialog", { name: "Edit entry" });
    const billable = within(dialog).getByRole("checkbox", { name: "Billable" });
    expect(billable).not.toBeChecked();
    await user.click(billable);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(core.called("update_entry")).toHaveLength(1));
    expect((core.called("update_entry")[0].args.fields as { billable: boolean | null }).billable).toBe(true);

    await user.click(screen.getByRole("button", { name: "Add entry" }));
    dialog = screen.getByRole("dialog", { name: "Add entry" });
    await user.type(within(dialog).getByLabelText("Description"), "Design");
    expect(within(dialog).getByRole("checkbox", { name: "Billable" })).not.toBeChecked();
    await user.type(within(dialog).getByLabelText("Project"), "acme");
    expect(within(dialog).getByRole("checkbox", { name: "Billable" })).toBeChecked();
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(core.called("add_entry")).toHaveLength(1));
    // Left to the project's default, which the core applies.
    expect((core.called("add_entry")[0].args.fields as { billable: boolean | null }).billable).toBeNull();
  });

  it("closes the dialog with Escape without saving", async () => {
    const { core, user } = setup(withHistory());
    await user.click(await screen.findByRole("button", { name: "Edit entry: Email triage" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(core.called("update_entry")).toHaveLength(0);
  });

  it("adds a manual entry", async () => {
    const { core, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Add entry" }));
    const dialog = screen.getByRole("dialog", { name: "Add entry" });
    await user.type(within(dialog).getByLabelText("Description"), "Call with Sam");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Call with Sam")).toBeInTheDocument();
    expect(core.called("add_entry")).toHaveLength(1);
  });

  it("proposes the gap since the last entry ended, so two adds in a row do not overlap", async () => {
    const core = new FakeCore();
    const lastStop = Date.now() - 25 * 60_000;
    core.addEntry("Review", lastStop - HOUR, lastStop);
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Add entry" }));
    const dialog = screen.getByRole("dialog", { name: "Add entry" });
    expect(within(dialog).getByLabelText("Start")).toHaveValue(formatEditableTime(lastStop));
  });

  it("marks entries that overlap, in the list and in the edit dialog", async () => {
    const core = new FakeCore();
    const nine = new Date();
    nine.setHours(0, 0, 0, 0);
    const day = nine.getTime() - 86_400_000;
    core.addEntry("Writing", day + 9 * HOUR, day + 12 * HOUR);
    core.addEntry("Call", day + 10 * HOUR, day + 10.5 * HOUR);
    core.addEntry("Lunch", day + 13 * HOUR, day + 14 * HOUR);
    const { user } = setup(core);
    const list = await screen.findByRole("list", { name: "Time entries" });
    await within(list).findByText("Overlaps 10:00–10:30 Call");
    expect(within(list).getByText("Overlaps 09:00–12:00 Writing")).toBeInTheDocument();
    expect(within(list).queryByText(/Overlaps 13:00/)).not.toBeInTheDocument();
    expect(within(list).getAllByText(/^Overlaps/)).toHaveLength(2);
    await user.click(screen.getByRole("button", { name: "Edit entry: Writing" }));
    const dialog = screen.getByRole("dialog", { name: "Edit entry" });
    expect(within(dialog).getByText(/Overlaps 10:00–10:30 Call/)).toBeInTheDocument();
  });
});

describe("projects", () => {
  it("are added, and deleted after a confirmation with Undo", async () => {
    const core = new FakeCore();
    const old = core.addProject("Old client");
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Projects" }));
    const dialog = screen.getByRole("dialog", { name: "Projects" });
    await user.type(within(dialog).getByLabelText("New project"), "Acme{Enter}");
    expect(await within(dialog).findByText("Acme")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("New project")).toHaveValue("");

    await user.click(within(dialog).getByRole("button", { name: "Delete project: Old client" }));
    // Nothing is gone until the person says so.
    const confirm = within(dialog).getByRole("group", { name: "Delete Old client?" });
    expect(core.called("delete_project")).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(within(dialog).getByText("Old client")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Delete project: Old client" }));
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(within(dialog).queryByText("Old client")).not.toBeInTheDocument());
    expect(core.called("delete_project")[0].args).toEqual({ id: old.id });

    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Deleted project “Old client”");
    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(core.called("restore_project")[0]?.args).toEqual({ id: old.id }));
    expect(core.projects.map((p) => p.name)).toContain("Old client");
  });

  it("are renamed, recoloured, priced and archived; archived ones leave the pickers", async () => {
    const core = new FakeCore();
    core.addProject("Acme");
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Projects" }));
    const dialog = screen.getByRole("dialog", { name: "Projects" });
    await user.click(within(dialog).getByRole("button", { name: "Edit project: Acme" }));
    const form = within(dialog).getByRole("form", { name: "Edit Acme" });
    await user.clear(within(form).getByLabelText("Name"));
    await user.type(within(form).getByLabelText("Name"), "Acme Corp");
    await user.type(within(form).getByLabelText("Client"), "ACME Inc.");
    await user.type(within(form).getByLabelText("Hourly rate"), "72.50");
    await user.click(within(form).getByRole("button", { name: "Save project" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("A rate needs its currency");
    await user.type(within(form).getByLabelText("Currency"), "eur");
    await user.click(within(form).getByLabelText("New entries are billable"));
    await user.click(within(form).getByLabelText("Archived"));
    await user.click(within(form).getByRole("button", { name: "Save project" }));
    await waitFor(() => expect(core.called("update_project")).toHaveLength(1));
    expect(core.called("update_project")[0].args).toEqual({
      id: core.projects[0].id,
      changes: { name: "Acme Corp", color: core.projects[0].color, client: "ACME Inc.", rate_minor: 7250, currency: "EUR", billable: true, archived: true },
    });
    expect(await within(dialog).findByText(/72\.50 EUR\/h/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    // The timer's project suggestions leave archived projects out.
    const options = [...document.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"));
    expect(options).not.toContain("Acme Corp");
  });

  it("show why a name is refused", async () => {
    const core = new FakeCore();
    core.failures.set("create_project", { kind: "ProjectNameTaken", message: "A project called “Acme” already exists." });
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Projects" }));
    const dialog = screen.getByRole("dialog", { name: "Projects" });
    await user.type(within(dialog).getByLabelText("New project"), "Acme{Enter}");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("already exists");
    expect(within(dialog).getByLabelText("New project")).toHaveValue("Acme");
  });
});

describe("the running entry", () => {
  it("shows edits made in the dialog in the timer bar", async () => {
    const core = new FakeCore();
    core.addEntry("Tpyo", Date.now() - 60_000, null);
    const { user } = setup(core);
    const field = await screen.findByLabelText("What are you working on?");
    await waitFor(() => expect(field).toHaveValue("Tpyo"));
    await user.click(screen.getByRole("button", { name: "Edit entry: Tpyo" }));
    const dialog = screen.getByRole("dialog", { name: "Edit entry" });
    expect(within(dialog).getByLabelText("End")).toHaveValue("");
    await user.clear(within(dialog).getByLabelText("Description"));
    await user.type(within(dialog).getByLabelText("Description"), "Typo{Enter}");
    await waitFor(() => expect(field).toHaveValue("Typo"));
    expect(screen.getByRole("button", { name: "Stop timer" })).toBeInTheDocument();
    const sent = core.called("update_entry")[0].args.fields as { stop: string | null };
    expect(sent.stop).toBeNull();
  });
});

describe("changes made outside the window", () => {
  it("appear when the core reports them", async () => {
    const core = new FakeCore();
    setup(core);
    await screen.findByRole("button", { name: "Start timer" });
    // As if `stint start` ran in a terminal: the data changes and the core emits data-changed.
    core.addEntry("Started in the terminal", Date.now() - 5_000, null);
    await emit("data-changed");
    await screen.findByRole("button", { name: "Stop timer" });
    expect(screen.getByLabelText("What are you working on?")).toHaveValue("Started in the terminal");
  });

  it("are not undone by an older read that arrives last", async () => {
    const core = new FakeCore();
    setup(core);
    await screen.findByRole("button", { name: "Start timer" });
    // A read asked before the change (say, after the window's own last write) is slow...
    const release = core.holdAnswer("get_timeline");
    await emit("data-changed");
    await waitFor(() => expect(core.called("get_timeline").length).toBeGreaterThanOrEqual(2));
    // ...then `stint start` runs in a terminal and the next read answers at once.
    core.addEntry("Started in the terminal", Date.now() - 5_000, null);
    await emit("data-changed");
    await screen.findByRole("button", { name: "Stop timer" });
    release();
    // The old answer (nothing running) arrives last and must not win.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByRole("button", { name: "Stop timer" })).toBeInTheDocument();
    expect(screen.getByLabelText("What are you working on?")).toHaveValue("Started in the terminal");
  });
});

describe("the first close of the window", () => {
  it("explains the tray, then closes the window once acknowledged", async () => {
    const core = new FakeCore();
    const { user } = setup(core);
    await screen.findByRole("button", { name: "Start timer" });
    await emit("close-to-tray-asked");
    const dialog = await screen.findByRole("dialog", { name: "Stint stays in the tray" });
    await user.click(within(dialog).getByRole("button", { name: "Close the window" }));
    await waitFor(() => expect(core.windowClosed).toBe(true));
    expect(core.trayHintShown).toBe(true);
  });

  it("can keep the window open instead", async () => {
    const core = new FakeCore();
    const { user } = setup(core);
    await screen.findByRole("button", { name: "Start timer" });
    await emit("close-to-tray-asked");
    const dialog = await screen.findByRole("dialog", { name: "Stint stays in the tray" });
    await user.click(within(dialog).getByRole("button", { name: "Keep the window open" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(core.windowClosed).toBe(false);
    expect(core.trayHintShown).toBe(false);
  });
});

describe("stopping straight after an edit", () => {
  it("saves the edit and stops, with one click", async () => {
    const core = new FakeCore();
    core.addEntry("Draft", Date.now() - 60_000, null);
    const { user } = setup(core);
    const field = await screen.findByLabelText("What are you working on?");
    await waitFor(() => expect(field).toHaveValue("Draft"));
    await user.type(field, " report");
    await user.click(screen.getByRole("button", { name: "Stop timer" }));
    await screen.findByRole("button", { name: "Start timer" });
    expect(core.entries[0].description).toBe("Draft report");
    expect(core.entries[0].stop_ms).not.toBeNull();
  });
});

describe("search", () => {
  it("finds entries anywhere in the history, grouped by day, and Escape goes back to the list", async () => {
    const core = new FakeCore();
    const longAgo = new Date(2019, 4, 2, 9, 0).getTime();
    core.addEntry("Review the café menu", longAgo, longAgo + HOUR);
    core.addEntry("Write report", Date.now() - 2 * HOUR, Date.now() - HOUR);
    const { user } = setup(core);
    await screen.findByText("Write report");
    // "/" from anywhere outside a text field goes to the search.
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("/");
    const field = screen.getByRole("searchbox", { name: "Search all entries" });
    expect(field).toHaveFocus();
    await user.keyboard("rev");
    const results = await screen.findByRole("region", { name: "Search results" });
    expect(within(results).getByRole("status")).toHaveTextContent("1 entry found");
    expect(within(results).getByText("Review the café menu")).toBeInTheDocument();
    expect(within(results).getByRole("heading", { name: /May 2, 2019|2 May 2019/ })).toBeInTheDocument();
    expect(within(results).queryByText("Write report")).not.toBeInTheDocument();
    expect(core.called("search_entries").at(-1)?.args).toEqual({
      query: { text: "rev", project: null, tag: null, from_ms: null, to_ms: null, limit: 200 },
    });
    await user.keyboard("{Escape}");
    expect(field).toHaveValue("");
    expect(await screen.findByText("Write report")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Search results" })).not.toBeInTheDocument();
  });
});

describe("search as one types", () => {
  it("asks at every key and shows the newest question's answer, even when an older one comes last", async () => {
    const core = new FakeCore();
    core.addEntry("Review the café menu", Date.now() - 5 * HOUR, Date.now() - 4 * HOUR);
    core.addEntry("Write report", Date.now() - 2 * HOUR, Date.now() - HOUR);
    const { user } = setup(core);
    await screen.findByText("Write report");
    const release = core.hold("search_entries");
    await user.type(screen.getByRole("searchbox", { name: "Search all entries" }), "rev");
    expect(core.called("search_entries").map((c) => (c.args as { query: { text: string } }).query.text)).toEqual(["re", "rev"]);
    const results = await screen.findByRole("region", { name: "Search results" });
    expect(within(results).getByRole("status")).toHaveTextContent("1 entry found");
    // The answer to "r" (both entries) arrives last, and is not shown.
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(core.called("search_entries").map((c) => (c.args as { query: { text: string } }).query.text)).toEqual(["re", "rev", "r"]);
    expect(within(results).getByRole("status")).toHaveTextContent("1 entry found");
    expect(within(results).queryByText("Write report")).not.toBeInTheDocument();
  });
});

describe("going to a date", () => {
  it("shows the weeks around a date years back, and Back to today returns", async () => {
    const core = new FakeCore();
    const longAgo = new Date(2019, 4, 2, 9, 0).getTime();
    core.addEntry("Review the café menu", longAgo, longAgo + HOUR);
    core.addEntry("Write report", Date.now() - 2 * HOUR, Date.now() - HOUR);
    const { user } = setup(core);
    await screen.findByText("Write report");
    // "g" goes to the date field.
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("g");
    const date = screen.getByLabelText("Go to date");
    expect(date).toHaveFocus();
    await user.type(date, "2019-05-03{Enter}");
    const list = await screen.findByRole("list", { name: "Time entries" });
    await within(list).findByText("Review the café menu");
    expect(within(list).queryByText("Write report")).not.toBeInTheDocument();
    expect(core.called("get_days").map((c) => c.args)).toContainEqual({ first: "2019-04-19", last: "2019-05-17" });
    expect(screen.getByRole("button", { name: "Show later entries" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Back to today" }));
    expect(await screen.findByText("Write report")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Back to today" })).not.toBeInTheDocument();
  });
});

describe("the week strip", () => {
  // Wednesday 2019-05-01 09:00, local time.
  const longAgo = new Date(2019, 4, 1, 9, 0).getTime();

  it("shows the week of a day jumped to, with each day's total, and a click shows that day", async () => {
    const core = new FakeCore();
    core.addEntry("Review the café menu", longAgo, longAgo + 90 * 60_000);
    core.addEntry("Plan the launch", longAgo - 2 * 24 * HOUR, longAgo - 2 * 24 * HOUR + 30 * 60_000);
    core.addEntry("Write report", Date.now() - 2 * HOUR, Date.now() - HOUR);
    const { user } = setup(core);
    await screen.findByText("Write report");
    const week = screen.getByRole("navigation", { name: "Week" });
    // Today's week at first, today marked.
    expect(within(week).getAllByRole("button", { current: "date" })).toHaveLength(1);

    await user.type(screen.getByLabelText("Go to date"), "2019-05-01{Enter}");
    // Weeks start on Monday: 29 April to 5 May.
    const wednesday = await within(week).findByRole("button", { name: /Wednesday.*May.*2019: 1 hour 30 minutes/ });
    expect(wednesday).toHaveAttribute("aria-pressed", "true");
    const monday = within(week).getByRole("button", { name: /Monday.*April.*2019: 30 minutes/ });
    expect(within(week).getByRole("button", { name: /Sunday.*May.*2019: nothing tracked/ })).toBeInTheDocument();

    await user.click(monday);
    await waitFor(() => expect(monday).toHaveAttribute("aria-pressed", "true"));
    const list = screen.getByRole("list", { name: "Time entries" });
    expect(await within(list).findByText("Plan the launch")).toBeInTheDocument();
  });

  it("steps a week with its arrows and a day with the arrow keys, never past today", async () => {
    const core = new FakeCore();
    core.addEntry("Write report", Date.now() - 2 * HOUR, Date.now() - HOUR);
    const { user } = setup(core);
    await screen.findByText("Write report");
    const week = screen.getByRole("navigation", { name: "Week" });
    expect(within(week).getByRole("button", { name: "Next week" })).toBeDisabled();
    const today = within(week).getByRole("button", { current: "date" });
    const todayName = today.getAttribute("aria-label")!.split(":")[0];

    await user.click(within(week).getByRole("button", { name: "Previous week" }));
    expect(within(week).queryByRole("button", { current: "date" })).not.toBeInTheDocument();
    expect(within(week).getByRole("button", { name: "Next week" })).toBeEnabled();
    await user.click(within(week).getByRole("button", { name: "Next week" }));
    const back = within(week).getByRole("button", { current: "date" });

    // The arrow keys walk the days, crossing into the previous week; Enter shows the day.
    back.focus();
    for (let i = 0; i < 7; i++) await user.keyboard("{ArrowLeft}");
    const weekAgo = document.activeElement as HTMLElement;
    expect(weekAgo.getAttribute("aria-label")!.split(":")[0]).not.toBe(todayName);
    expect(weekAgo.getAttribute("aria-label")!.split(",")[0]).toBe(todayName.split(",")[0]);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(document.querySelector(`[data-date="${weekAgo.dataset.date}"]`)).toHaveAttribute("aria-pressed", "true"));
    expect(screen.getByRole("button", { name: "Back to today" })).toBeInTheDocument();
  });

  it("starts the week on the day chosen in Settings", async () => {
    const core = new FakeCore();
    core.display = { week_start: "sunday", clock: "24h", duration_format: "h:mm" };
    core.addEntry("Review the café menu", longAgo, longAgo + 90 * 60_000);
    const { user } = setup(core);
    await user.type(await screen.findByLabelText("Go to date"), "2019-05-01{Enter}");
    const week = screen.getByRole("navigation", { name: "Week" });
    await within(week).findByRole("button", { name: /Wednesday.*2019: 1 hour 30 minutes/ });
    const days = within(week).getAllByRole("button").filter((b) => b.dataset.date);
    expect(days.map((b) => b.dataset.date)).toEqual(["2019-04-28", "2019-04-29", "2019-04-30", "2019-05-01", "2019-05-02", "2019-05-03", "2019-05-04"]);
    expect(within(week).getByRole("button", { name: /Wednesday/ })).toHaveTextContent("1:30");
  });
});

describe("a running timer", () => {
  it("shown in minutes, turns the minute when the entry does, not a minute late", async () => {
    const core = new FakeCore();
    core.display = { week_start: "monday", clock: "24h", duration_format: "h:mm" };
    // 59.2 s in: the row says 0:00 and must say 0:01 within about a second.
    core.addEntry("Writing report", Date.now() - 59_200, null);
    setup(core);
    const list = await screen.findByRole("list", { name: "Time entries" });
    const row = await within(list).findByRole("listitem", { name: /Writing report/ }).catch(() => list);
    await waitFor(() => expect(within(row).getAllByText("0:01").length).toBeGreaterThanOrEqual(1), { timeout: 2_500 });
  });

  it("names itself in the window title, by the minute", async () => {
    const core = new FakeCore();
    core.addEntry("Writing report", Date.now() - 42 * 60_000 - 5_000, null);
    setup(core);
    await waitFor(() => expect(document.title).toBe("0:42 · Writing report — Stint"));
    await userEvent.setup().click(await screen.findByRole("button", { name: "Stop timer" }));
    await waitFor(() => expect(document.title).toBe("Stint"));
  });

  it("leaves the native title at the newest one when an older one is answered late", async () => {
    const core = new FakeCore();
    core.addEntry("Writing report", Date.now() - 42 * 60_000 - 5_000, null);
    const release = core.hold("plugin:window|set_title");
    setup(core);
    await waitFor(() => expect(document.title).toBe("0:42 · Writing report — Stint"));
    await userEvent.setup().click(await screen.findByRole("button", { name: "Stop timer" }));
    await waitFor(() => expect(document.title).toBe("Stint"));
    release();
    await waitFor(() => expect(core.windowTitle).toBe("Stint"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(core.windowTitle).toBe("Stint");
  });

  it("ticks its row, its day's total and the header's totals", async () => {
    const core = new FakeCore();
    const now = Date.now();
    // Shortly after midnight the earlier entry falls on yesterday: then today's total is the
    // running entry's alone.
    const earlierStart = now - 3 * HOUR;
    const sameDay = new Date(earlierStart).toDateString() === new Date(now).toDateString();
    core.addEntry("Earlier work", earlierStart, earlierStart + HOUR);
    core.addEntry("Writing report", now - 10_000, null);
    setup(core);
    const timer = await screen.findByRole("timer");
    const before = timer.textContent;
    const list = screen.getByRole("list", { name: "Time entries" });
    const today = within(list).getAllByRole("heading", { level: 2 })[0];
    const todayBefore = today.textContent;
    await waitFor(() => expect(timer.textContent).not.toBe(before), { timeout: 2_500 });
    await waitFor(() => expect(today.textContent).not.toBe(todayBefore), { timeout: 2_500 });
    const row = (name: string) => within(list).getByText(name).closest("li") as HTMLElement;
    expect(within(row("Earlier work")).getByText("1:00:00")).toBeInTheDocument();
    expect(within(row("Writing report")).getByText(/^0:00:1\d$/)).toBeInTheDocument();
    expect(today).toHaveTextContent(sameDay ? /Total 1:00:1\d/ : /Total 0:00:1\d/);
  });
});

describe("the keyboard", () => {
  function history() {
    const core = new FakeCore();
    const base = Date.now() - 6 * HOUR;
    core.addEntry("Oldest", base, base + HOUR);
    core.addEntry("Middle", base + HOUR, base + 2 * HOUR);
    core.addEntry("Newest", base + 2 * HOUR, base + 3 * HOUR);
    return core;
  }
  const row = (name: string) => screen.getByText(name).closest("li") as HTMLElement;

  it("moves through the entries, edits, deletes with focus on the next row, and Ctrl+Z restores", async () => {
    const core = history();
    const { user } = setup(core);
    await screen.findByText("Oldest");
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("{ArrowDown}");
    expect(row("Newest")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(row("Middle")).toHaveFocus();
    expect(row("Middle")).toHaveAttribute("aria-current", "true");

    await user.keyboard("e");
    const dialog = screen.getByRole("dialog", { name: "Edit entry" });
    expect(within(dialog).getByLabelText("Description")).toHaveValue("Middle");
    await user.keyboard("{Escape}");

    await user.keyboard("{Delete}");
    await waitFor(() => expect(screen.queryByText("Middle")).not.toBeInTheDocument());
    await waitFor(() => expect(row("Oldest")).toHaveFocus());
    expect(screen.getByRole("status")).toHaveTextContent("Deleted “Middle”");

    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(row("Middle")).toHaveFocus());
    expect(core.called("restore_entry")).toHaveLength(1);
  });

  it("takes back an edit with Ctrl+Z", async () => {
    const core = history();
    const { user } = setup(core);
    await screen.findByText("Oldest");
    await user.click(screen.getByRole("button", { name: "Edit entry: Newest" }));
    const description = within(screen.getByRole("dialog", { name: "Edit entry" })).getByLabelText("Description");
    await user.clear(description);
    await user.type(description, "Renamed{Enter}");
    expect(await screen.findByText("Renamed")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Entry saved");
    await user.keyboard("{Control>}z{/Control}");
    expect(await screen.findByText("Newest")).toBeInTheDocument();
    expect(core.called("update_entry").at(-1)?.args.fields).toMatchObject({ description: "Newest" });
  });

  it("N goes to the timer, S stops it, and ? lists the keys", async () => {
    const core = new FakeCore();
    core.addEntry("Deep work", Date.now() - HOUR, null);
    const { user } = setup(core);
    await screen.findByRole("button", { name: "Stop timer" });
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("s");
    await screen.findByRole("button", { name: "Start timer" });
    expect(core.called("stop_timer")).toHaveLength(1);
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("n");
    expect(screen.getByLabelText("What are you working on?")).toHaveFocus();
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("?");
    const keys = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(keys).getByRole("rowheader", { name: "Ctrl+Z" })).toBeInTheDocument();
    expect(within(keys).getByRole("rowheader", { name: "/" })).toBeInTheDocument();
  });

  it("keeps focus in the tag field when a tag is removed", async () => {
    const { user } = setup();
    const tags = await screen.findByLabelText("Tags");
    await user.type(tags, "deep{Enter}writing{Enter}");
    await user.click(screen.getByRole("button", { name: "Remove tag deep" }));
    expect(tags).toHaveFocus();
  });
});

describe("search filters", () => {
  it("narrow the history to a project or a tag, with or without words", async () => {
    const core = new FakeCore();
    const acme = core.addProject("Acme");
    core.addEntry("Call Sam", Date.now() - 5 * HOUR, Date.now() - 4 * HOUR, { project: { id: acme.id, name: "Acme", deleted: false }, tags: ["phone"] });
    core.addEntry("Call Ada", Date.now() - 3 * HOUR, Date.now() - 2 * HOUR, { tags: ["phone"] });
    core.addEntry("Write", Date.now() - 2 * HOUR, Date.now() - HOUR, { project: { id: acme.id, name: "Acme", deleted: false } });
    const { user } = setup(core);
    await screen.findByText("Write");
    await user.selectOptions(screen.getByLabelText("Only the project"), "Acme");
    const results = await screen.findByRole("region", { name: "Search results" });
    await waitFor(() => expect(within(results).getByRole("status")).toHaveTextContent("2 entries found"));
    await user.selectOptions(screen.getByLabelText("Only the tag"), "phone");
    await waitFor(() => expect(within(results).getByRole("status")).toHaveTextContent("1 entry found"));
    expect(within(results).getByText("Call Sam")).toBeInTheDocument();
    expect(core.called("search_entries").at(-1)?.args).toMatchObject({ query: { project: "Acme", tag: "phone" } });
    await user.type(screen.getByRole("searchbox", { name: "Search all entries" }), "{Escape}");
    await waitFor(() => expect(screen.queryByRole("region", { name: "Search results" })).not.toBeInTheDocument());
    expect(screen.getByLabelText("Only the project")).toHaveValue("");
  });
});

describe("entering time and text", () => {
  it("takes a duration for the end, and says the start/end forms the command line takes", async () => {
    const { core, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Add entry" }));
    const dialog = screen.getByRole("dialog", { name: "Add entry" });
    await user.type(within(dialog).getByLabelText("Description"), "Planning");
    await user.clear(within(dialog).getByLabelText("Start"));
    await user.type(within(dialog).getByLabelText("Start"), "9:30");
    await user.type(within(dialog).getByLabelText("Duration"), "1h30");
    expect(within(dialog).getByLabelText("End")).toBeDisabled();
    expect(within(dialog).getByLabelText("Start")).toHaveAccessibleDescription(/9:30, yesterday 17:00, 2026-11-02 09:30 or -15m/);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(core.called("add_entry")[0].args.fields).toMatchObject({ start: "9:30", stop: "+1h30" });
  });

  it("says a length limit at the field instead of cutting the text", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Add entry" }));
    const dialog = screen.getByRole("dialog", { name: "Add entry" });
    const description = within(dialog).getByLabelText("Description");
    await user.click(description);
    await user.paste("x".repeat(505));
    expect(description).toHaveValue("x".repeat(505));
    expect(description).toHaveAttribute("aria-invalid", "true");
    expect(description).toHaveAccessibleDescription("505 characters: a description can have at most 500. Shorten it by 5 to save.");
  });
});

describe("display preferences", () => {
  it("show clocks and durations as chosen in Settings → Display, and keep the choice", async () => {
    const core = new FakeCore();
    const at = new Date();
    at.setHours(0, 0, 0, 0);
    const day = at.getTime() - 86_400_000;
    core.addEntry("Evening call", day + 17.5 * HOUR, day + 19 * HOUR + 15_000);
    const { user } = setup(core);
    const list = await screen.findByRole("list", { name: "Time entries" });
    expect(within(list).getByText("17:30 – 19:00")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Settings" }));
    const settings = screen.getByRole("dialog", { name: "Settings" });
    await user.selectOptions(within(settings).getByLabelText("Clock"), "12h");
    await user.selectOptions(within(settings).getByLabelText("Durations"), "decimal");
    await user.selectOptions(within(settings).getByLabelText("Weeks start on"), "sunday");
    expect(core.display).toEqual({ week_start: "sunday", clock: "12h", duration_format: "decimal" });
    await user.keyboard("{Escape}");
    expect(within(list).getByText("5:30 PM – 7:00 PM")).toBeInTheDocument();
    expect(within(list).getAllByText("1.50").length).toBeGreaterThanOrEqual(2);
  });
});

describe("the timer's description", () => {
  it("takes @project and #tag words as the project and tags", async () => {
    const { core, user } = setup();
    const field = await screen.findByLabelText("What are you working on?");
    await user.type(field, "Write the report @Acme #deep #writing{Enter}");
    await screen.findByRole("button", { name: "Stop timer" });
    const started = core.called("start_timer")[0].args.start as { description: string; project_id: number | null; tags: string[] };
    expect(started.description).toBe("Write the report");
    expect(started.tags).toEqual(["deep", "writing"]);
    expect(started.project_id).not.toBeNull();
    expect(core.projects.map((p) => p.name)).toContain("Acme");
  });

  it("offers past descriptions, and one chosen brings its project and tags", async () => {
    const core = new FakeCore();
    const acme = core.addProject("Acme");
    core.addEntry("Weekly review", Date.now() - 3 * HOUR, Date.now() - 2 * HOUR, { project: { id: acme.id, name: "Acme", deleted: false }, tags: ["planning"] });
    const { user } = setup(core);
    await screen.findByText("Weekly review", { selector: ".entry-description" });
    const options = [...document.querySelectorAll("#timer-suggestions option")].map((o) => (o as HTMLOptionElement).value);
    expect(options).toEqual(["Weekly review"]);
    const field = screen.getByLabelText("What are you working on?");
    await user.click(field);
    await user.paste("Weekly review");
    expect(screen.getByLabelText("Project")).toHaveValue("Acme");
    expect(screen.getByRole("button", { name: "Remove tag planning" })).toBeInTheDocument();
  });
});
