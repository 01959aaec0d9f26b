import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { publishPostEvent } from "../publish-realtime.ts";
import { enqueuePublish } from "../publisher/publication.repository.ts";
import {
  type ErrorItem,
  type ListErrorsInput,
  listErrorsInput,
  type RetryInput,
  retryInput,
} from "./error.schema.ts";

// Publish → Errors: the errors log (one row per publication that failed for good) and retry, which
// puts the failed publication back to PENDING for now. The retry's first step asks the provider by
// the idempotency key (attempts > 0), so a post that did go out is never posted twice.

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export async function listErrors(
  deps: Deps,
  actor: UserActor,
  rawInput: ListErrorsInput,
): Promise<ErrorItem[]> {
  const input = listErrorsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const rows = await deps.db.errors.findMany({
    where: { organizationId: input.orgId, resolved: input.resolved },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: {
      id: true,
      error: true,
      context: true,
      resolved: true,
      createdAt: true,
      post: { select: { id: true, group: true, content: true, publishDate: true, state: true } },
      integration: { select: { id: true, name: true } },
    },
  });
  return rows.map((r) => {
    const context = (r.context ?? {}) as { code?: unknown };
    return {
      id: r.id,
      error: r.error,
      code: typeof context.code === "string" ? context.code : null,
      resolved: r.resolved,
      createdAt: r.createdAt,
      post: r.post
        ? {
            id: r.post.id,
            group: r.post.group,
            preview: r.post.content.slice(0, 200),
            publishDate: r.post.publishDate,
            state: r.post.state,
          }
        : null,
      channel: r.integration,
    };
  });
}

/** Retries a failed post now (its failed publication, then the rest of its thread). */
export async function retryPost(deps: Deps, actor: UserActor, rawInput: RetryInput) {
  const input = retryInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const post = await deps.db.post.findFirst({
    where: { id: input.postId, organizationId: input.orgId, deletedAt: null, parentPostId: null },
    select: { id: true, group: true, state: true, integration: { select: { deletedAt: true } } },
  });
  if (!post) throw new AppError("NOT_FOUND", "Post not found.");
  if (post.integration.deletedAt)
    throw new AppError(
      "PRECONDITION_FAILED",
      "The channel was disconnected: connect it again, then duplicate the post.",
    );
  const failed = await deps.db.postPublication.findFirst({
    where: { state: "FAILED", OR: [{ postId: post.id }, { post: { parentPostId: post.id } }] },
    orderBy: { occurrence: "desc" },
    select: { id: true, occurrence: true },
  });
  if (!failed) throw new AppError("CONFLICT", "This post has no failed publication to retry.");
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const moved = await tx.postPublication.updateMany({
      where: { id: failed.id, state: "FAILED" },
      data: { state: "PENDING", scheduledAt: now, attemptId: null, startedAt: null },
    });
    if (moved.count !== 1) throw new AppError("CONFLICT", "This post is already being retried.");
    await tx.post.updateMany({
      where: { OR: [{ id: post.id }, { parentPostId: post.id }], state: "ERROR" },
      data: { state: "QUEUE", error: null },
    });
    await tx.errors.updateMany({
      where: { organizationId: input.orgId, postId: post.id, resolved: false },
      data: { resolved: true },
    });
    const head = await tx.postPublication.findFirstOrThrow({
      where: { postId: post.id, occurrence: failed.occurrence },
      select: { id: true },
    });
    await enqueuePublish(tx, deps.boss, head.id, now, now);
    await publishPostEvent(tx, {
      organizationId: input.orgId,
      postId: post.id,
      group: post.group,
      kind: "scheduled",
    });
  }, TX);
  return { ok: true as const };
}
