import type { DbOrTx, Tx } from "@quartet/db/client";
import type {
  BillingInterval,
  CheckoutKind,
  PaymentProvider,
  PaymentStatus,
  PaymentType,
  Plan,
} from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// Checkouts, payments and the once-only billing notices (the only code that writes them).

export const checkoutSelect = {
  id: true,
  provider: true,
  providerSessionId: true,
  kind: true,
  status: true,
  organizationId: true,
  userId: true,
  plan: true,
  interval: true,
  amount: true,
  discountAmount: true,
  currency: true,
  couponId: true,
  couponRedemptionId: true,
  trialDays: true,
  failRenewals: true,
  url: true,
  expiresAt: true,
  completedAt: true,
  createdAt: true,
} as const;
export type CheckoutRow = Prisma.BillingCheckoutGetPayload<{ select: typeof checkoutSelect }>;

export function insertCheckout(
  tx: Tx,
  data: {
    provider: PaymentProvider;
    kind: CheckoutKind;
    organizationId: string | null;
    userId: string;
    plan: Plan | null;
    interval: BillingInterval | null;
    amount: number;
    currency: string;
    trialDays: number;
    expiresAt: Date;
    now: Date;
  },
) {
  const { now, ...rest } = data;
  return tx.billingCheckout.create({ data: { ...rest, createdAt: now }, select: checkoutSelect });
}

export function updateCheckout(db: DbOrTx, id: string, data: Prisma.BillingCheckoutUncheckedUpdateInput) {
  return db.billingCheckout.update({ where: { id }, data, select: checkoutSelect });
}

export function findCheckout(db: DbOrTx, id: string) {
  return db.billingCheckout.findUnique({ where: { id }, select: checkoutSelect });
}

/** Locks the checkout row: completion, decline and expiry of one checkout are serialized. */
export async function lockCheckout(tx: Tx, id: string): Promise<CheckoutRow | null> {
  await tx.$queryRaw`SELECT id FROM billing_checkouts WHERE id = ${id}::uuid FOR UPDATE`;
  return findCheckout(tx, id);
}

export function findCheckoutBySession(db: DbOrTx, sessionId: string) {
  return db.billingCheckout.findUnique({ where: { providerSessionId: sessionId }, select: checkoutSelect });
}

/** Open checkouts past their expiry (the lifecycle job closes them and gives coupon uses back). */
export function findExpiredOpenCheckouts(db: DbOrTx, now: Date, take = 200) {
  return db.billingCheckout.findMany({
    where: { status: "OPEN", expiresAt: { lte: now } },
    select: { id: true },
    take,
  });
}

// ── Payments ──────────────────────────────────────────────────────────────────────────────────

export const paymentSelect = {
  id: true,
  organizationId: true,
  userId: true,
  subscriptionId: true,
  type: true,
  status: true,
  provider: true,
  providerPaymentId: true,
  providerInvoiceId: true,
  amount: true,
  discountAmount: true,
  refundedAmount: true,
  currency: true,
  plan: true,
  interval: true,
  periodStart: true,
  periodEnd: true,
  couponId: true,
  receiptNumber: true,
  description: true,
  failureReason: true,
  paidAt: true,
  failedAt: true,
  refundedAt: true,
  createdAt: true,
} as const;
export type PaymentRow = Prisma.PaymentGetPayload<{ select: typeof paymentSelect }>;

export function findPaymentByProviderId(db: DbOrTx, provider: PaymentProvider, providerPaymentId: string) {
  return db.payment.findUnique({
    where: { provider_providerPaymentId: { provider, providerPaymentId } },
    select: paymentSelect,
  });
}

export function findPaymentByIntent(db: DbOrTx, provider: PaymentProvider, paymentIntentId: string) {
  return db.payment.findFirst({
    where: {
      provider,
      OR: [
        { providerPaymentId: paymentIntentId },
        { metadata: { path: ["paymentIntentId"], equals: paymentIntentId } },
      ],
    },
    select: paymentSelect,
  });
}

