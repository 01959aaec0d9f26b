import type { Tx } from "@quartet/db/client";

/** The next receipt number of `year` (Q-2026-000042): gapless per year, safe under concurrency. */
export async function nextReceiptNumber(tx: Tx, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO billing_sequences (name, value) VALUES (${`receipt:${year}`}, 1)
    ON CONFLICT (name) DO UPDATE SET value = billing_sequences.value + 1
    RETURNING value`;
  return `Q-${year}-${String(rows[0]!.value).padStart(6, "0")}`;
}
