import type { DbOrTx, Tx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";
import { effectivePlan, isTrialingAt } from "./subscription.ts";

// The only code that writes subscriptions, and with them the Organization.plan / isTrialing
// projections (same transaction: callers pass a transaction, never the bare client).

export const subscriptionSelect = {
  id: true,
  organizationId: true,
  plan: true,
  interval: true,
  status: true,
  planVersion: true,
  priceAmount: true,
  currency: true,
  provider: true,
  providerSubscriptionId: true,
  providerCustomerId: true,
  providerPriceId: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  trialStartedAt: true,
  trialEndsAt: true,
  cancelAtPeriodEnd: true,
  cancelAt: true,
  canceledAt: true,
  endedAt: true,
  pastDueSince: true,
  graceEndsAt: true,
  dunningCount: true,
  isLifetime: true,
  limitOverrides: true,
  couponId: true,
  lastEventAt: true,
  scheduledPlan: true,
  scheduledInterval: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type SubscriptionRow = Prisma.SubscriptionGetPayload<{ select: typeof subscriptionSelect }>;

export function findSubscription(db: DbOrTx, orgId: string): Promise<SubscriptionRow | null> {
  return db.subscription.findUnique({ where: { organizationId: orgId }, select: subscriptionSelect });
}

export function findSubscriptionByProviderId(db: DbOrTx, providerSubscriptionId: string) {
  return db.subscription.findUnique({ where: { providerSubscriptionId }, select: subscriptionSelect });
}

/** Locks the workspace's subscription row (if any) until the transaction ends. */
export async function lockSubscription(tx: Tx, orgId: string): Promise<SubscriptionRow | null> {
  await tx.$queryRaw`SELECT id FROM subscriptions WHERE organization_id = ${orgId}::uuid FOR UPDATE`;
  return findSubscription(tx, orgId);
}

export type SubscriptionWrite = Omit<
  Prisma.SubscriptionUncheckedCreateInput,
  "id" | "organizationId" | "createdAt" | "updatedAt"
>;

/**
 * Creates or replaces the fields of the workspace's subscription and rewrites the Organization
 * projections from it, in the caller's transaction.
 */
export async function saveSubscription(
  tx: Tx,
  orgId: string,
  data: SubscriptionWrite,
  now: Date,
): Promise<SubscriptionRow> {
  const row = await tx.subscription.upsert({
    where: { organizationId: orgId },
    create: { ...data, organizationId: orgId },
    update: data,
    select: subscriptionSelect,
  });
  await tx.organization.update({
    where: { id: orgId },
    data: { plan: effectivePlan(row, now), isTrialing: isTrialingAt(row, now) },
    select: { id: true },
  });
  return row;
}

/** Partial update of an existing subscription, projections rewritten; null when there is none. */
export async function updateSubscription(
  tx: Tx,
  orgId: string,
  data: Partial<SubscriptionWrite>,
  now: Date,
): Promise<SubscriptionRow | null> {
  const found = await tx.subscription.updateManyAndReturn({
    where: { organizationId: orgId },
    data,
    select: subscriptionSelect,
  });
  const row = found[0] ?? null;
  if (row) await refreshProjection(tx, orgId, row, now);
  return row;
}

/** Rewrites Organization.plan / isTrialing from the subscription as of `now` (lifecycle jobs). */
export async function refreshProjection(tx: Tx, orgId: string, row: SubscriptionRow | null, now: Date) {
  await tx.organization.update({
    where: { id: orgId },
    data: { plan: effectivePlan(row, now), isTrialing: isTrialingAt(row, now) },
    select: { id: true },
  });
}

/** Subscriptions of the workspaces `userId` belongs to (active membership, live workspace). */
export function findMemberSubscriptions(db: DbOrTx, userId: string) {
  return db.subscription.findMany({
    where: {
      organization: { deletedAt: null, memberships: { some: { userId, disabled: false } } },
    },
    select: subscriptionSelect,
  });
}
