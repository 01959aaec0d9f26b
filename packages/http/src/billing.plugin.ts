import { sessionCookie, validateSessionToken } from "@quartet/auth/session";
import { offlineCheckoutAction } from "@quartet/core/billing/billing.schema";
import { applyProviderEvent } from "@quartet/core/billing/billing-events.service";
import { offlineCheckoutAct, offlineCheckoutView } from "@quartet/core/billing/checkout.service";
import { renderCheckoutPage } from "@quartet/core/billing/checkout-page";
import { offlineCheckoutPath } from "@quartet/core/billing/offline.provider";
import { receiptPdfFor } from "@quartet/core/billing/receipt-pdf";
import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import type { ProviderEvent } from "@quartet/integrations/billing/billing-provider";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sendAppError, sendError } from "./json-errors.ts";

// Billing over plain HTTP (the tRPC router `billing` has the rest):
//  POST /hooks/stripe                 Stripe webhooks (raw body, SDK signature check + tolerance)
//  GET|POST /billing/checkout/:id     the offline checkout page (signed-in buyer only)
//  GET /billing/receipts/:id.pdf      a payment's PDF receipt (payer or member of its workspace)

export const STRIPE_HOOK_PATH = "/hooks/stripe";

interface WebhookParser {
  parseWebhook(raw: string | Buffer, signature: string | undefined): ProviderEvent;
}
const hasWebhooks = (p: unknown): p is WebhookParser =>
  typeof (p as Partial<WebhookParser> | undefined)?.parseWebhook === "function";

export async function billingPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;
  const cookie = sessionCookie("WEB", deps.config.production);

  // Scoped to this plugin: the Stripe signature covers the exact bytes; the checkout page posts a form.
  app.addContentTypeParser(
    "application/json",
    { parseAs: "buffer", bodyLimit: 512 * 1024 },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  async function signedIn(req: FastifyRequest) {
    const token = req.cookies[cookie.name];
    if (!token) return null;
    const auth = await validateSessionToken(deps.db, token, "WEB", deps.clock.now());
    return auth && !auth.session.twoFactorPending ? auth : null;
  }

  app.post(STRIPE_HOOK_PATH, { config: { skipCsrf: true } }, async (req, reply) => {
    const provider = deps.billing;
    if (!hasWebhooks(provider)) return sendError(reply, 404, "NOT_FOUND", "Stripe is not configured.");
    const raw = Buffer.isBuffer(req.body)
      ? req.body
      : Buffer.from(typeof req.body === "string" ? req.body : "");
    const signature = req.headers["stripe-signature"];
    let event: ProviderEvent;
    try {
      event = provider.parseWebhook(raw, Array.isArray(signature) ? signature[0] : signature);
    } catch (error) {
      deps.log.warn({ ip: req.ip, err: (error as Error).message }, "stripe webhook refused: bad signature");
      return sendError(reply, 400, "BAD_REQUEST", "The webhook signature is missing, stale or invalid.");
    }
    const outcome = await applyProviderEvent(deps, "STRIPE", event);
    return reply.code(200).send({ received: true, outcome });
  });

  app.get<{ Params: { id: string } }>("/billing/checkout/:id", async (req, reply) => {
    const auth = await signedIn(req);
    if (!auth)
      return reply.redirect(`/sign-in?next=${encodeURIComponent(offlineCheckoutPath(req.params.id))}`, 303);
    try {
      const view = await offlineCheckoutView(deps, auth.user.id, req.params.id);
      const html = renderCheckoutPage({
        locale: auth.user.locale,
        checkout: view.checkout,
        workspaceName: view.org?.name ?? null,
        open: view.checkout.status === "OPEN" && !view.expired,
        action: offlineCheckoutPath(view.checkout.id),
        backUrl: view.urls.cancelUrl,
        now: deps.clock.now(),
      });
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
    } catch (error) {
      if (error instanceof AppError) return sendAppError(reply, error);
      throw error;
    }
  });

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    "/billing/checkout/:id",
    async (req, reply) => {
      const auth = await signedIn(req);
      if (!auth) return sendError(reply, 401, "UNAUTHORIZED", "Please sign in to continue.");
      const action = offlineCheckoutAction.safeParse(req.body?.action);
      if (!action.success) return sendError(reply, 400, "BAD_REQUEST", "Choose Pay or Decline.");
      try {
        const result = await offlineCheckoutAct(deps, auth.user.id, req.params.id, action.data);
        return reply.redirect(result.redirect, 303);
      } catch (error) {
        if (error instanceof AppError) return sendAppError(reply, error);
        throw error;
      }
    },
  );

  app.get<{ Params: { file: string } }>("/billing/receipts/:file", async (req, reply) => {
    const auth = await signedIn(req);
    if (!auth) return sendError(reply, 401, "UNAUTHORIZED", "Please sign in to continue.");
    const match = /^([0-9a-f-]{36})\.pdf$/i.exec(req.params.file);
    if (!match) return sendError(reply, 404, "NOT_FOUND", "Receipt not found.");
    try {
      const { receiptNumber, pdf } = await receiptPdfFor(deps, auth.user.id, match[1]!, auth.user.locale);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="receipt-${receiptNumber}.pdf"`)
        .header("cache-control", "private, no-store")
        .send(Buffer.from(pdf));
    } catch (error) {
      if (error instanceof AppError) return sendAppError(reply, error);
      throw error;
    }
  });
}
