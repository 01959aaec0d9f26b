import type { Platform } from "@quartet/db/enums";
import { z } from "zod";
import { platformSchema } from "../conversations/conversation.schema.ts";

const day = z.iso.date({ message: "Use a date like 2026-12-01." });

export const MAX_RANGE_DAYS = 366;

export const analyticsSummaryInput = z
  .object({
    orgId: z.uuid(),
    /** First and last day (inclusive) in the workspace's time zone. */
    from: day,
    to: day,
    /** One channel only (the daily series and totals; agents are counted across channels). */
    platform: platformSchema.optional(),
  })
  .refine((v) => v.from <= v.to, { message: "The start must be before the end.", path: ["from"] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < MAX_RANGE_DAYS, {
    message: `Choose at most ${MAX_RANGE_DAYS} days.`,
    path: ["to"],
  });
export type AnalyticsSummaryInput = z.input<typeof analyticsSummaryInput>;

export interface AnalyticsFigures {
  received: number;
  sent: number;
  conversationsNew: number;
  /** Seconds; null when no conversation got its first answer in the period. */
  avgResponseTime: number | null;
  responsesCounted: number;
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  timezone: string;
  platform: Platform | null;
  totals: AnalyticsFigures;
  daily: (AnalyticsFigures & { date: string })[];
  byChannel: (AnalyticsFigures & { platform: Platform })[];
  byAgent: (AnalyticsFigures & { userId: string; name: string })[];
}
