import type { DbOrTx } from "@quartet/db/client";

// Reads of the admin console's Revenue page and a workspace's Billing panel.

/** Subscriptions that give (or may give) a plan, or ended since `endedSince`: the MRR and churn base. */
export function findRevenueSubscriptions(db: DbOrTx, endedSince: Date) {
  return db.subscription.findMany({
    where: {
      OR: [{ status: { in: ["ACTIVE", "TRIALING", "PAST_DUE"] } }, { endedAt: { gte: endedSince } }],
    },
    select: {
      plan: true,
      interval: true,
      status: true,
      provider: true,
      priceAmount: true,
      trialEndsAt: true,
      graceEndsAt: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      cancelAt: true,
      isLifetime: true,
      endedAt: true,
    },
  });
}

export interface PaymentBucket {
  bucket: string;
  revenue: number;
  payments: number;
  dayPasses: number;
  dayPassRevenue: number;
}

/**
 * Money received per UTC day ('YYYY-MM-DD') or month ('YYYY-MM') in [from, to): paid payments net of
 * refunds (admin grants move no money and have no payment).
 */
export async function paymentsByBucket(
  db: DbOrTx,
  unit: "day" | "month",
  from: Date,
  to: Date,
): Promise<PaymentBucket[]> {
  const format = unit === "day" ? "YYYY-MM-DD" : "YYYY-MM";
  const rows = await db.$queryRaw<
    { bucket: string; revenue: string; payments: bigint; day_passes: bigint; day_pass_revenue: string }[]
  >`
    SELECT to_char(paid_at AT TIME ZONE 'UTC', ${format}) AS bucket,
           COALESCE(sum(amount - refunded_amount), 0)::text AS revenue,
           count(*) AS payments,
           count(*) FILTER (WHERE type = 'DAY_PASS_PURCHASE') AS day_passes,
           COALESCE(sum(amount - refunded_amount) FILTER (WHERE type = 'DAY_PASS_PURCHASE'), 0)::text
             AS day_pass_revenue
      FROM payments
     WHERE status IN ('COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED')
       AND provider <> 'MANUAL'
       AND paid_at >= ${from} AND paid_at < ${to}
     GROUP BY 1`;
  return rows.map((r) => ({
    bucket: r.bucket,
    revenue: Number(r.revenue),
    payments: Number(r.payments),
    dayPasses: Number(r.day_passes),
    dayPassRevenue: Number(r.day_pass_revenue),
  }));
}

/** Paid subscriptions started and ended per UTC day or month in [from, to) (comp plans left out). */
export async function subscriptionsByBucket(db: DbOrTx, unit: "day" | "month", from: Date, to: Date) {
  const format = unit === "day" ? "YYYY-MM-DD" : "YYYY-MM";
  const rows = await db.$queryRaw<{ bucket: string; started: bigint; churned: bigint }[]>`
    SELECT bucket, sum(started) AS started, sum(churned) AS churned FROM (
      SELECT to_char(created_at AT TIME ZONE 'UTC', ${format}) AS bucket, 1 AS started, 0 AS churned
        FROM subscriptions
       WHERE provider <> 'MANUAL' AND created_at >= ${from} AND created_at < ${to}
      UNION ALL
      SELECT to_char(ended_at AT TIME ZONE 'UTC', ${format}), 0, 1
        FROM subscriptions
       WHERE provider <> 'MANUAL' AND status IN ('CANCELED', 'EXPIRED')
         AND ended_at >= ${from} AND ended_at < ${to}
    ) AS events GROUP BY bucket`;
  return rows.map((r) => ({ bucket: r.bucket, started: Number(r.started), churned: Number(r.churned) }));
}

export function findOrgForBilling(db: DbOrTx, orgId: string) {
  return db.organization.findUnique({
    where: { id: orgId },
    select: {
      id: true,
      name: true,
      memberships: {
        where: { disabled: false },
        orderBy: { joinedAt: "asc" },
        take: 200,
        select: {
          role: true,
          user: { select: { id: true, email: true, name: true, dayPassExpiresAt: true } },
        },
      },
    },
  });
}

export function findOrgPayments(db: DbOrTx, orgId: string, take: number) {
  return db.payment.findMany({
    where: { organizationId: orgId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      type: true,
      status: true,
      provider: true,
      amount: true,
      discountAmount: true,
      refundedAmount: true,
      currency: true,
      plan: true,
      interval: true,
      receiptNumber: true,
      paidAt: true,
      createdAt: true,
      description: true,
    },
  });
}

/** Admin grants of Day Passes to the members of a workspace (newest first). */
export function findGrantedDayPasses(db: DbOrTx, userIds: string[], take: number) {
  return db.dayPass.findMany({
    where: { userId: { in: userIds }, source: "ADMIN_GRANT" },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      userId: true,
      startsAt: true,
      endsAt: true,
      reason: true,
      grantedById: true,
      revokedAt: true,
      createdAt: true,
    },
  });
}

export function isActiveMember(db: DbOrTx, orgId: string, userId: string) {
  return db.membership.findFirst({
    where: { organizationId: orgId, userId, disabled: false },
    select: { id: true },
  });
}

/** The comp plans set on a workspace and taken back (from the audit log, newest first). */
export function findCompGrants(db: DbOrTx, orgId: string, take: number) {
  return db.adminAuditLog.findMany({
    where: {
      entityType: "organization",
      entityId: orgId,
      action: { in: ["billing.comp.grant", "billing.comp.end"] },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, action: true, changes: true, adminUserEmail: true, createdAt: true },
  });
}

export function findUserEmails(db: DbOrTx, userIds: string[]) {
  return db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
}
