import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// The only code that reads or writes desk_custom_fields. Every query is scoped by organizationId.

export const customFieldSelect = {
  id: true,
  key: true,
  label: true,
  type: true,
  options: true,
  required: true,
  position: true,
  createdAt: true,
} as const;

export function listCustomFields(db: DbOrTx, orgId: string) {
  return db.deskCustomField.findMany({
    where: { organizationId: orgId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: customFieldSelect,
  });
}

export function findCustomField(db: DbOrTx, orgId: string, fieldId: string) {
  return db.deskCustomField.findFirst({
    where: { id: fieldId, organizationId: orgId },
    select: customFieldSelect,
  });
}

export async function nextPosition(db: DbOrTx, orgId: string): Promise<number> {
  const last = await db.deskCustomField.aggregate({
    where: { organizationId: orgId },
    _max: { position: true },
  });
  return (last._max.position ?? -1) + 1;
}

/** Inserts unless the key exists; returns null on a duplicate key (ON CONFLICT DO NOTHING). */
export async function insertCustomField(
  db: DbOrTx,
  data: {
    orgId: string;
    key: string;
    label: string;
    type: string;
    options: string[];
    required: boolean;
    position: number;
  },
) {
  const { orgId, ...rest } = data;
  const { count } = await db.deskCustomField.createMany({
    data: [{ ...rest, organizationId: orgId }],
    skipDuplicates: true,
  });
  if (count === 0) return null;
  return db.deskCustomField.findUniqueOrThrow({
    where: { organizationId_key: { organizationId: orgId, key: data.key } },
    select: customFieldSelect,
  });
}

export function updateCustomField(db: DbOrTx, fieldId: string, data: Prisma.DeskCustomFieldUpdateInput) {
  return db.deskCustomField.update({ where: { id: fieldId }, data, select: customFieldSelect });
}

export function deleteCustomField(db: DbOrTx, orgId: string, fieldId: string) {
  return db.deskCustomField.deleteMany({ where: { id: fieldId, organizationId: orgId } });
}
