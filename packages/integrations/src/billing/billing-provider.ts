// Payments behind one interface (DESIGN.md "Outside world"): Stripe speaks Stripe's API through the
// official SDK (host/port/protocol configurable, so tests hit a local fake); the offline provider
// (packages/core/src/billing/offline.provider.ts) completes checkouts on a local page. Both feed the
// same normalized events into core's billing-events service.

export type BillingProviderName = "STRIPE" | "OFFLINE";
export type BillingIntervalName = "MONTHLY" | "YEARLY";

export interface CheckoutDiscount {
  /** Our coupon id (Stripe: the provider coupon is created under this id, once). */
  couponId: string;
  code: string;
  percentOff: number | null;
  amountOffCents: number | null;
  duration: "ONCE" | "REPEATING" | "FOREVER";
  durationInMonths: number | null;
}

export interface CheckoutRequest {
  /** Our BillingCheckout id; travels as metadata.checkoutId and client_reference_id. */
  checkoutId: string;
  kind: "SUBSCRIPTION" | "DAY_PASS";
  email: string;
  /** Known provider customer of the workspace (a second checkout reuses it). */
  customerId: string | null;
  productName: string;
  /** Price before discount, in cents. */
  unitAmountCents: number;
  currency: string;
  interval: BillingIntervalName | null;
  trialDays: number;
  discount: CheckoutDiscount | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  metadata: Record<string, string>;
}

export interface PlanChangeRequest {
  subscriptionId: string;
  productName: string;
  unitAmountCents: number;
  currency: string;
  interval: BillingIntervalName;
  /** true: charge the difference now (upgrade); false: the new price from the next renewal. */
  prorateNow: boolean;
  metadata: Record<string, string>;
}

export interface BillingProvider {
  readonly name: BillingProviderName;
  createCheckout(request: CheckoutRequest): Promise<{ sessionId: string | null; url: string }>;
  /** The provider's page where the customer manages cards and invoices. */
  createPortal(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Cancel at period end (true) or resume (false). */
  setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean): Promise<void>;
  changePlan(request: PlanChangeRequest): Promise<void>;
}

// ── Normalized provider events ────────────────────────────────────────────────────────────────

export interface CheckoutCompletedData {
  kind: "checkout.completed";
  sessionId: string | null;
  checkoutId: string | null;
  customerId: string | null;
  subscriptionId: string | null;
  paymentIntentId: string | null;
  invoiceId: string | null;
  /** Amounts in currency units (19.99), after discount. */
  amountTotal: number | null;
  currency: string | null;
}

export interface CheckoutExpiredData {
  kind: "checkout.expired";
  sessionId: string | null;
  checkoutId: string | null;
  /** Offline "Decline" (true) or an abandoned/expired session (false). */
  declined: boolean;
}

export interface InvoiceData {
  invoiceId: string;
  subscriptionId: string | null;
  customerId: string | null;
  paymentIntentId: string | null;
  amount: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  billingReason: string | null;
  /** Metadata of the subscription (checkoutId, orgId, plan…). */
  metadata: Record<string, string>;
}

export interface InvoicePaidData extends InvoiceData {
  kind: "invoice.paid";
}

export interface InvoiceFailedData extends InvoiceData {
  kind: "invoice.payment_failed";
  attemptCount: number;
  failureReason: string | null;
}

export type ProviderSubscriptionStatus =
  | "INCOMPLETE"
  | "TRIALING"
  | "ACTIVE"
  | "PAST_DUE"
  | "CANCELED"
  | "EXPIRED";

export interface SubscriptionUpdatedData {
  kind: "subscription.updated";
  subscriptionId: string;
  customerId: string | null;
  status: ProviderSubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  metadata: Record<string, string>;
}

export interface SubscriptionDeletedData {
  kind: "subscription.deleted";
  subscriptionId: string;
  endedAt: Date | null;
}

export interface ChargeRefundedData {
  kind: "charge.refunded";
  chargeId: string;
  paymentIntentId: string | null;
  invoiceId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
}

export interface IgnoredEventData {
  kind: "ignored";
}

export type ProviderEventData =
  | CheckoutCompletedData
  | CheckoutExpiredData
  | InvoicePaidData
  | InvoiceFailedData
  | SubscriptionUpdatedData
  | SubscriptionDeletedData
  | ChargeRefundedData
  | IgnoredEventData;

export interface ProviderEvent {
  /** The provider's event id (evt_…; offline: off_evt_…): stored once. */
  id: string;
  /** The provider's event type, as sent (checkout.session.completed…). */
  type: string;
  /** When the provider created it: orders state changes. */
  created: Date;
  data: ProviderEventData;
  /** The raw event, kept on BillingEvent.payload. */
  raw: unknown;
}

export const cents = (amount: number) => Math.round(amount * 100);
