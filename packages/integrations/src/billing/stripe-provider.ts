import Stripe from "stripe";
import type {
  BillingProvider,
  CheckoutRequest,
  PlanChangeRequest,
  ProviderEvent,
  ProviderEventData,
  ProviderSubscriptionStatus,
} from "./billing-provider.ts";

// Stripe through its official SDK: Checkout Sessions (subscription and one-time Day Pass), the
// customer portal, cancel/resume/plan changes, and webhooks verified with the SDK's signature check
// (HMAC over the raw body, timestamp tolerance). `api` points the SDK at another host (tests run a
// local fake of the API).

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** Seconds an event's signature timestamp may be off (Stripe's default: 300). */
  toleranceSeconds?: number;
  api?: { host: string; port: number; protocol: "http" | "https" };
}

export function createStripeClient(config: Pick<StripeConfig, "secretKey" | "api">): Stripe {
  return new Stripe(config.secretKey, {
    ...(config.api ? { host: config.api.host, port: config.api.port, protocol: config.api.protocol } : {}),
    maxNetworkRetries: 1,
    timeout: 20_000,
  });
}

const INTERVALS = { MONTHLY: "month", YEARLY: "year" } as const;

export function createStripeProvider(config: StripeConfig): BillingProvider & {
  client: Stripe;
  parseWebhook(raw: string | Buffer, signature: string | undefined): ProviderEvent;
} {
  const stripe = createStripeClient(config);

  async function ensureCoupon(discount: NonNullable<CheckoutRequest["discount"]>, currency: string) {
    const id = `quartet_${discount.couponId}`;
    try {
      await stripe.coupons.create({
        id,
        name: discount.code,
        ...(discount.percentOff !== null
          ? { percent_off: discount.percentOff }
          : { amount_off: discount.amountOffCents ?? 0, currency: currency.toLowerCase() }),
        duration:
          discount.duration === "ONCE" ? "once" : discount.duration === "FOREVER" ? "forever" : "repeating",
        ...(discount.duration === "REPEATING" ? { duration_in_months: discount.durationInMonths ?? 1 } : {}),
      });
    } catch (error) {
      // Created by an earlier checkout with this coupon: reuse it.
      if ((error as { code?: string }).code !== "resource_already_exists") throw error;
    }
    return id;
  }

  return {
    name: "STRIPE",
    client: stripe,

    async createCheckout(req) {
      const currency = req.currency.toLowerCase();
      const discounts = req.discount
        ? [{ coupon: await ensureCoupon(req.discount, req.currency) }]
        : undefined;
      const subscription = req.kind === "SUBSCRIPTION";
      const session = await stripe.checkout.sessions.create({
        mode: subscription ? "subscription" : "payment",
        client_reference_id: req.checkoutId,
        ...(req.customerId ? { customer: req.customerId } : { customer_email: req.email }),
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency,
              unit_amount: req.unitAmountCents,
              product_data: { name: req.productName },
              ...(subscription && req.interval ? { recurring: { interval: INTERVALS[req.interval] } } : {}),
            },
          },
        ],
        ...(subscription
          ? {
              subscription_data: {
                metadata: req.metadata,
                ...(req.trialDays > 0 ? { trial_period_days: req.trialDays } : {}),
              },
            }
          : { payment_intent_data: { metadata: req.metadata } }),
        ...(discounts ? { discounts } : {}),
        metadata: req.metadata,
        success_url: req.successUrl,
        cancel_url: req.cancelUrl,
        expires_at: Math.floor(req.expiresAt.getTime() / 1000),
      });
      if (!session.url) throw new Error("Stripe returned a checkout session without a URL.");
      return { sessionId: session.id, url: session.url };
    },

    async createPortal({ customerId, returnUrl }) {
      const portal = await stripe.billingPortal.sessions.create({
        customer: customerId,
        return_url: returnUrl,
      });
      return { url: portal.url };
    },

    async setCancelAtPeriodEnd(subscriptionId, cancel) {
      await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: cancel });
    },

    async changePlan(req: PlanChangeRequest) {
      const current = await stripe.subscriptions.retrieve(req.subscriptionId);
      const item = current.items.data[0];
      if (!item) throw new Error("The Stripe subscription has no item to change.");
      const product = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
      await stripe.subscriptions.update(req.subscriptionId, {
        items: [
          {
            id: item.id,
            price_data: {
              currency: req.currency.toLowerCase(),
              product,
              unit_amount: req.unitAmountCents,
              recurring: { interval: INTERVALS[req.interval] },
            },
          },
        ],
        proration_behavior: req.prorateNow ? "always_invoice" : "none",
        metadata: req.metadata,
      });
    },

    parseWebhook(raw, signature) {
      if (!signature)
        throw new Stripe.errors.StripeSignatureVerificationError("", raw, { message: "No signature." });
      const event = stripe.webhooks.constructEvent(
        raw,
        signature,
        config.webhookSecret,
        config.toleranceSeconds ?? 300,
      );
      return normalizeStripeEvent(
        event as unknown as { id: string; type: string; created: number; data: { object: unknown } },
      );
    },
  };
}

