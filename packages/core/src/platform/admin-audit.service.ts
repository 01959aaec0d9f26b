import type { Deps } from "../deps.ts";
import { findAuditLogs } from "./admin-audit.repository.ts";
import { type AdminActor, type AuditListInput, auditListInput } from "./admin-audit.schema.ts";
import { toPage } from "./pagination.schema.ts";

/** The admin audit trail, newest first, filtered by action / entity / admin. */
export async function listAuditLogs(deps: Pick<Deps, "db">, _actor: AdminActor, raw: AuditListInput) {
  const input = auditListInput.parse(raw);
  const rows = await findAuditLogs(deps.db, input, input.cursor, input.limit);
  return toPage(rows, input.limit);
}
