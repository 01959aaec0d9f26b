import type { Deps } from "../deps.ts";
import { deleteRealtimeEventsBefore } from "./realtime.repository.ts";

/**
 * How long the event log keeps events: a browser away for longer (laptop asleep) gets a "resync"
 * on reconnect and refetches what it shows, instead of replaying.
 */
export const REALTIME_RETENTION_MS = 60 * 60_000;

/** The `realtime.prune` cron job: drops events older than the retention (every workspace). */
export async function handleRealtimePrune(deps: Pick<Deps, "db" | "clock">): Promise<{ deleted: number }> {
  const before = new Date(deps.clock.now().getTime() - REALTIME_RETENTION_MS);
  return { deleted: await deleteRealtimeEventsBefore(deps.db, before) };
}
