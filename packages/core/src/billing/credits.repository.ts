import type { DbOrTx, Tx } from "@quartet/db/client";
import type { CreditEntryKind, CreditType } from "@quartet/db/enums";

// Credit balances (Postiz Credits) and their ledger. A balance changes only together with a ledger
// entry, in one transaction; the database refuses a negative balance (CHECK credits >= 0).

export interface LedgerInput {
  orgId: string;
  type: CreditType;
  kind: CreditEntryKind;
  delta: number;
  reference?: string | null;
  reason?: string | null;
  userId?: string | null;
  now: Date;
}

/**
 * Inserts the ledger entry unless one with the same reference exists (idempotent grants and
 * spends); returns its id, or null for a duplicate. `balanceAfter` is set by `setBalanceAfter`.
 */
export async function insertEntry(tx: Tx, e: LedgerInput): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO credit_ledger_entries (id, organization_id, type, kind, delta, balance_after, reference, reason, user_id, created_at)
    VALUES (gen_random_uuid(), ${e.orgId}::uuid, ${e.type}::credit_type, ${e.kind}::credit_entry_kind, ${e.delta}, 0,
            ${e.reference ?? null}, ${e.reason ?? null}, ${e.userId ?? null}::uuid, ${e.now})
    ON CONFLICT (organization_id, type, reference) DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export function setBalanceAfter(tx: Tx, entryId: string, balance: number) {
  return tx.creditLedgerEntry.update({
    where: { id: entryId },
    data: { balanceAfter: balance },
    select: { id: true },
  });
}

export function findEntryByReference(db: DbOrTx, orgId: string, type: CreditType, reference: string) {
  return db.creditLedgerEntry.findUnique({
    where: { organizationId_type_reference: { organizationId: orgId, type, reference } },
    select: { id: true, kind: true, delta: true, balanceAfter: true, createdAt: true },
  });
}

/** Adds `amount` (≥ 0) to the balance, creating it; returns the new balance. */
export async function addToBalance(tx: Tx, orgId: string, type: CreditType, amount: number, now: Date) {
  const rows = await tx.$queryRaw<{ credits: number }[]>`
    INSERT INTO credits (id, organization_id, type, credits, created_at, updated_at)
    VALUES (gen_random_uuid(), ${orgId}::uuid, ${type}::credit_type, ${amount}, ${now}, ${now})
    ON CONFLICT (organization_id, type) DO UPDATE
      SET credits = credits.credits + EXCLUDED.credits, updated_at = EXCLUDED.updated_at
    RETURNING credits`;
  return rows[0]!.credits;
}

/** A unique violation, from a Prisma model call (P2002) or a raw statement (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ((error as { code?: unknown }).code === "P2002") return true;
  return /23505|unique constraint/i.test(
    `${(error as Error).message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`,
  );
}

/**
 * Spends in ONE statement: the balance drops only if it covers `amount`, and the ledger entry is
 * written by the same statement (a duplicate reference aborts both with a unique violation).
 * Returns the balance after, or null when the balance didn't cover it. No interactive transaction:
 * 50 concurrent spends hold no connection while they wait for the row.
 */
export async function spendAtomically(
  db: DbOrTx,
  e: Omit<LedgerInput, "kind" | "delta"> & { amount: number },
) {
  const rows = await db.$queryRaw<{ balance_after: number }[]>`
    WITH spent AS (
      UPDATE credits SET credits = credits - ${e.amount}, updated_at = ${e.now}
      WHERE organization_id = ${e.orgId}::uuid AND type = ${e.type}::credit_type AND credits >= ${e.amount}
      RETURNING credits
    )
    INSERT INTO credit_ledger_entries (id, organization_id, type, kind, delta, balance_after, reference, reason, user_id, created_at)
    SELECT gen_random_uuid(), ${e.orgId}::uuid, ${e.type}::credit_type, 'SPEND', ${-e.amount}, spent.credits,
           ${e.reference ?? null}, ${e.reason ?? null}, ${e.userId ?? null}::uuid, ${e.now}
    FROM spent
    RETURNING balance_after`;
  return rows[0]?.balance_after ?? null;
}

/** Adds credits and writes the ledger entry in ONE statement (duplicate reference: unique violation). */
export async function grantAtomically(
  db: DbOrTx,
  e: Omit<LedgerInput, "delta"> & { amount: number },
): Promise<number> {
  const rows = await db.$queryRaw<{ balance_after: number }[]>`
    WITH bal AS (
      INSERT INTO credits (id, organization_id, type, credits, created_at, updated_at)
      VALUES (gen_random_uuid(), ${e.orgId}::uuid, ${e.type}::credit_type, ${e.amount}, ${e.now}, ${e.now})
      ON CONFLICT (organization_id, type) DO UPDATE
        SET credits = credits.credits + EXCLUDED.credits, updated_at = EXCLUDED.updated_at
      RETURNING credits
    )
    INSERT INTO credit_ledger_entries (id, organization_id, type, kind, delta, balance_after, reference, reason, user_id, created_at)
    SELECT gen_random_uuid(), ${e.orgId}::uuid, ${e.type}::credit_type, ${e.kind}::credit_entry_kind, ${e.amount},
           bal.credits, ${e.reference ?? null}, ${e.reason ?? null}, ${e.userId ?? null}::uuid, ${e.now}
    FROM bal
    RETURNING balance_after`;
  return rows[0]!.balance_after;
}

/** Locks (creating if needed) the balance row: the monthly top-up reads then writes it. */
export async function lockBalance(tx: Tx, orgId: string, type: CreditType, now: Date): Promise<number> {
  await addToBalance(tx, orgId, type, 0, now);
  const rows = await tx.$queryRaw<{ credits: number }[]>`
    SELECT credits FROM credits WHERE organization_id = ${orgId}::uuid AND type = ${type}::credit_type FOR UPDATE`;
  return rows[0]!.credits;
}

export async function readBalance(db: DbOrTx, orgId: string, type: CreditType): Promise<number> {
  const row = await db.credits.findUnique({
    where: { organizationId_type: { organizationId: orgId, type } },
    select: { credits: true },
  });
  return row?.credits ?? 0;
}

export function listEntries(db: DbOrTx, orgId: string, take = 50) {
  return db.creditLedgerEntry.findMany({
    where: { organizationId: orgId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      type: true,
      kind: true,
      delta: true,
      balanceAfter: true,
      reference: true,
      reason: true,
      createdAt: true,
    },
  });
}
