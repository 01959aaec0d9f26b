import { randomUUID } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import type { PostState } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import {
  countLength,
  PUBLISH_RULES,
  type PublishMedia,
  type PublishProviderId,
} from "@quartet/integrations/social/publish";
import type { z } from "zod";
import { consume } from "../../billing/entitlements.service.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { findChannelRows } from "../channels/channel.repository.ts";
import { rulesOf } from "../channels/channel.service.ts";
import { publishPostEvent } from "../publish-realtime.ts";
import { enqueuePublish, nextOccurrence, schedulePublication } from "../publisher/publication.repository.ts";
import * as repo from "./post.repository.ts";
import {
  type CreatePostInput,
  createPostInput,
  type ListRangeInput,
  listRangeInput,
  type PostDetail,
  type PostIdInput,
  type PostItem,
  type PublishAt,
  postIdInput,
  type ScheduleInput,
  scheduleInput,
  type UpdatePostInput,
  updatePostInput,
} from "./post.schema.ts";
import { validateChannelDraft } from "./post-validation.ts";
import { fromLocal, isTimeZone, toLocal } from "./schedule-time.ts";

// Publish → Posts. Composing once for several channels writes one Post per channel sharing a
// `group` (Postiz's model), each with its own text, media and thread when the composer overrides
// them, checked against its platform's rules as the platform counts (drafts are not checked).
// Scheduling stores the UTC instant of a wall-clock time in a zone and, in the same transaction,
// the publications and their publish.post jobs; each channel's post uses one
// `publish.scheduledPostsPerMonth`. Any member may compose; the calendar lists a date range.

const TX = { maxWait: 10_000, timeout: 20_000 } as const;
const notFound = () => new AppError("NOT_FOUND", "Post not found.");
/** A time this far in the past is refused ("as soon as possible" is publishAt: null). */
const PAST_TOLERANCE_MS = 60_000;

function badRequest(fieldErrors: Record<string, string>): never {
  const first = Object.values(fieldErrors)[0] ?? "Check the post.";
  throw new AppError("BAD_REQUEST", first, fieldErrors);
}

/** The zone a time is meant in: an IANA name, "author" (the caller's) or the workspace's. */
async function resolveZone(deps: Deps, orgId: string, userId: string, requested?: string): Promise<string> {
  if (requested && requested !== "author") {
    if (!isTimeZone(requested))
      throw new AppError("BAD_REQUEST", "Unknown time zone.", { "publishAt.timeZone": "Unknown time zone." });
    return requested;
  }
  if (requested === "author") {
    const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { timezone: true } });
    return user.timezone;
  }
  const org = await deps.db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { timezone: true },
  });
  return org.timezone;
}

/** The instant and zone of a publishAt (null: now), refusing times already past. */
async function whenOf(deps: Deps, orgId: string, userId: string, publishAt: PublishAt | null) {
  const timezone = await resolveZone(deps, orgId, userId, publishAt?.timeZone);
  const now = deps.clock.now();
  if (!publishAt) return { at: now, timezone };
  const at = fromLocal(publishAt.date, publishAt.time, timezone);
  if (at.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    const message = "This time has passed. Pick a later one, or publish now.";
    throw new AppError("BAD_REQUEST", message, { publishAt: message });
  }
  return { at, timezone };
}

