import type { DbOrTx } from "@quartet/db/client";
import type { EmailType } from "@quartet/db/enums";

/**
 * Mail a person can live without: campaigns and notifications. An address that bounced or
 * complained gets none of it; account mail (verification, password reset, unlock codes, invitations,
 * billing receipts) and help-desk replies still go, since the person asked for them.
 */
export const SUPPRESSIBLE_EMAIL_TYPES: ReadonlySet<EmailType> = new Set<EmailType>([
  "PROMO_UPGRADE",
  "FEATURE_ANNOUNCEMENT",
  "ADMIN_CUSTOM",
  "NOTIFICATION",
  "USAGE_LIMIT_WARNING",
  "WELCOME",
  "DESK_CSAT_SURVEY",
]);

export function isSuppressibleType(type: string): boolean {
  return SUPPRESSIBLE_EMAIL_TYPES.has(type as EmailType);
}

export type SuppressionReason = "BOUNCED" | "COMPLAINED";

/** Whether non-essential mail to this address is suppressed. */
export async function isAddressSuppressed(db: DbOrTx, email: string): Promise<boolean> {
  const row = await db.emailSuppression.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true },
  });
  return row !== null;
}

/** Suppresses an address (once; a complaint after a bounce keeps the first reason). */
export async function suppressAddress(
  db: DbOrTx,
  entry: { email: string; reason: SuppressionReason; emailLogId: string | null; detail?: string | null },
): Promise<void> {
  await db.emailSuppression.upsert({
    where: { email: entry.email.trim().toLowerCase() },
    create: {
      email: entry.email.trim().toLowerCase(),
      reason: entry.reason,
      emailLogId: entry.emailLogId,
      detail: entry.detail?.slice(0, 500) ?? null,
    },
    update: {},
  });
}
