import type { PostState, PublicationState } from "@quartet/db/enums";
import type { PublishProviderId } from "@quartet/integrations/social/publish";
import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of Publish → Posts: compose once for several channels (per-channel overrides),
// drafts, scheduling in a time zone, recurring posts, threads, tags, the calendar's range list.

const content = text().max(100_000, "At most 100,000 characters.");
const title = text().trim().max(300, "At most 300 characters.");
const mediaIds = z.array(z.uuid()).max(20, "At most 20 attachments.");
/** Thread replies after the first post. */
const thread = z.array(content).max(25, "A thread has at most 25 replies.");
const settings = z.record(z.string().max(60), z.unknown());

/**
 * When: a wall-clock date and time in a time zone. `timeZone` is an IANA name, "author" (the
 * caller's own zone) or absent (the workspace's).
 */
export const publishAtSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date (YYYY-MM-DD)."),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Pick a time (HH:mm)."),
  timeZone: z.string().max(64).optional(),
});
export type PublishAt = z.infer<typeof publishAtSchema>;

export const repeatSchema = z.object({
  intervalInDays: z
    .number()
    .int()
    .min(1, "Repeat at least every day.")
    .max(365, "Repeat at most every 365 days."),
  /** How many times in all (the first included); absent: until stopped. */
  count: z.number().int().min(2, "A repeat goes out at least twice.").max(1000).optional(),
});

export const channelOverride = z.object({
  channelId: z.uuid(),
  /** This channel's own text instead of the shared one. */
  content: content.optional(),
  title: title.optional(),
  media: mediaIds.optional(),
  thread: thread.optional(),
  settings: settings.optional(),
});

export const createPostInput = z.object({
  orgId: z.uuid(),
  channels: z
    .array(channelOverride)
    .min(1, "Pick at least one channel.")
    .max(20, "At most 20 channels at once.")
    .refine(
      (list) => new Set(list.map((c) => c.channelId)).size === list.length,
      "A channel is picked twice.",
    ),
  content: content.default(""),
  title: title.optional(),
  media: mediaIds.default([]),
  thread: thread.default([]),
  tagIds: z.array(z.uuid()).max(20).default([]),
  /** Absent or draft: true → saved as a draft (nothing is checked or scheduled). */
  draft: z.boolean().default(false),
  /** null: as soon as possible. */
  publishAt: publishAtSchema.nullable().default(null),
  repeat: repeatSchema.optional(),
  /** Append the workspace's auto-add signature (default yes). */
  addSignature: z.boolean().default(true),
});
export type CreatePostInput = z.input<typeof createPostInput>;

export const postIdInput = z.object({ orgId: z.uuid(), postId: z.uuid() });
export type PostIdInput = z.infer<typeof postIdInput>;

export const updatePostInput = z.object({
  orgId: z.uuid(),
  postId: z.uuid(),
  content: content.optional(),
  title: title.nullable().optional(),
  media: mediaIds.optional(),
  settings: settings.optional(),
  tagIds: z.array(z.uuid()).max(20).optional(),
});
export type UpdatePostInput = z.input<typeof updatePostInput>;

export const scheduleInput = z.object({
  orgId: z.uuid(),
  /** Any post of the group: the whole group (every channel) moves. */
  postId: z.uuid(),
  publishAt: publishAtSchema.nullable(),
});
export type ScheduleInput = z.input<typeof scheduleInput>;

const MAX_RANGE_DAYS = 62;
export const listRangeInput = z
  .object({
    orgId: z.uuid(),
    from: z.coerce.date(),
    to: z.coerce.date(),
    channelIds: z.array(z.uuid()).max(50).optional(),
    customerId: z.uuid().optional(),
    states: z.array(z.enum(["QUEUE", "PUBLISHED", "ERROR", "DRAFT"])).optional(),
  })
  .refine((v) => v.to > v.from, { message: "The end comes after the start.", path: ["to"] })
  .refine((v) => v.to.getTime() - v.from.getTime() <= MAX_RANGE_DAYS * 86_400_000, {
    message: `At most ${MAX_RANGE_DAYS} days at once.`,
    path: ["to"],
  });
export type ListRangeInput = z.input<typeof listRangeInput>;

export interface PublicationItem {
  id: string;
  occurrence: number;
  scheduledAt: Date;
  state: PublicationState;
  attempts: number;
  publishedAt: Date | null;
  releaseURL: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface PostItem {
  id: string;
  group: string;
  state: PostState;
  publishDate: Date;
  timezone: string;
  /** The wall clock of publishDate in `timezone`. */
  local: { date: string; time: string };
  content: string;
  title: string | null;
  media: unknown[];
  settings: Record<string, unknown>;
  channel: { id: string; name: string; provider: string; rules: PublishProviderId; deleted: boolean };
  intervalInDays: number | null;
  repeatCount: number | null;
  releaseId: string | null;
  releaseURL: string | null;
  error: string | null;
  tags: { id: string; name: string; color: string }[];
  createdBy: { id: string; name: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PostDetail extends PostItem {
  thread: { id: string; content: string; threadOrder: number; releaseURL: string | null }[];
  publications: PublicationItem[];
  /** The other channels' posts composed together with this one. */
  siblings: { id: string; channelId: string; channelName: string; state: PostState }[];
}