function toPostItem(row: repo.PostRow): PostItem {
  return {
    id: row.id,
    group: row.group,
    state: row.state,
    publishDate: row.publishDate,
    timezone: row.timezone,
    local: toLocal(row.publishDate, row.timezone),
    content: row.content,
    title: row.title,
    media: Array.isArray(row.image) ? row.image : [],
    settings: (row.settings ?? {}) as Record<string, unknown>,
    channel: {
      id: row.integration.id,
      name: row.integration.name,
      provider: row.integration.providerIdentifier,
      rules: rulesOf(row.integration),
      deleted: row.integration.deletedAt !== null,
    },
    intervalInDays: row.intervalInDays,
    repeatCount: row.repeatCount,
    releaseId: row.releaseId,
    releaseURL: row.releaseURL,
    error: row.error,
    tags: row.tags.map((t) => t.tag),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

type MediaRow = Awaited<ReturnType<typeof repo.findLibraryMedia>>[number];
const toPublishMedia = (m: MediaRow): PublishMedia => ({
  id: m.id,
  path: m.path,
  type: m.type === "video" ? "video" : m.type === "pdf" ? "pdf" : "image",
  mimeType: m.mimeType,
  fileSize: m.fileSize,
  durationMs: m.durationMs,
  alt: m.alt,
});

const withSignature = (text: string, signature: string | null) =>
  !signature || text.trimEnd().endsWith(signature.trim()) ? text : `${text.trimEnd()}\n\n${signature}`;

const storedMedia = (value: unknown): PublishMedia[] =>
  Array.isArray(value) ? (value as PublishMedia[]) : [];

/** The channels' posts of a composer input, each with its platform's rules, text and media. */
async function composeDrafts(deps: Deps, actor: UserActor, input: z.output<typeof createPostInput>) {
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const channelIds = input.channels.map((c) => c.channelId);
  const channels = await findChannelRows(deps.db, input.orgId, channelIds);
  const byId = new Map(channels.map((c) => [c.id, c]));
  for (const id of channelIds) if (!byId.has(id)) throw new AppError("NOT_FOUND", "Channel not found.");
  if (channels.some((c) => c.disabled))
    throw new AppError("BAD_REQUEST", "A disabled channel can't take posts.", {
      channels: "A channel is disabled.",
    });

  const mediaIds = [...new Set([...input.media, ...input.channels.flatMap((c) => c.media ?? [])])];
  const media = new Map((await repo.findLibraryMedia(deps.db, input.orgId, mediaIds)).map((m) => [m.id, m]));
  if (media.size !== mediaIds.length)
    badRequest({ media: "An attachment is no longer in the media library." });
  const tags = await repo.findLiveTags(deps.db, input.orgId, input.tagIds);
  if (tags.length !== new Set(input.tagIds).size) badRequest({ tagIds: "A tag no longer exists." });
  const signature = input.addSignature
    ? ((await repo.findAutoSignature(deps.db, input.orgId))?.content ?? null)
    : null;

  const drafts = input.channels.map((c, index) => {
    const channel = byId.get(c.channelId) as (typeof channels)[number];
    return {
      index,
      channel,
      channelName: channel.name,
      rules: rulesOf(channel),
      text: withSignature(c.content ?? input.content, signature),
      title: c.title ?? input.title ?? null,
      media: (c.media ?? input.media).map((id) => toPublishMedia(media.get(id) as MediaRow)),
      thread: c.thread ?? input.thread,
      settings: c.settings ?? {},
    };
  });
  return drafts;
}

export async function createPost(
  deps: Deps,
  actor: UserActor,
  rawInput: CreatePostInput,
): Promise<PostItem[]> {
  const input = createPostInput.parse(rawInput);
  const drafts = await composeDrafts(deps, actor, input);
  const { at, timezone } = await whenOf(deps, input.orgId, actor.userId, input.publishAt);
  if (!input.draft) {
    const errors = Object.assign({}, ...drafts.map(validateChannelDraft)) as Record<string, string>;
    if (Object.keys(errors).length > 0) badRequest(errors);
  }

  const group = randomUUID();
  const now = deps.clock.now();
  const ids = await deps.db.$transaction(async (tx) => {
    if (!input.draft)
      await consume(
        { db: tx, clock: deps.clock },
        input.orgId,
        "publish.scheduledPostsPerMonth",
        drafts.length,
      );
    const created: string[] = [];
    for (const d of drafts) {
      const post = await tx.post.create({
        data: {
          organizationId: input.orgId,
          integrationId: d.channel.id,
          group,
          state: input.draft ? "DRAFT" : "QUEUE",
          publishDate: at,
          timezone,
          content: d.text,
          title: d.title,
          image: d.media as unknown as Prisma.InputJsonValue,
          settings: d.settings as Prisma.InputJsonValue,
          intervalInDays: input.repeat?.intervalInDays ?? null,
          repeatCount: input.repeat ? (input.repeat.count ?? null) : null,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      const childIds: string[] = [];
      for (const [i, reply] of d.thread.entries()) {
        const child = await tx.post.create({
          data: {
            organizationId: input.orgId,
            integrationId: d.channel.id,
            group,
            state: input.draft ? "DRAFT" : "QUEUE",
            publishDate: at,
            timezone,
            content: reply,
            parentPostId: post.id,
            threadOrder: i + 1,
            createdById: actor.userId,
          },
          select: { id: true },
        });
        childIds.push(child.id);
      }
      await repo.replaceTags(tx, input.orgId, post.id, [...new Set(input.tagIds)]);
      if (!input.draft)
        await schedulePublication(
          tx,
          deps.boss,
          { id: post.id, organizationId: input.orgId, integrationId: d.channel.id, childIds },
          0,
          at,
          now,
        );
      await publishPostEvent(tx, { organizationId: input.orgId, postId: post.id, group, kind: "created" });
      created.push(post.id);
    }
    return created;
  }, TX);
  const rows = await repo.findGroupPosts(deps.db, input.orgId, group);
  return ids.map((id) => toPostItem(rows.find((r) => r.id === id) as repo.PostRow));
}

async function loadPost(deps: Deps, actor: UserActor, orgId: string, postId: string) {
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  const row = await repo.findPost(deps.db, orgId, postId);
  if (!row) throw notFound();
  return row;
}

export async function getPost(deps: Deps, actor: UserActor, rawInput: PostIdInput): Promise<PostDetail> {
  const input = postIdInput.parse(rawInput);
  const row = await loadPost(deps, actor, input.orgId, input.postId);
  const [thread, publications, siblings] = await Promise.all([
    repo.findThread(deps.db, row.id),
    repo.listPublications(deps.db, row.id),
    repo.findGroupPosts(deps.db, input.orgId, row.group),
  ]);
  return {
    ...toPostItem(row),
    thread,
    publications,
    siblings: siblings
      .filter((s) => s.id !== row.id)
      .map((s) => ({
        id: s.id,
        channelId: s.integration.id,
        channelName: s.integration.name,
        state: s.state,
      })),
  };
}

/** The calendar: top-level posts whose time falls in [from, to) (62 days at most). */
export async function listPosts(deps: Deps, actor: UserActor, rawInput: ListRangeInput): Promise<PostItem[]> {
  const input = listRangeInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const rows = await repo.listRange(deps.db, input.orgId, {
    from: input.from,
    to: input.to,
    channelIds: input.channelIds,
    customerId: input.customerId,
    states: input.states as PostState[] | undefined,
  });
  return rows.map(toPostItem);
}

/** A publication of the post is out or going out: its content can't change any more. */
async function assertEditable(deps: Deps, postIds: readonly string[]) {
  const busy = await deps.db.postPublication.findFirst({
    where: { postId: { in: [...postIds] }, state: { in: ["PUBLISHING", "PUBLISHED"] } },
    select: { state: true },
  });
  if (busy)
    throw new AppError(
      "CONFLICT",
      busy.state === "PUBLISHING"
        ? "This post is being published right now."
        : "This post was already published.",
    );
}

export async function updatePost(deps: Deps, actor: UserActor, rawInput: UpdatePostInput): Promise<PostItem> {
  const input = updatePostInput.parse(rawInput);
  const row = await loadPost(deps, actor, input.orgId, input.postId);
  await assertEditable(deps, [row.id]);
  let media = storedMedia(row.image);
  if (input.media) {
    const found = await repo.findLibraryMedia(deps.db, input.orgId, input.media);
    if (found.length !== new Set(input.media).size)
      badRequest({ media: "An attachment is no longer in the media library." });
    const byId = new Map(found.map((m) => [m.id, m]));
    media = input.media.map((id) => toPublishMedia(byId.get(id) as MediaRow));
  }
  if (input.tagIds) {
    const tags = await repo.findLiveTags(deps.db, input.orgId, input.tagIds);
    if (tags.length !== new Set(input.tagIds).size) badRequest({ tagIds: "A tag no longer exists." });
  }
  const text = input.content ?? row.content;
  const title = input.title === undefined ? row.title : input.title;
  if (row.state !== "DRAFT") {
    const thread = await repo.findThread(deps.db, row.id);
    const errors = validateChannelDraft({
      index: 0,
      channelName: row.integration.name,
      rules: rulesOf(row.integration),
      text,
      title,
      media,
      thread: thread.map((t) => t.content),
    });
    if (Object.keys(errors).length > 0)
      badRequest(
        Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^channels\.0\./, ""), v])),
      );
  }
  await deps.db.$transaction(async (tx) => {
    await tx.post.update({
      where: { id: row.id },
      data: {
        content: text,
        title,
        image: media as unknown as Prisma.InputJsonValue,
        ...(input.settings ? { settings: input.settings as Prisma.InputJsonValue } : {}),
      },
    });
    if (input.tagIds) await repo.replaceTags(tx, input.orgId, row.id, [...new Set(input.tagIds)]);
    await publishPostEvent(tx, {
      organizationId: input.orgId,
      postId: row.id,
      group: row.group,
      kind: "updated",
    });
  }, TX);
  return toPostItem((await repo.findPost(deps.db, input.orgId, row.id)) as repo.PostRow);
}

/** Deletes the post's whole group (every channel, threads included); what is waiting is cancelled. */
export async function deletePost(deps: Deps, actor: UserActor, rawInput: PostIdInput) {
  const input = postIdInput.parse(rawInput);
  const row = await loadPost(deps, actor, input.orgId, input.postId);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const posts = await tx.post.findMany({
      where: { organizationId: input.orgId, group: row.group, deletedAt: null },
      select: { id: true },
    });
    const ids = posts.map((p) => p.id);
    await tx.postPublication.updateMany({
      where: { postId: { in: ids }, state: "PENDING" },
      data: { state: "CANCELLED", errorCode: "DELETED", errorMessage: "The post was deleted." },
    });
    await tx.post.updateMany({ where: { id: { in: ids } }, data: { deletedAt: now } });
    await publishPostEvent(tx, {
      organizationId: input.orgId,
      postId: row.id,
      group: row.group,
      kind: "deleted",
    });
  }, TX);
  return { ok: true as const, group: row.group };
}

