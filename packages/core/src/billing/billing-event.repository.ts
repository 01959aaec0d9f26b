import type { DbOrTx } from "@quartet/db/client";
import type { BillingEventStatus, PaymentProvider } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// Provider events, stored once by (provider, event id): a replay or a concurrent duplicate inserts
// nothing and is told so.

export async function recordBillingEvent(
  db: DbOrTx,
  e: {
    provider: PaymentProvider;
    providerEventId: string;
    type: string;
    eventCreatedAt: Date;
    organizationId?: string | null;
    payload: Prisma.InputJsonValue;
    now: Date;
  },
): Promise<{ id: string; fresh: boolean }> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO billing_events (id, provider, provider_event_id, type, event_created_at, organization_id, payload, received_at)
    VALUES (gen_random_uuid(), ${e.provider}::payment_provider, ${e.providerEventId}, ${e.type}, ${e.eventCreatedAt},
            ${e.organizationId ?? null}::uuid, ${JSON.stringify(e.payload)}::jsonb, ${e.now})
    ON CONFLICT (provider, provider_event_id) DO NOTHING
    RETURNING id`;
  if (rows[0]) return { id: rows[0].id, fresh: true };
  const existing = await db.billingEvent.findUniqueOrThrow({
    where: { provider_providerEventId: { provider: e.provider, providerEventId: e.providerEventId } },
    select: { id: true },
  });
  return { id: existing.id, fresh: false };
}

export function markBillingEvent(
  db: DbOrTx,
  id: string,
  status: BillingEventStatus,
  now: Date,
  error?: string | null,
) {
  return db.billingEvent.update({
    where: { id },
    data: { status, processedAt: now, error: error ?? null, attempts: { increment: 1 } },
    select: { id: true, status: true },
  });
}
