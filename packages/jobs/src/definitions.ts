import { z } from "zod";
import { defineJob } from "./job-definition.ts";

/** Renders and sends one EmailLog row's message; the row carries type, recipient, locale and data. */
export const emailSendJob = defineJob({
  name: "email.send",
  schema: z.object({ emailLogId: z.uuid() }),
  queue: {
    retryLimit: 4,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60,
    deadLetter: "email.send.dead",
  },
});

/** Deletes expired sessions, used/expired tokens, stale pending sign-ups and rate-limit counters. */
export const maintenanceCleanupJob = defineJob({
  name: "maintenance.cleanup",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
  cron: "*/15 * * * *",
});

/**
 * Desk SLA clock: records breaches (once, compare-and-set) and sends the pre-deadline warning.
 * Set-based and idempotent, so an overlapping run or a second worker does no harm.
 */
export const deskSlaCheckJob = defineJob({
  name: "desk.sla-check",
  schema: z.object({}).passthrough(),
  queue: { retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 120 },
  cron: "* * * * *",
});

/** Every job the worker registers at boot. */
export const allJobs = [emailSendJob, maintenanceCleanupJob, deskSlaCheckJob] as const;
