import type { Deps } from "../deps.ts";
import { findAuditLogs, findEntityLabels } from "./admin-audit.repository.ts";
import { type AdminActor, type AuditListInput, auditListInput } from "./admin-audit.schema.ts";
import { toPage } from "./pagination.schema.ts";

/**
 * The admin audit trail, newest first, filtered by action / entity / admin. Each row carries a
 * label for its entity (the user's email, the workspace's name) when that entity still exists.
 */
export async function listAuditLogs(deps: Pick<Deps, "db">, _actor: AdminActor, raw: AuditListInput) {
  const input = auditListInput.parse(raw);
  const rows = await findAuditLogs(deps.db, input, input.cursor, input.limit);
  const page = toPage(rows, input.limit);
  const labels = await findEntityLabels(deps.db, page.items);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      ...r,
      entityLabel: labels.get(`${r.entityType}:${r.entityId}`) ?? null,
    })),
  };
}
