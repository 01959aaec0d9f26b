import type { DbOrTx, Tx } from "@quartet/db/client";
import { publishPostJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";

// Publications: one row per (post, channel, occurrence) with its compare-and-set state. Created in
// the transaction that schedules the post, together with the publish.post job (startAfter at the
// post's time), so no schedule is lost and none is sent for a rolled-back write.

/** Unique per post, channel and occurrence; carried by every provider call. */
export const idempotencyKeyOf = (postId: string, integrationId: string, occurrence: number) =>
  `pub:${postId}:${integrationId}:${occurrence}`;

export interface PublishablePost {
  id: string;
  organizationId: string;
  integrationId: string;
  /** Thread replies (same channel), published after it in order. */
  childIds: readonly string[];
}

/** The next free occurrence number of a post (a cancelled one keeps its number). */
export async function nextOccurrence(db: DbOrTx, postId: string): Promise<number> {
  const last = await db.postPublication.aggregate({ where: { postId }, _max: { occurrence: true } });
  return (last._max.occurrence ?? -1) + 1;
}

/** Creates the publications of one post (and its replies) and enqueues its job. Returns its id. */
export async function schedulePublication(
  tx: Tx,
  boss: JobSender,
  post: PublishablePost,
  occurrence: number,
  scheduledAt: Date,
  now: Date,
): Promise<string> {
  const rows = [post.id, ...post.childIds].map((postId) => ({
    organizationId: post.organizationId,
    postId,
    integrationId: post.integrationId,
    occurrence,
    scheduledAt,
    idempotencyKey: idempotencyKeyOf(postId, post.integrationId, occurrence),
  }));
  await tx.postPublication.createMany({ data: rows });
  const head = await tx.postPublication.findUniqueOrThrow({
    where: { idempotencyKey: rows[0]?.idempotencyKey ?? "" },
    select: { id: true },
  });
  await enqueuePublish(tx, boss, head.id, scheduledAt, now);
  return head.id;
}

export async function enqueuePublish(
  tx: Tx | DbOrTx,
  boss: JobSender,
  publicationId: string,
  at: Date,
  now: Date,
  options: Parameters<typeof enqueue>[4] = {},
) {
  await enqueue(
    boss,
    tx,
    publishPostJob,
    { publicationId },
    at > now ? { ...options, startAfter: at } : options,
  );
}
