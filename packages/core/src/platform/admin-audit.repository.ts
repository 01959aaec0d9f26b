import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import type { AdminActor, AuditChanges } from "./admin-audit.schema.ts";
import { keysetArgs } from "./pagination.schema.ts";

export const auditLogSelect = {
  id: true,
  adminUserId: true,
  adminUserEmail: true,
  action: true,
  entityType: true,
  entityId: true,
  changes: true,
  ipAddress: true,
  createdAt: true,
} as const;

/** Writes one audit row; pass the transaction client so the row exists only if the change does. */
export function insertAuditLog(
  tx: DbOrTx,
  actor: AdminActor,
  entry: { action: string; entityType: string; entityId: string; changes: AuditChanges },
) {
  return tx.adminAuditLog.create({
    data: {
      adminUserId: actor.userId,
      adminUserEmail: actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      changes: entry.changes as Prisma.InputJsonValue,
      ipAddress: actor.ip,
    },
    select: auditLogSelect,
  });
}

export function findAuditLogs(
  db: DbOrTx,
  filter: { action?: string; entityType?: string; entityId?: string; adminUserId?: string },
  cursor: string | undefined,
  limit: number,
) {
  const where: Prisma.AdminAuditLogWhereInput = {};
  if (filter.action) where.action = filter.action;
  if (filter.entityType) where.entityType = filter.entityType;
  if (filter.entityId) where.entityId = filter.entityId;
  if (filter.adminUserId) where.adminUserId = filter.adminUserId;
  return db.adminAuditLog.findMany({ where, select: auditLogSelect, ...keysetArgs(cursor, limit) });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "user:<id>" → email and "organization:<id>" → name, in two queries for a whole page. */
export async function findEntityLabels(db: DbOrTx, rows: { entityType: string; entityId: string }[]) {
  const ids = (type: string) => [
    ...new Set(rows.filter((r) => r.entityType === type && UUID.test(r.entityId)).map((r) => r.entityId)),
  ];
  const userIds = ids("user");
  const orgIds = ids("organization");
  const [users, orgs] = await Promise.all([
    userIds.length
      ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })
      : [],
    orgIds.length
      ? db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const labels = new Map<string, string>();
  for (const u of users) labels.set(`user:${u.id}`, u.email);
  for (const o of orgs) labels.set(`organization:${o.id}`, o.name);
  return labels;
}
