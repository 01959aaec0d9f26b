import { z } from "zod";
import { type RealtimeTopic, realtimeTopicSchema } from "./realtime-topics.ts";

/** The subscription's input (orgId comes with the org procedure). */
export const realtimeSubscribeInput = z.object({
  orgId: z.uuid(),
  /** Only these topics (default: every topic the caller's role may read). */
  topics: z.array(realtimeTopicSchema).min(1).max(20).optional(),
  /**
   * The last event id the client received: the stream resumes right after it. Set by the tRPC
   * link from the browser's `Last-Event-ID` on a reconnect; a client may pass it itself too.
   */
  lastEventId: z.string().max(40).nullish(),
});
export type RealtimeSubscribeInput = z.infer<typeof realtimeSubscribeInput>;

/** One change, as a subscriber receives it. */
export interface RealtimeEvent {
  seq: number;
  topic: RealtimeTopic;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * What the stream sends, each with the event id a reconnect resumes from (the workspace's seq):
 * - `ready`: a fresh stream (no lastEventId); events after `seq` follow.
 * - `event`: something changed (refetch what shows it).
 * - `events`: several changes at once (a replay after a reconnect, or a burst the client was
 *   behind on), in order; `seq` is the last one's.
 * - `resync`: events were missed for good (the client was away longer than the log keeps, or fell
 *   too far behind): refetch everything shown, then events after `seq` follow.
 */
export type RealtimeMessage =
  | { type: "ready"; seq: number }
  | { type: "resync"; seq: number }
  | ({ type: "event" } & RealtimeEvent)
  | { type: "events"; seq: number; events: RealtimeEvent[] };
