import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import { cursorSchema, keysetArgs, limitSchema, toPage } from "../pagination.schema.ts";
import { queueIndexNow } from "./indexnow.ts";

export const seoListInput = z.object({
  status: z.enum(["pending", "success", "error", "skipped"]).optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export const seoResubmitInput = z.object({ id: z.uuid() });

const select = {
  id: true,
  url: true,
  platform: true,
  status: true,
  reason: true,
  httpStatus: true,
  submittedAt: true,
  completedAt: true,
  response: true,
} as const;

/** Submissions newest first (keyset on submittedAt, id). */
export async function listSeoSubmissions(
  deps: Pick<Deps, "db">,
  _actor: AdminActor,
  raw: z.input<typeof seoListInput>,
) {
  const input = seoListInput.parse(raw);
  const { orderBy: _ignored, ...page } = keysetArgs(input.cursor, input.limit);
  const rows = await deps.db.seoSubmission.findMany({
    where: input.status ? { status: input.status } : {},
    select,
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    ...page,
  });
  return toPage(rows, input.limit);
}

/** Submits a URL again (a new row, so the history keeps both answers); audited. */
export async function resubmitSeoSubmission(
  deps: Pick<Deps, "db" | "boss">,
  actor: AdminActor,
  raw: z.input<typeof seoResubmitInput>,
) {
  const { id } = seoResubmitInput.parse(raw);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.seoSubmission.findUnique({
      where: { id },
      select: { url: true, organizationId: true },
    });
    if (!row) throw new AppError("NOT_FOUND", "This submission doesn't exist.");
    const [newId] = await queueIndexNow(tx, deps.boss, {
      urls: [row.url],
      reason: "admin.resubmit",
      organizationId: row.organizationId,
      requestedBy: actor.userId,
    });
    await insertAuditLog(tx, actor, {
      action: "seo.resubmit",
      entityType: "seo_submission",
      entityId: id,
      changes: { after: { url: row.url, submissionId: newId } },
    });
    return { id: newId as string };
  });
}