/** A copy of the post's group as drafts: same channels, texts, media, threads and tags. */
export async function duplicatePost(
  deps: Deps,
  actor: UserActor,
  rawInput: PostIdInput,
): Promise<PostItem[]> {
  const input = postIdInput.parse(rawInput);
  const row = await loadPost(deps, actor, input.orgId, input.postId);
  const originals = await deps.db.post.findMany({
    where: {
      organizationId: input.orgId,
      group: row.group,
      deletedAt: null,
      integration: { deletedAt: null },
    },
    orderBy: [
      { parentPostId: { sort: "asc", nulls: "first" } },
      { threadOrder: "asc" },
      { createdAt: "asc" },
    ],
    select: {
      id: true,
      integrationId: true,
      content: true,
      title: true,
      image: true,
      settings: true,
      parentPostId: true,
      threadOrder: true,
      publishDate: true,
      timezone: true,
      intervalInDays: true,
      repeatCount: true,
      tags: { select: { tagId: true } },
    },
  });
  const group = randomUUID();
  await deps.db.$transaction(async (tx) => {
    const newIds = new Map<string, string>();
    for (const p of originals) {
      const parentPostId = p.parentPostId ? newIds.get(p.parentPostId) : null;
      if (p.parentPostId && !parentPostId) continue;
      const copy = await tx.post.create({
        data: {
          organizationId: input.orgId,
          integrationId: p.integrationId,
          group,
          state: "DRAFT",
          publishDate: p.publishDate,
          timezone: p.timezone,
          content: p.content,
          title: p.title,
          image: p.image as Prisma.InputJsonValue,
          settings: p.settings as Prisma.InputJsonValue,
          parentPostId: parentPostId ?? null,
          threadOrder: p.threadOrder,
          intervalInDays: p.intervalInDays,
          repeatCount: p.repeatCount,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      newIds.set(p.id, copy.id);
      if (!p.parentPostId)
        await publishPostEvent(tx, { organizationId: input.orgId, postId: copy.id, group, kind: "created" });
      if (!p.parentPostId)
        await repo.replaceTags(
          tx,
          input.orgId,
          copy.id,
          p.tags.map((t) => t.tagId),
        );
    }
  }, TX);
  return (await repo.findGroupPosts(deps.db, input.orgId, group)).map(toPostItem);
}

async function threadIds(tx: Tx, parentId: string) {
  const rows = await tx.post.findMany({
    where: { parentPostId: parentId, deletedAt: null },
    orderBy: { threadOrder: "asc" },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Schedules a draft group, or moves a scheduled one (the calendar's drag): every channel of the
 * group goes to the new time. A draft is checked against its platforms' rules first and uses the
 * month's scheduled posts; a move re-enqueues (the old job finds the publication not due and stops).
 */
export async function schedulePost(
  deps: Deps,
  actor: UserActor,
  rawInput: ScheduleInput,
): Promise<PostItem[]> {
  const input = scheduleInput.parse(rawInput);
  const row = await loadPost(deps, actor, input.orgId, input.postId);
  const posts = await repo.findGroupPosts(deps.db, input.orgId, row.group);
  const live = posts.filter((p) => p.integration.deletedAt === null);
  if (live.some((p) => p.state === "PUBLISHED"))
    throw new AppError("CONFLICT", "This post was already published. Duplicate it to post it again.");
  if (live.some((p) => p.state === "ERROR"))
    throw new AppError("CONFLICT", "This post failed: retry it from the errors list.");
  // Moving a recurring post whose earlier occurrence went out is fine; one going out now is not.
  const running = await deps.db.postPublication.count({
    where: { postId: { in: live.map((p) => p.id) }, state: "PUBLISHING" },
  });
  if (running > 0) throw new AppError("CONFLICT", "This post is being published right now.");
  const { at, timezone } = await whenOf(deps, input.orgId, actor.userId, input.publishAt);
  const drafts = live.filter((p) => p.state === "DRAFT");
  if (drafts.length > 0) {
    const errors: Record<string, string> = {};
    for (const [index, p] of drafts.entries()) {
      const thread = await repo.findThread(deps.db, p.id);
      Object.assign(
        errors,
        validateChannelDraft({
          index,
          channelName: p.integration.name,
          rules: rulesOf(p.integration),
          text: p.content,
          title: p.title,
          media: storedMedia(p.image),
          thread: thread.map((t) => t.content),
        }),
      );
    }
    if (Object.keys(errors).length > 0) badRequest(errors);
  }
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    if (drafts.length > 0)
      await consume(
        { db: tx, clock: deps.clock },
        input.orgId,
        "publish.scheduledPostsPerMonth",
        drafts.length,
      );
    await tx.post.updateMany({
      where: { organizationId: input.orgId, group: row.group, deletedAt: null },
      data: { publishDate: at, timezone },
    });
    for (const p of live) {
      const children = await threadIds(tx, p.id);
      await publishPostEvent(tx, {
        organizationId: input.orgId,
        postId: p.id,
        group: row.group,
        kind: "scheduled",
      });
      if (p.state === "DRAFT") {
        await tx.post.updateMany({ where: { id: { in: [p.id, ...children] } }, data: { state: "QUEUE" } });
        await schedulePublication(
          tx,
          deps.boss,
          { id: p.id, organizationId: input.orgId, integrationId: p.integration.id, childIds: children },
          await nextOccurrence(tx, p.id),
          at,
          now,
        );
        continue;
      }
      const pending = await tx.postPublication.findFirst({
        where: { postId: p.id, state: "PENDING" },
        orderBy: { occurrence: "desc" },
        select: { id: true, occurrence: true },
      });
      if (!pending) continue;
      await tx.postPublication.updateMany({
        where: { postId: { in: [p.id, ...children] }, occurrence: pending.occurrence, state: "PENDING" },
        data: { scheduledAt: at },
      });
      await enqueuePublish(tx, deps.boss, pending.id, at, now);
    }
  }, TX);
  return (await repo.findGroupPosts(deps.db, input.orgId, row.group)).map(toPostItem);
}

export interface ChannelPreview {
  channelId: string;
  channelName: string;
  rules: PublishProviderId;
  /** The text as it will go out (signature included) and its length as the platform counts it. */
  text: string;
  length: number;
  maxLength: number;
  /** Field → message, as create would refuse it (empty: fine). */
  issues: Record<string, string>;
}

/** The composer's live preview: each channel's text, length as its platform counts, and issues. */
export async function previewPost(
  deps: Deps,
  actor: UserActor,
  rawInput: CreatePostInput,
): Promise<ChannelPreview[]> {
  const input = createPostInput.parse(rawInput);
  const drafts = await composeDrafts(deps, actor, input);
  return drafts.map((d) => {
    const rules = PUBLISH_RULES[d.rules];
    return {
      channelId: d.channel.id,
      channelName: d.channelName,
      rules: d.rules,
      text: d.text,
      length: countLength(d.text, rules.counter),
      maxLength: d.media.length > 0 && rules.maxLengthWithMedia ? rules.maxLengthWithMedia : rules.maxLength,
      issues: Object.fromEntries(
        Object.entries(validateChannelDraft(d)).map(([k, v]) => [k.replace(/^channels\.\d+\./, ""), v]),
      ),
    };
  });
}
