import type { MemberRole } from "@quartet/db/enums";
import { z } from "zod";

// The topics of the live channel and the payload each carries. Payloads are small and strict (ids
// and kinds, never message bodies or names): an event only tells a browser what to refetch, through
// the procedures that check access as usual. A module adds its topic here.

const kind = z.string().regex(/^[a-z][a-z_.]{0,39}$/);

export const realtimeTopics = {
  /** A Desk ticket changed: created, updated (status, assignee…), a message or note added, merged. */
  "desk.ticket": {
    minRole: "AGENT",
    payload: z.strictObject({ ticketId: z.uuid(), number: z.number().int().positive(), kind }),
  },
  /** An Inbox conversation changed: created, status, assignee, labels, unread count, snooze. */
  "inbox.conversation": {
    minRole: "AGENT",
    payload: z.strictObject({ conversationId: z.uuid(), kind }),
  },
  /** An Inbox message arrived, was sent, or moved status (delivered, read, failed). */
  "inbox.message": {
    minRole: "AGENT",
    payload: z.strictObject({ conversationId: z.uuid(), messageId: z.uuid(), kind }),
  },
  /** A Publish post (its group) changed: created, scheduled, updated, deleted, published, failed. */
  "publish.post": {
    minRole: "MEMBER",
    payload: z.strictObject({ postId: z.uuid(), group: z.string().max(64), kind }),
  },
} as const satisfies Record<string, { minRole: MemberRole; payload: z.ZodType }>;

export type RealtimeTopic = keyof typeof realtimeTopics;
export type RealtimePayload<T extends RealtimeTopic> = z.infer<(typeof realtimeTopics)[T]["payload"]>;

export const realtimeTopicNames = Object.keys(realtimeTopics) as [RealtimeTopic, ...RealtimeTopic[]];
export const realtimeTopicSchema = z.enum(realtimeTopicNames);

/** One event as a subscriber receives it, typed by topic. */
export type RealtimeEventOf<T extends RealtimeTopic = RealtimeTopic> = {
  [K in T]: { seq: number; topic: K; payload: RealtimePayload<K>; at: Date };
}[T];
