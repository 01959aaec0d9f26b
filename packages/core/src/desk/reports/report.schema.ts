import { z } from "zod";

/** The longest range a report covers (a leap year, inclusive). */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

const isoDay = z.iso.date("Use a date like 2026-11-25.");

/** Inclusive day count between two ISO dates (calendar days, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * A report range: `from` and `to` are calendar days in the workspace's time zone, both included,
 * so "today" is the day as the workspace sees it, whatever the viewer's zone.
 */
export const reportRangeInput = z
  .object({
    orgId: z.uuid(),
    from: isoDay,
    to: isoDay,
    teamId: z.uuid("Choose a team of this workspace.").nullish(),
  })
  .superRefine((r, ctx) => {
    const days = daysBetween(r.from, r.to);
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start." });
    } else if (days > MAX_REPORT_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Choose a range of at most ${MAX_REPORT_DAYS} days.`,
      });
    }
  });
export type ReportRangeInput = z.input<typeof reportRangeInput>;
export type ReportRange = z.output<typeof reportRangeInput>;

export const reportCsvKinds = ["daily", "agents"] as const;
export type ReportCsvKind = (typeof reportCsvKinds)[number];

export const reportCsvInput = z
  .object({
    orgId: z.uuid(),
    from: isoDay,
    to: isoDay,
    teamId: z.uuid("Choose a team of this workspace.").nullish(),
    kind: z.enum(reportCsvKinds, "Choose what to export: daily or agents."),
  })
  .superRefine((r, ctx) => {
    const days = daysBetween(r.from, r.to);
    if (days < 1 || days > MAX_REPORT_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Choose a range of 1 to ${MAX_REPORT_DAYS} days.`,
      });
    }
  });
export type ReportCsvInput = z.input<typeof reportCsvInput>;

/** Median and 90th percentile of a duration, in seconds; null when nothing was measured. */
export interface DurationStats {
  median: number | null;
  p90: number | null;
  count: number;
}

export interface DailyReportPoint {
  /** ISO day in the workspace's time zone. */
  date: string;
  created: number;
  resolved: number;
  /** First responses sent that day: time from creation to the first public agent reply. */
  firstResponse: DurationStats;
  /** Tickets resolved that day: time from creation to resolution. */
  resolution: DurationStats;
  /** SLA breaches recorded that day. */
  breaches: number;
}

export interface AgentReportRow {
  userId: string;
  name: string | null;
  email: string;
  /** OPEN or PENDING tickets assigned now. */
  assignedOpen: number;
  resolved: number;
  /** Seconds. */
  medianFirstResponse: number | null;
  /** Seconds. */
  medianResolution: number | null;
  csatAverage: number | null;
  csatCount: number;
}

export interface DeskReport {
  range: {
    from: string;
    to: string;
    days: number;
    timezone: string;
    teamId: string | null;
    /** Days read from the stored daily rollups; the others (today, days not rolled up) are live. */
    storedDays: number;
  };
  totals: {
    created: number;
    resolved: number;
    firstResponse: DurationStats;
    resolution: DurationStats;
    sla: {
      /** Resolved in range with an SLA policy. */
      eligible: number;
      met: number;
      /** 0–100, one decimal; null when no resolved ticket had a policy. */
      metPercent: number | null;
      /** Breaches recorded in range. */
      breaches: number;
    };
  };
  daily: DailyReportPoint[];
  backlog: {
    total: number;
    byStatus: { OPEN: number; PENDING: number };
    byPriority: { LOW: number; MEDIUM: number; HIGH: number; URGENT: number };
  };
  csat: { average: number | null; count: number; distribution: { rating: number; count: number }[] };
  agents: AgentReportRow[];
}

export interface ReportCsv {
  fileName: string;
  csv: string;
}

/** The longest range one rebuild covers (days, inclusive). */
export const MAX_REBUILD_DAYS = 731;

/** An owner's request to recompute the stored daily figures of past days. */
export const rebuildMetricsInput = z
  .object({ orgId: z.uuid(), from: isoDay, to: isoDay })
  .superRefine((r, ctx) => {
    const days = daysBetween(r.from, r.to);
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start." });
    } else if (days > MAX_REBUILD_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Choose a range of at most ${MAX_REBUILD_DAYS} days.`,
      });
    }
  });
export type RebuildMetricsInput = z.input<typeof rebuildMetricsInput>;

export const rebuildStatusInput = z.object({ orgId: z.uuid() });

export type MetricsRebuildStatus = "QUEUED" | "RUNNING" | "DONE" | "FAILED";

/** A rebuild as the reports screen shows it. */
export interface MetricsRebuildView {
  id: string;
  from: string;
  to: string;
  status: MetricsRebuildStatus;
  daysTotal: number;
  daysDone: number;
  /** 0–100. */
  percent: number;
  createdAt: Date;
  finishedAt: Date | null;
  requestedBy: { name: string | null; email: string } | null;
}
