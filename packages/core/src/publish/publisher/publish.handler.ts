import { randomUUID } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { ChannelError } from "@quartet/integrations/social/errors";
import type {
  PublishCredentials,
  PublishMedia,
  PublishProvider,
  PublishResult,
} from "@quartet/integrations/social/publish";
import { publishPostJob } from "@quartet/jobs/definitions";
import { consume } from "../../billing/entitlements.service.ts";
import { PlanLimitError } from "../../billing/plan-limit.error.ts";
import type { Deps } from "../../deps.ts";
import { openChannelToken } from "../channels/channel-secrets.ts";
import { type PublishProviders, publishersOf } from "../channels/publish-providers.ts";
import { addDaysInZone } from "../posts/schedule-time.ts";
import { publishPostEvent } from "../publish-realtime.ts";
import { queueWebhookEvent } from "../webhooks/webhook-events.ts";
import { enqueuePublish, schedulePublication } from "./publication.repository.ts";

// `publish.post`: one (post, channel, occurrence) and the replies of its thread, in order, through
// the channel's provider — exactly once:
//  • a compare-and-set PENDING → PUBLISHING with a fresh attempt id lets one run hold it; a second
//    run (another worker, a duplicate job) finds it held and stops;
//  • the provider call carries the publication's idempotency key;
//  • every attempt after the first asks the provider by that key before posting, so a run that
//    died between the platform's answer and our write (or whose answer was lost) is found, not
//    posted again; a hold older than the lease is taken over by compare-and-set on the attempt id;
//  • PUBLISHED is written only with the provider's answer, by the attempt that holds the row.
// Transient provider errors go back to PENDING and are thrown to pg-boss (retry with backoff);
// a refusal, or the last attempt, is FAILED with the provider's reason, the post ERROR and a row
// in the errors log. The last reply published also schedules a recurring post's next occurrence.

export type PublisherDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config"> & {
  publishers?: PublishProviders;
};

/** A PUBLISHING hold older than this belongs to a dead attempt (the job's expiry is 120 s). */
export const PUBLISH_LEASE_MS = 150_000;

export interface PublishJobRun {
  id: string;
  retryCount: number;
}

export type PublishOutcome =
  | { outcome: "published"; releaseIds: string[] }
  | { outcome: "failed"; code: string; reason: string }
  | { outcome: "skipped"; why: string };

const REASON_MAX = 2000;

const publicationSelect = {
  id: true,
  organizationId: true,
  postId: true,
  occurrence: true,
  scheduledAt: true,
  state: true,
  attemptId: true,
  startedAt: true,
  attempts: true,
  idempotencyKey: true,
  releaseId: true,
  post: {
    select: {
      id: true,
      content: true,
      title: true,
      image: true,
      settings: true,
      parentPostId: true,
      threadOrder: true,
      deletedAt: true,
      group: true,
      timezone: true,
      intervalInDays: true,
      repeatCount: true,
    },
  },
  integration: {
    select: {
      id: true,
      internalId: true,
      providerIdentifier: true,
      token: true,
      refreshToken: true,
      disabled: true,
      deletedAt: true,
    },
  },
} as const satisfies Prisma.PostPublicationSelect;

type PublicationRow = Prisma.PostPublicationGetPayload<{ select: typeof publicationSelect }>;

const loadPublication = (deps: PublisherDeps, id: string) =>
  deps.db.postPublication.findUnique({ where: { id }, select: publicationSelect });

/** The publication and the same occurrence of its thread's replies, in thread order. */
async function chainOf(deps: PublisherDeps, head: PublicationRow): Promise<PublicationRow[]> {
  const replies = await deps.db.postPublication.findMany({
    where: {
      occurrence: head.occurrence,
      integrationId: head.integration.id,
      post: { parentPostId: head.postId, deletedAt: null },
    },
    orderBy: { post: { threadOrder: "asc" } },
    select: publicationSelect,
  });
  return [head, ...replies];
}

function credentialsOf(
  deps: PublisherDeps,
  provider: PublishProvider,
  row: PublicationRow,
): PublishCredentials {
  if (!provider.external) return { accessToken: "", accountId: row.integration.internalId };
  const accessToken = openChannelToken(deps.config, row.integration.token);
  if (!accessToken)
    throw new ChannelError({ code: "TOKEN_EXPIRED", message: "The channel has no token: reconnect it." });
  return {
    accessToken,
    accountId: row.integration.internalId,
    refreshToken: openChannelToken(deps.config, row.integration.refreshToken),
  };
}

