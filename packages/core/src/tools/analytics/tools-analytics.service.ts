import type { DbOrTx } from "@quartet/db/client";
import { z } from "zod";
import type { Clock } from "../../deps.ts";

// Per-tool analytics for the admin console, from the usage log (one row per finished job):
// runs, successes, failures, cancellations, average processing time, input volume, and a daily
// series of runs and failures over the window.

export const toolsAnalyticsInput = z
  .object({ days: z.number().int().min(1).max(365).default(30) })
  .default({ days: 30 });

export interface ToolUsageLine {
  slug: string;
  name: string;
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  users: number;
  guests: number;
  avgProcessingMs: number | null;
  inputMb: number;
}

export interface ToolsAnalytics {
  from: string;
  to: string;
  totals: { runs: number; succeeded: number; failed: number; cancelled: number };
  tools: ToolUsageLine[];
  daily: { day: string; runs: number; failed: number }[];
}

export async function toolsAnalytics(
  deps: { db: DbOrTx; clock: Clock },
  raw: z.input<typeof toolsAnalyticsInput>,
): Promise<ToolsAnalytics> {
  const { days } = toolsAnalyticsInput.parse(raw);
  const to = deps.clock.now();
  const from = new Date(to.getTime() - days * 86_400_000);
  const [tools, daily] = await Promise.all([
    deps.db.$queryRaw<
      {
        slug: string;
        name: string;
        runs: number;
        succeeded: number;
        failed: number;
        cancelled: number;
        users: number;
        guests: number;
        avg_ms: number | null;
        input_mb: number;
      }[]
    >`
      SELECT t.slug, t.name,
             count(u.id)::int AS runs,
             count(u.id) FILTER (WHERE u.status = 'success')::int AS succeeded,
             count(u.id) FILTER (WHERE u.status = 'failed')::int AS failed,
             count(u.id) FILTER (WHERE u.status = 'cancelled')::int AS cancelled,
             count(DISTINCT u.user_id)::int AS users,
             count(DISTINCT u.ip_hash) FILTER (WHERE u.user_id IS NULL)::int AS guests,
             round(avg(u.processing_time_ms))::float8 AS avg_ms,
             coalesce(sum(u.file_size_mb), 0)::float8 AS input_mb
      FROM tools t
      LEFT JOIN tool_usage_logs u ON u.tool_id = t.id AND u.created_at >= ${from} AND u.created_at < ${to}
      GROUP BY t.id, t.slug, t.name, t.sort_order
      ORDER BY runs DESC, t.sort_order ASC`,
    deps.db.$queryRaw<{ day: string; runs: number; failed: number }[]>`
      SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
             count(*)::int AS runs,
             count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM tool_usage_logs
      WHERE created_at >= ${from} AND created_at < ${to}
      GROUP BY 1 ORDER BY 1`,
  ]);
  const lines = tools.map((t) => ({
    slug: t.slug,
    name: t.name,
    runs: t.runs,
    succeeded: t.succeeded,
    failed: t.failed,
    cancelled: t.cancelled,
    users: t.users,
    guests: t.guests,
    avgProcessingMs: t.avg_ms,
    inputMb: Math.round(t.input_mb * 100) / 100,
  }));
  const sum = (key: "runs" | "succeeded" | "failed" | "cancelled") => lines.reduce((n, l) => n + l[key], 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: {
      runs: sum("runs"),
      succeeded: sum("succeeded"),
      failed: sum("failed"),
      cancelled: sum("cancelled"),
    },
    tools: lines,
    daily,
  };
}
