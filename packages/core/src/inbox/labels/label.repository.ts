import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes inbox labels; every query is scoped by organization_id.

export function listLabelRows(db: DbOrTx, orgId: string) {
  return db.label.findMany({
    where: { organizationId: orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, color: true, _count: { select: { conversations: true } } },
  });
}

export function insertLabel(db: DbOrTx, data: { orgId: string; name: string; color?: string; now: Date }) {
  return db.label.create({
    data: { organizationId: data.orgId, name: data.name, color: data.color, createdAt: data.now },
    select: { id: true, name: true, color: true },
  });
}

export async function updateLabelRow(
  db: DbOrTx,
  orgId: string,
  labelId: string,
  data: { name?: string; color?: string },
) {
  const { count } = await db.label.updateMany({ where: { id: labelId, organizationId: orgId }, data });
  return count === 1;
}

export async function deleteLabelRow(db: DbOrTx, orgId: string, labelId: string) {
  const { count } = await db.label.deleteMany({ where: { id: labelId, organizationId: orgId } });
  return count === 1;
}

export function findLabelRow(db: DbOrTx, orgId: string, labelId: string) {
  return db.label.findFirst({
    where: { id: labelId, organizationId: orgId },
    select: { id: true, name: true, color: true, _count: { select: { conversations: true } } },
  });
}