/** Takes the publication for this attempt: PENDING, or PUBLISHING held past the lease. */
async function claim(deps: PublisherDeps, row: PublicationRow, attemptId: string): Promise<boolean> {
  const now = deps.clock.now();
  if (row.state === "PENDING") {
    const moved = await deps.db.postPublication.updateMany({
      where: { id: row.id, state: "PENDING" },
      data: { state: "PUBLISHING", attemptId, startedAt: now, attempts: { increment: 1 } },
    });
    return moved.count === 1;
  }
  if (
    row.state === "PUBLISHING" &&
    row.startedAt &&
    row.startedAt.getTime() + PUBLISH_LEASE_MS <= now.getTime()
  ) {
    const moved = await deps.db.postPublication.updateMany({
      where: { id: row.id, state: "PUBLISHING", attemptId: row.attemptId },
      data: { attemptId, startedAt: now, attempts: { increment: 1 } },
    });
    return moved.count === 1;
  }
  return false;
}

/** Recurring posts: the next occurrence, same wall-clock time, in the same transaction. */
async function scheduleNext(tx: Tx, deps: PublisherDeps, head: PublicationRow): Promise<boolean> {
  const { intervalInDays, repeatCount, timezone } = head.post;
  if (!intervalInDays || head.post.parentPostId) return false;
  const next = head.occurrence + 1;
  if (repeatCount !== null && next >= repeatCount) return false;
  const at = addDaysInZone(head.scheduledAt, intervalInDays, timezone);
  try {
    await consume({ db: tx, clock: deps.clock }, head.organizationId, "publish.scheduledPostsPerMonth");
  } catch (error) {
    if (!(error instanceof PlanLimitError)) throw error;
    await tx.post.update({
      where: { id: head.postId },
      data: { error: `The repeat stopped: ${error.message}` },
    });
    return false;
  }
  const children = await tx.post.findMany({
    where: { parentPostId: head.postId, deletedAt: null },
    orderBy: { threadOrder: "asc" },
    select: { id: true },
  });
  await schedulePublication(
    tx,
    deps.boss,
    {
      id: head.postId,
      organizationId: head.organizationId,
      integrationId: head.integration.id,
      childIds: children.map((c) => c.id),
    },
    next,
    at,
    deps.clock.now(),
  );
  await tx.post.update({ where: { id: head.postId }, data: { publishDate: at } });
  return true;
}

/**
 * PUBLISHED with the provider's answer, only by the attempt holding the row. The chain's last one
 * also settles the post (PUBLISHED, or QUEUE with its next occurrence) in the same transaction.
 */
async function markPublished(
  deps: PublisherDeps,
  row: PublicationRow,
  attemptId: string,
  result: PublishResult,
  head: PublicationRow,
  last: boolean,
): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const now = deps.clock.now();
    const moved = await tx.postPublication.updateMany({
      where: { id: row.id, state: "PUBLISHING", attemptId },
      data: {
        state: "PUBLISHED",
        publishedAt: now,
        releaseId: result.releaseId,
        releaseURL: result.releaseURL,
        errorCode: null,
        errorMessage: null,
      },
    });
    if (moved.count !== 1) return false;
    await tx.post.update({
      where: { id: row.postId },
      data: { releaseId: result.releaseId, releaseURL: result.releaseURL, error: null },
    });
    if (last) {
      const again = await scheduleNext(tx, deps, head);
      const ids = [
        head.postId,
        ...(await tx.post.findMany({ where: { parentPostId: head.postId }, select: { id: true } })).map(
          (c) => c.id,
        ),
      ];
      await tx.post.updateMany({
        where: { id: { in: ids }, deletedAt: null },
        data: { state: again ? "QUEUE" : "PUBLISHED" },
      });
      await publishPostEvent(tx, {
        organizationId: head.organizationId,
        postId: head.postId,
        group: head.post.group,
        kind: "published",
      });
      await queueWebhookEvent(
        tx,
        deps.boss,
        {
          organizationId: head.organizationId,
          type: "post.published",
          integrationId: head.integration.id,
          data: {
            postId: head.postId,
            group: head.post.group,
            channelId: head.integration.id,
            occurrence: head.occurrence,
            releaseId: result.releaseId,
            releaseURL: result.releaseURL,
          },
        },
        now,
      );
    }
    return true;
  });
}

