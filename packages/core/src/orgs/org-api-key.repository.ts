import type { DbOrTx } from "@quartet/db/client";

// The only code that reads or writes Organization.apiKeyHash.

export async function setApiKeyHash(
  db: DbOrTx,
  orgId: string,
  hash: string | null,
  now: Date,
): Promise<void> {
  await db.organization.update({ where: { id: orgId }, data: { apiKeyHash: hash, updatedAt: now } });
}

export async function findApiKeyHash(db: DbOrTx, orgId: string): Promise<string | null> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { apiKeyHash: true } });
  return org?.apiKeyHash ?? null;
}

/** A live (not soft-deleted) organization owning this key hash. */
export async function findLiveOrgIdByApiKeyHash(db: DbOrTx, hash: string): Promise<string | null> {
  const org = await db.organization.findFirst({
    where: { apiKeyHash: hash, deletedAt: null },
    select: { id: true },
  });
  return org?.id ?? null;
}