export function findPaymentByInvoice(db: DbOrTx, provider: PaymentProvider, invoiceId: string) {
  return db.payment.findFirst({
    where: { provider, providerInvoiceId: invoiceId, status: { not: "FAILED" } },
    select: paymentSelect,
  });
}

export function insertPayment(
  tx: Tx,
  data: {
    organizationId: string | null;
    userId: string | null;
    subscriptionId: string | null;
    type: PaymentType;
    status: PaymentStatus;
    provider: PaymentProvider;
    providerPaymentId: string;
    providerInvoiceId: string | null;
    amount: number;
    discountAmount: number;
    currency: string;
    plan: Plan | null;
    interval: BillingInterval | null;
    periodStart: Date | null;
    periodEnd: Date | null;
    couponId: string | null;
    receiptNumber: string | null;
    description: string;
    failureReason?: string | null;
    paidAt: Date | null;
    failedAt?: Date | null;
    metadata?: Prisma.InputJsonValue;
    now: Date;
  },
) {
  const { now, ...rest } = data;
  return tx.payment.create({ data: { ...rest, createdAt: now }, select: paymentSelect });
}

export function updatePayment(db: DbOrTx, id: string, data: Prisma.PaymentUncheckedUpdateInput) {
  return db.payment.update({ where: { id }, data, select: paymentSelect });
}

/** A workspace's payments, newest first (keyset on createdAt, id). */
export function listOrgPayments(
  db: DbOrTx,
  orgId: string,
  cursor: { createdAt: Date; id: string } | null,
  take: number,
) {
  return db.payment.findMany({
    where: {
      organizationId: orgId,
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: paymentSelect,
  });
}

/** A payment with what its receipt shows, if `userId` may see it (payer, or member of its workspace). */
export function findReceiptPayment(db: DbOrTx, paymentId: string, userId: string) {
  return db.payment.findFirst({
    where: {
      id: paymentId,
      OR: [
        { userId },
        { organization: { deletedAt: null, memberships: { some: { userId, disabled: false } } } },
      ],
    },
    select: {
      ...paymentSelect,
      organization: { select: { name: true } },
      user: { select: { email: true, name: true, locale: true } },
      coupon: { select: { code: true } },
    },
  });
}

export function attachRedemptionToPayment(tx: Tx, redemptionId: string, paymentId: string) {
  return tx.couponRedemption.updateMany({ where: { id: redemptionId }, data: { paymentId } });
}

// ── Notices (mails sent once) ─────────────────────────────────────────────────────────────────

/** Claims a notice key: true the first time only (inserted in the caller's transaction). */
export async function claimNotice(tx: Tx, key: string, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO billing_notices (id, key, created_at) VALUES (gen_random_uuid(), ${key}, ${now})
    ON CONFLICT (key) DO NOTHING`;
  return n === 1;
}

// ── Recipients ────────────────────────────────────────────────────────────────────────────────

const recipientSelect = { id: true, email: true, name: true, locale: true, timezone: true } as const;
export type BillingRecipient = Prisma.UserGetPayload<{ select: typeof recipientSelect }>;

/** Who gets a workspace's billing mail: its active owners and admins. */
export async function findBillingContacts(db: DbOrTx, orgId: string) {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: {
      id: true,
      name: true,
      slug: true,
      memberships: {
        where: { disabled: false, role: { in: ["OWNER", "ADMIN"] }, user: { deletedAt: null } },
        select: { user: { select: recipientSelect } },
      },
    },
  });
  if (!org) return null;
  return { id: org.id, name: org.name, slug: org.slug, recipients: org.memberships.map((m) => m.user) };
}

export function findRecipient(db: DbOrTx, userId: string) {
  return db.user.findFirst({ where: { id: userId, deletedAt: null }, select: recipientSelect });
}
