import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";

const DAY = 86_400_000;

function setup(core: FakeCore) {
  core.install();
  const user = userEvent.setup();
  render(<App />);
  return { core, user };
}

function withRows(core: FakeCore) {
  // 09:00 three days ago, so that both rows fall on one day at any hour the test runs.
  const day = new Date(Date.now() - 3 * DAY);
  day.setHours(9, 0, 0, 0);
  const base = day.getTime();
  core.importRows = [
    ["Wireframes", base, base + 3_600_000],
    ["Standup", base + 4 * 3_600_000, base + 4.25 * 3_600_000],
  ];
  return core;
}

describe("Import…", () => {
  it("is offered on the empty list, previews the file, imports it and takes it back", async () => {
    const { core, user } = setup(withRows(new FakeCore()));
    await user.click(await screen.findByRole("button", { name: "Import your history" }));
    const dialog = await screen.findByRole("dialog", { name: "Import time entries" });
    await user.click(within(dialog).getByRole("button", { name: "Choose a file…" }));

    const counts = await within(dialog).findByRole("list", { name: "What the import will do" });
    expect(counts).toHaveTextContent("2 new entries");
    expect(counts).not.toHaveTextContent("already in Stint");
    expect(within(dialog).getByText(/Toggl Track detailed report/)).toBeInTheDocument();
    const table = within(dialog).getByRole("table", { name: "The first rows, as Stint will store them" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByRole("cell", { name: "Wireframes" })).toBeInTheDocument();
    expect(within(dialog).getByRole("list", { name: "Notes about this file" })).toHaveTextContent("Task");
    expect(core.entries).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Import 2 entries" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent(/Imported 2 entries from toggl\.csv, on .+\./);
    expect(core.entries).toHaveLength(2);
    await user.click(within(dialog).getByRole("button", { name: "Undo import" }));
    await waitFor(() => expect(core.entries).toHaveLength(0));
    expect(within(dialog).getByRole("status")).toHaveTextContent("Import taken back");
    // The list behind the dialog no longer shows them either.
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Import time entries" })).not.toBeInTheDocument());
    await waitFor(() => expect(screen.queryByText("Wireframes")).not.toBeInTheDocument());
    expect(await screen.findByRole("button", { name: "Import your history" })).toBeInTheDocument();
  });

  it("asks how dates are written when the file could be read both ways", async () => {
    const core = withRows(new FakeCore());
    core.importDatesAmbiguous = true;
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Import your history" }));
    const dialog = await screen.findByRole("dialog", { name: "Import time entries" });
    await user.click(within(dialog).getByRole("button", { name: "Choose a file…" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("day-first or month-first");
    await user.selectOptions(within(dialog).getByLabelText("Dates in this file are written as"), "Day first (DD/MM/YYYY)");
    expect(await within(dialog).findByText(/dates read as DD\/MM\/YYYY/)).toBeInTheDocument();
    expect(core.called("preview_import").at(-1)?.args.options).toMatchObject({ date_order: "dmy" });
  });

  it("leaves the window's Undo notice after the dialog closes", async () => {
    const { core, user } = setup(withRows(new FakeCore()));
    await user.click(await screen.findByRole("button", { name: "Import your history" }));
    const dialog = await screen.findByRole("dialog", { name: "Import time entries" });
    await user.click(within(dialog).getByRole("button", { name: "Choose a file…" }));
    await user.click(await within(dialog).findByRole("button", { name: "Import 2 entries" }));
    await user.click(await within(dialog).findByRole("button", { name: "Done" }));
    const notice = await screen.findByText("Imported 2 entries from toggl.csv");
    expect(notice).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(core.entries).toHaveLength(0));
  });

  it("is reachable from Settings → Data", async () => {
    const { user } = setup(withRows(new FakeCore()));
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    await user.click(await screen.findByRole("button", { name: "Import…" }));
    expect(await screen.findByRole("dialog", { name: "Import time entries" })).toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "Settings" })).not.toBeInTheDocument();
  });
});

describe("a CSV Stint does not know", () => {
  it("asks which column holds what and previews with that mapping", async () => {
    const core = withRows(new FakeCore());
    core.chosenFile = { name: "hours.csv", columns: ["Day", "Begin", "End", "Notes"] };
    core.failures.set("preview_import", {
      kind: "ImportRefused",
      message: "This CSV's columns (Day, Begin, End, Notes) are not a format Stint knows. Say which column holds what, for example --map start=Begin,stop=End,description=Notes.",
    });
    const { user } = setup(core);
    await user.click(await screen.findByRole("button", { name: "Import your history" }));
    const dialog = await screen.findByRole("dialog", { name: "Import time entries" });
    await user.click(within(dialog).getByRole("button", { name: "Choose a file…" }));
    const mapping = await within(dialog).findByRole("group", { name: "Which column holds what" });
    await user.selectOptions(within(mapping).getByLabelText("Start date"), "Day");
    await user.selectOptions(within(mapping).getByLabelText("Start time"), "Begin");
    await user.selectOptions(within(mapping).getByLabelText("End time"), "End");
    await user.selectOptions(within(mapping).getByLabelText("Description"), "Notes");
    await user.click(within(mapping).getByRole("button", { name: "Preview" }));
    await within(dialog).findByRole("list", { name: "What the import will do" });
    expect(core.called("preview_import").at(-1)?.args.options).toMatchObject({
      mapping: [
        { field: "start_date", column: "Day" },
        { field: "start_time", column: "Begin" },
        { field: "stop_time", column: "End" },
        { field: "description", column: "Notes" },
      ],
    });
  });
});