async function fail(
  deps: PublisherDeps,
  row: PublicationRow,
  attemptId: string,
  code: string,
  reason: string,
  context: Record<string, unknown>,
): Promise<PublishOutcome> {
  await deps.db.$transaction(async (tx) => {
    const moved = await tx.postPublication.updateMany({
      where: { id: row.id, state: "PUBLISHING", attemptId },
      data: { state: "FAILED", errorCode: code.slice(0, 60), errorMessage: reason.slice(0, REASON_MAX) },
    });
    if (moved.count !== 1) return;
    const headPostId = row.post.parentPostId ?? row.postId;
    await tx.post.updateMany({
      where: { id: { in: [headPostId, row.postId] } },
      data: { state: "ERROR", error: reason.slice(0, REASON_MAX) },
    });
    await publishPostEvent(tx, {
      organizationId: row.organizationId,
      postId: headPostId,
      group: row.post.group,
      kind: "failed",
    });
    await queueWebhookEvent(
      tx,
      deps.boss,
      {
        organizationId: row.organizationId,
        type: "post.failed",
        integrationId: row.integration.id,
        data: {
          postId: headPostId,
          group: row.post.group,
          channelId: row.integration.id,
          occurrence: row.occurrence,
          code,
          error: reason.slice(0, REASON_MAX),
        },
      },
      deps.clock.now(),
    );
    await tx.errors.create({
      data: {
        organizationId: row.organizationId,
        postId: headPostId,
        integrationId: row.integration.id,
        error: reason.slice(0, REASON_MAX),
        context: {
          code,
          occurrence: row.occurrence,
          publicationId: row.id,
          ...context,
        } as Prisma.InputJsonValue,
      },
    });
  });
  return { outcome: "failed", code, reason };
}

/** A transient failure: back to PENDING with the reason, for pg-boss to retry after its backoff. */
async function release(
  deps: PublisherDeps,
  row: PublicationRow,
  attemptId: string,
  code: string,
  reason: string,
) {
  await deps.db.$transaction(async (tx) => {
    const moved = await tx.postPublication.updateMany({
      where: { id: row.id, state: "PUBLISHING", attemptId },
      data: {
        state: "PENDING",
        attemptId: null,
        startedAt: null,
        errorCode: code.slice(0, 60),
        errorMessage: reason.slice(0, REASON_MAX),
      },
    });
    if (moved.count !== 1) return;
    await publishPostEvent(tx, {
      organizationId: row.organizationId,
      postId: row.post.parentPostId ?? row.postId,
      group: row.post.group,
      kind: "retrying",
    });
  });
}