// ── Normalizing Stripe's event objects (current API shape, with the older fields as fallback) ────

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown): string | null =>
  typeof v === "string"
    ? v
    : v && typeof v === "object" && typeof (v as Obj).id === "string"
      ? ((v as Obj).id as string)
      : null;
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const date = (v: unknown): Date | null => (typeof v === "number" ? new Date(v * 1000) : null);
const units = (v: unknown): number => (num(v) ?? 0) / 100;
const meta = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(obj(v))) if (typeof value === "string") out[k] = value;
  return out;
};

const STATUSES: Record<string, ProviderSubscriptionStatus> = {
  trialing: "TRIALING",
  active: "ACTIVE",
  past_due: "PAST_DUE",
  unpaid: "PAST_DUE",
  canceled: "CANCELED",
  incomplete: "INCOMPLETE",
  incomplete_expired: "EXPIRED",
  paused: "PAST_DUE",
};

function invoiceData(o: Obj) {
  const details = obj(obj(o.parent).subscription_details);
  const legacyDetails = obj(o.subscription_details);
  const line = obj((obj(o.lines).data as unknown[] | undefined)?.[0]);
  const period = obj(line.period);
  const payment = obj(obj((obj(o.payments).data as unknown[] | undefined)?.[0]).payment);
  return {
    invoiceId: str(o.id) ?? "",
    subscriptionId: str(details.subscription) ?? str(o.subscription),
    customerId: str(o.customer),
    paymentIntentId: str(payment.payment_intent) ?? str(o.payment_intent),
    currency: (str(o.currency) ?? "usd").toUpperCase(),
    periodStart: date(period.start) ?? date(o.period_start),
    periodEnd: date(period.end) ?? date(o.period_end),
    billingReason: str(o.billing_reason),
    metadata: { ...meta(legacyDetails.metadata), ...meta(details.metadata) },
  };
}

export function normalizeStripeEvent(event: {
  id: string;
  type: string;
  created: number;
  data: { object: unknown };
}): ProviderEvent {
  const o = obj(event.data.object);
  let data: ProviderEventData;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      data =
        event.type === "checkout.session.completed" && o.payment_status === "unpaid"
          ? { kind: "ignored" } // an async payment method: wait for async_payment_succeeded
          : {
              kind: "checkout.completed",
              sessionId: str(o.id),
              checkoutId: str(o.client_reference_id) ?? meta(o.metadata).checkoutId ?? null,
              customerId: str(o.customer),
              subscriptionId: str(o.subscription),
              paymentIntentId: str(o.payment_intent),
              invoiceId: str(o.invoice),
              amountTotal: num(o.amount_total) === null ? null : units(o.amount_total),
              currency: str(o.currency)?.toUpperCase() ?? null,
            };
      break;
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed":
      data = {
        kind: "checkout.expired",
        sessionId: str(o.id),
        checkoutId: str(o.client_reference_id) ?? meta(o.metadata).checkoutId ?? null,
        declined: event.type === "checkout.session.async_payment_failed",
      };
      break;
    case "invoice.paid":
      data = { kind: "invoice.paid", ...invoiceData(o), amount: units(o.amount_paid) };
      break;
    case "invoice.payment_failed":
      data = {
        kind: "invoice.payment_failed",
        ...invoiceData(o),
        amount: units(o.amount_due),
        attemptCount: num(o.attempt_count) ?? 1,
        failureReason: str(obj(o.last_finalization_error).message),
      };
      break;
    case "customer.subscription.created":
    case "customer.subscription.updated": {
      const item = obj((obj(o.items).data as unknown[] | undefined)?.[0]);
      data = {
        kind: "subscription.updated",
        subscriptionId: str(o.id) ?? "",
        customerId: str(o.customer),
        status: STATUSES[str(o.status) ?? ""] ?? "INCOMPLETE",
        cancelAtPeriodEnd: o.cancel_at_period_end === true,
        cancelAt: date(o.cancel_at),
        canceledAt: date(o.canceled_at),
        currentPeriodStart: date(item.current_period_start) ?? date(o.current_period_start),
        currentPeriodEnd: date(item.current_period_end) ?? date(o.current_period_end),
        trialEnd: date(o.trial_end),
        metadata: meta(o.metadata),
      };
      break;
    }
    case "customer.subscription.deleted":
      data = { kind: "subscription.deleted", subscriptionId: str(o.id) ?? "", endedAt: date(o.ended_at) };
      break;
    case "charge.refunded":
      data = {
        kind: "charge.refunded",
        chargeId: str(o.id) ?? "",
        paymentIntentId: str(o.payment_intent),
        invoiceId: str(o.invoice),
        amount: units(o.amount),
        amountRefunded: units(o.amount_refunded),
        currency: (str(o.currency) ?? "usd").toUpperCase(),
      };
      break;
    default:
      data = { kind: "ignored" };
  }
  return { id: event.id, type: event.type, created: new Date(event.created * 1000), data, raw: event };
}

/** A signature header for `payload` (tests, the benchmark): Stripe's own test helper. */
export function signStripeTestPayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

export const isStripeSignatureError = (error: unknown) =>
  error instanceof Stripe.errors.StripeSignatureVerificationError;
