// The Reports view's two charts, drawn by Chart.js (canvas, tree-shaken to bars and doughnuts;
// see docs/ARCHITECTURE.md for why). Each chart has a table with the same numbers next to it in
// the view, so the canvas itself is hidden from screen readers.
import { useEffect, useRef } from "react";
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip,
} from "chart.js";
import type { ChartBar, ChartProject, ChartUnit, ReportGroup } from "../bindings";
import { formatDuration, writtenDate } from "../format";
import type { DurationFormat } from "../bindings";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

const HOUR = 3_600_000;

/** A bar's label: "Mon 23", "Week of 23 Nov", "Nov 2026", "2026". */
export function barLabel(first: string, unit: ChartUnit): string {
  const [y, m, d] = first.split("-").map(Number);
  const date = new Date(y, m - 1, d);
  switch (unit) {
    case "day": return writtenDate(date, { weekday: "short", day: "numeric", month: "short" });
    case "week": return `Week of ${writtenDate(date, { day: "numeric", month: "short" })}`;
    case "month": return writtenDate(date, { month: "short", year: "numeric" });
    case "year": return String(y);
  }
}

function drawable(canvas: HTMLCanvasElement): boolean {
  try {
    return canvas.getContext("2d") !== null;
  } catch {
    return false;
  }
}

function textColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue("--muted").trim() || "#5b6472";
}

interface BarsProps {
  bars: ChartBar[];
  unit: ChartUnit;
  projects: ChartProject[];
  durationFormat: DurationFormat;
  /** A bar was clicked: narrow the report to it. */
  onPick: (bar: ChartBar) => void;
}

/** Time per day (or week, month, year), stacked by project in the projects' colours. */
export function TimeBars({ bars, unit, projects, durationFormat, onPick }: BarsProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar"> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const latestBars = useRef(bars);
  latestBars.current = bars;

  useEffect(() => {
    // No 2D context (a test's DOM): the tables carry the numbers.
    if (!canvas.current || !drawable(canvas.current)) return;
    chart.current = new Chart(canvas.current, {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: textColor(), maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: { stacked: true, ticks: { color: textColor(), callback: (v) => `${Number(v)} h` }, beginAtZero: true },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatDuration(Number(item.raw) * HOUR, "h:mm")}` } },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) pick.current(latestBars.current[hit.index]);
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = bars.map((b) => barLabel(b.first, unit));
    c.data.datasets = projects.map((p, i) => ({
      label: p.name ?? "No project",
      data: bars.map((b) => b.by_project[i] / HOUR),
      backgroundColor: p.color,
      borderRadius: 3,
      maxBarThickness: 48,
    }));
    c.update();
  }, [bars, unit, projects, durationFormat]);

  return (
    <div className="chart chart-bars">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}

interface BreakdownProps {
  groups: ReportGroup[];
  label: (group: ReportGroup) => string;
  /** A slice was clicked: narrow the report to that group. */
  onPick: (group: ReportGroup) => void;
}

const FALLBACK = ["#0d9488", "#6366f1", "#f59e0b", "#ec4899", "#0ea5e9", "#84cc16", "#f97316", "#8b5cf6", "#14b8a6", "#ef4444"];

/** The share of each group, as a doughnut. */
export function Breakdown({ groups, label, onPick }: BreakdownProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"doughnut"> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const latest = useRef(groups);
  latest.current = groups;

  useEffect(() => {
    if (!canvas.current || !drawable(canvas.current)) return;
    chart.current = new Chart(canvas.current, {
      type: "doughnut",
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        cutout: "62%",
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => `${item.label}: ${formatDuration(Number(item.raw) * HOUR, "h:mm")}` } },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) pick.current(latest.current[hit.index]);
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = groups.map(label);
    c.data.datasets = [{
      data: groups.map((g) => g.ms / HOUR),
      backgroundColor: groups.map((g, i) => g.color ?? FALLBACK[i % FALLBACK.length]),
      borderWidth: 0,
    }];
    c.update();
  }, [groups, label]);

  return (
    <div className="chart chart-breakdown">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}

export { FALLBACK as BREAKDOWN_COLORS };