export async function handlePublishPost(
  deps: PublisherDeps,
  payload: { publicationId: string },
  job: PublishJobRun,
): Promise<PublishOutcome> {
  const head = await loadPublication(deps, payload.publicationId);
  if (!head) return { outcome: "skipped", why: "publication deleted" };
  if (head.post.parentPostId) return { outcome: "skipped", why: "a reply goes out with its thread" };
  if (head.post.deletedAt || head.integration.deletedAt) {
    await deps.db.postPublication.updateMany({
      where: { id: head.id, state: "PENDING" },
      data: { state: "CANCELLED" },
    });
    return { outcome: "skipped", why: "post or channel deleted" };
  }
  if (head.state === "PENDING" && head.scheduledAt.getTime() > deps.clock.now().getTime() + 1000)
    return { outcome: "skipped", why: "not due (rescheduled)" };

  const provider = publishersOf(deps).get(head.integration.providerIdentifier);
  const lastAttempt = job.retryCount >= publishPostJob.queue.retryLimit;
  const chain = await chainOf(deps, head);
  const releaseIds: string[] = [];
  let replyTo: string | null = null;

  for (const [index, listed] of chain.entries()) {
    const row = (await loadPublication(deps, listed.id)) as PublicationRow;
    const last = index === chain.length - 1;
    if (row.state === "PUBLISHED") {
      replyTo = row.releaseId;
      if (row.releaseId) releaseIds.push(row.releaseId);
      continue;
    }
    if (row.state === "FAILED" || row.state === "CANCELLED")
      return { outcome: "skipped", why: `${index === 0 ? "post" : "reply"} ${row.state.toLowerCase()}` };

    const attemptId = randomUUID();
    const triedBefore = row.attempts > 0;
    if (!(await claim(deps, row, attemptId))) return { outcome: "skipped", why: "held by another attempt" };
    if (index === 0)
      await publishPostEvent(deps.db, {
        organizationId: row.organizationId,
        postId: row.postId,
        group: row.post.group,
        kind: "publishing",
      });

    if (!provider || head.integration.disabled)
      return fail(
        deps,
        row,
        attemptId,
        "NOT_CONFIGURED",
        provider
          ? "The channel is disabled."
          : `The ${head.integration.providerIdentifier} channel is not available on this server.`,
        {},
      );
    try {
      const credentials = credentialsOf(deps, provider, row);
      // An earlier attempt may have posted and died before writing it down: ask first.
      const found = triedBefore ? await provider.findByIdempotencyKey(credentials, row.idempotencyKey) : null;
      const result =
        found ??
        (await provider.publish(credentials, {
          idempotencyKey: row.idempotencyKey,
          text: row.post.content,
          title: row.post.title,
          media: (Array.isArray(row.post.image) ? row.post.image : []) as unknown as PublishMedia[],
          replyToReleaseId: replyTo,
          settings: (row.post.settings ?? {}) as Record<string, unknown>,
        }));
      if (!(await markPublished(deps, row, attemptId, result, head, last)))
        return { outcome: "skipped", why: "taken over by another attempt" };
      replyTo = result.releaseId;
      releaseIds.push(result.releaseId);
    } catch (error) {
      if (error instanceof ChannelError) {
        if (error.tokenExpired)
          await deps.db.integration.update({
            where: { id: head.integration.id },
            data: { refreshNeeded: true },
          });
        if (!error.retryable || lastAttempt)
          return fail(deps, row, attemptId, error.code, error.reason, {
            providerCode: error.providerCode,
            attempt: job.retryCount + 1,
          });
        await release(deps, row, attemptId, error.code, error.reason);
        throw error;
      }
      // The outcome is unknown (a timeout, a lost answer): the next attempt asks by key first.
      deps.log.error({ err: error, publicationId: row.id }, "publish failed");
      if (lastAttempt)
        return fail(deps, row, attemptId, "UNKNOWN", "The platform could not be reached. Retry later.", {
          attempt: job.retryCount + 1,
        });
      await release(deps, row, attemptId, "UNKNOWN", "The platform could not be reached; retrying.");
      throw error;
    }
  }
  return { outcome: "published", releaseIds };
}

/**
 * `publish.recover` (every minute): a publication held past its lease (its worker died) or due
 * for a minute with no attempt yet (its job was lost) is handed to publish.post again.
 */
export async function handlePublishRecover(deps: PublisherDeps): Promise<{ requeued: number }> {
  const now = deps.clock.now();
  const stale = await deps.db.postPublication.findMany({
    where: { state: "PUBLISHING", startedAt: { lt: new Date(now.getTime() - PUBLISH_LEASE_MS) } },
    select: { postId: true, occurrence: true, post: { select: { parentPostId: true } } },
    take: 500,
  });
  const missed = await deps.db.postPublication.findMany({
    where: {
      state: "PENDING",
      scheduledAt: { lt: new Date(now.getTime() - 60_000) },
      // Never tried a minute after its time (its job was lost, or the demo seed wrote it without
      // one), or left PENDING by a retry whose job is gone.
      OR: [{ attempts: 0 }, { updatedAt: { lt: new Date(now.getTime() - 600_000) } }],
      post: { parentPostId: null, deletedAt: null },
    },
    select: { id: true },
    take: 500,
  });
  const heads = new Set(missed.map((m) => m.id));
  for (const s of stale) {
    const head = await deps.db.postPublication.findFirst({
      where: { postId: s.post.parentPostId ?? s.postId, occurrence: s.occurrence },
      select: { id: true },
    });
    if (head) heads.add(head.id);
  }
  // One recovery job per publication a minute: a busy queue doesn't pile up duplicates.
  for (const id of heads)
    await enqueuePublish(deps.db, deps.boss, id, now, now, {
      singletonKey: `publish-recover:${id}`,
      singletonSeconds: 60,
    });
  if (heads.size > 0) deps.log.info({ requeued: heads.size }, "publish.recover requeued publications");
  return { requeued: heads.size };
}
