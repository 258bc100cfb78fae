import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { FakeCore } from "../test/fakeCore";
import type { ReportQuery } from "../bindings";
import { formatAmount, groupLabel } from "./ReportsView";

const HOUR = 3_600_000;

function setup() {
  const core = new FakeCore();
  const acme = core.addProject("Acme");
  const globex = core.addProject("Globex");
  // Today, so every preset that holds today shows them.
  const today = new Date();
  const at = (h: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate(), h).getTime();
  core.addEntry("Write report", at(0), at(0) + 2 * HOUR, { project: { id: acme.id, name: "Acme", deleted: false } });
  core.addEntry("Review", at(0) + 2 * HOUR, at(0) + 3 * HOUR, { project: { id: acme.id, name: "Acme", deleted: false } });
  core.addEntry("Call", at(0) + 3 * HOUR, at(0) + 3 * HOUR + 30 * 60_000, { project: { id: globex.id, name: "Globex", deleted: false } });
  core.install();
  render(<App />);
  return { core, user: userEvent.setup() };
}

async function openReports(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByText("Write report");
  await user.click(screen.getByRole("button", { name: "Reports" }));
  return screen.findByRole("region", { name: "Reports" });
}

describe("Reports", () => {
  it("opens on this week, grouped by project with shares, and drills into descriptions", async () => {
    const { core, user } = setup();
    const reports = await openReports(user);
    // The region can show before its effects have run; the range is asked for in one.
    await waitFor(() => expect(core.called("get_report_range")[0]?.args).toEqual({ preset: "this_week" }));
    const table = await within(reports).findByRole("table", { name: "Report" });
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent(/Acme.*3:00:00.*85\.7%/);
    expect(rows[2]).toHaveTextContent(/Globex.*0:30:00.*14\.3%/);
    expect(within(table).getByRole("row", { name: /Total/ })).toHaveTextContent("3:30:00");
    const query = core.called("get_report").at(-1)!.args.query as ReportQuery;
    expect(query.group_by).toBe("project");
    expect(query.then_by).toBe("description");
    // The window lists a few hundred groups at most; the core sums up the rest.
    expect(query.max_groups).toBe(200);

    const acme = within(table).getByRole("button", { name: /Acme: show description/ });
    expect(acme).toHaveAttribute("aria-expanded", "false");
    await user.click(acme);
    expect(acme).toHaveAttribute("aria-expanded", "true");
  });

  it("filters by project, rounds, and says the total is rounded with the raw one a click away", async () => {
    const { core, user } = setup();
    const reports = await openReports(user);
    await within(reports).findByRole("table", { name: "Report" });
    await user.selectOptions(within(reports).getByLabelText("Projects"), "Globex");
    await waitFor(() => expect((core.called("get_report").at(-1)!.args.query as ReportQuery).filter.projects).toEqual(["Globex"]));
    await user.selectOptions(within(reports).getByLabelText("Rounding"), "up");
    await user.selectOptions(within(reports).getByLabelText("Rounding step"), "15");
    await waitFor(() => expect((core.called("get_report").at(-1)!.args.query as ReportQuery).rounding)
      .toEqual({ direction: "up", minutes: 15, scope: "entry" }));
    expect(within(reports).getByText(/rounded up 15 min/)).toBeInTheDocument();
    const raw = within(reports).getByRole("button", { name: /Show raw/ });
    await user.click(raw);
    expect(within(reports).getByText(/not rounded/)).toBeInTheDocument();
    await user.click(within(reports).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect((core.called("get_report").at(-1)!.args.query as ReportQuery).filter.projects).toEqual([]));
  });

  it("steps the range with the arrow keys and leaves with Escape", async () => {
    const { core, user } = setup();
    const reports = await openReports(user);
    await within(reports).findByRole("table", { name: "Report" });
    within(reports).getByRole("heading", { name: "Reports" }).focus();
    await user.keyboard("{ArrowLeft}");
    await waitFor(() => expect(core.called("step_report_range")).toHaveLength(1));
    expect(core.called("step_report_range")[0].args).toMatchObject({ steps: -1 });
    expect(within(reports).getByLabelText("Range")).toHaveValue("custom");
    expect(await within(reports).findByText(/Nothing tracked in this range/)).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Reports" })).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Time entries" })).toBeInTheDocument();
  });

  it("opens with R and from the tray's Reports… item", async () => {
    const { user } = setup();
    await screen.findByText("Write report");
    await user.click(screen.getByRole("heading", { name: "Stint" }));
    await user.keyboard("r");
    expect(await screen.findByRole("region", { name: "Reports" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Back to entries" }));
    expect(screen.queryByRole("region", { name: "Reports" })).not.toBeInTheDocument();
  });

  it("narrows to a group or a day from the tables, as a click in the charts does", async () => {
    const { core, user } = setup();
    const reports = await openReports(user);
    const table = await within(reports).findByRole("table", { name: "Report" });
    await user.click(within(table).getByRole("button", { name: "Only Globex" }));
    await waitFor(() => expect((core.called("get_report").at(-1)!.args.query as ReportQuery).filter.projects).toEqual(["Globex"]));
    const days = within(reports).getByRole("table", { name: "Time per day" });
    const first = within(days).getAllByRole("button")[0];
    const span = core.called("get_report").at(-1)!.args.query as ReportQuery;
    await user.click(first);
    await waitFor(() => {
      const q = core.called("get_report").at(-1)!.args.query as ReportQuery;
      expect(q.from_ms).toBe(span.from_ms);
      expect(q.to_ms - q.from_ms).toBeLessThanOrEqual(25 * HOUR);
    });
    expect(within(reports).getByLabelText("Range")).toHaveValue("custom");
  });

  it("saves the report, its entries or a timesheet where the person chooses", async () => {
    const { core, user } = setup();
    const reports = await openReports(user);
    await within(reports).findByRole("table", { name: "Report" });
    await user.selectOptions(within(reports).getByLabelText("Export"), "entries_ical");
    await user.click(within(reports).getByRole("button", { name: "Save as…" }));
    expect(await within(reports).findByText("Saved stint-report.csv.")).toBeInTheDocument();
    const call = core.called("export_report")[0].args as { what: string; query: ReportQuery };
    expect(call.what).toBe("entries_ical");
    expect(call.query.group_by).toBe("project");
    // Cancelled: nothing said.
    core.exportAnswer = null;
    await user.click(within(reports).getByRole("button", { name: "Save as…" }));
    await waitFor(() => expect(core.called("export_report")).toHaveLength(2));
    expect(within(reports).queryByText(/^Saved/)).not.toBeInTheDocument();
  });

  it("says what went wrong when the core refuses", async () => {
    const { core, user } = setup();
    core.failures.set("get_report", { kind: "TagNotFound", message: "There is no tag called “x”." });
    const reports = await openReports(user);
    expect(await within(reports).findByRole("alert")).toHaveTextContent("There is no tag called “x”.");
  });
});

describe("report labels", () => {
  it("write groups and money for people", () => {
    expect(groupLabel("project", null)).toBe("No project");
    expect(groupLabel("tag", null)).toBe("No tag");
    expect(groupLabel("month", "2026-11")).toMatch(/November.*2026/);
    expect(groupLabel("week", "2026-11-23")).toMatch(/^Week of .*23/);
    expect(formatAmount({ currency: "EUR", minor: 13_500 })).toMatch(/135[.,]00/);
    expect(formatAmount({ currency: "JPY", minor: 1200 })).toMatch(/1[,.]?200/);
  });
});
