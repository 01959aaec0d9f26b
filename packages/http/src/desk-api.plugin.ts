import { hitRateLimit } from "@quartet/auth/rate-limit";
import { planLimitError, workspacePlan } from "@quartet/core/billing/entitlements.service";
import { planThatLifts } from "@quartet/core/billing/plans";
import type { Deps } from "@quartet/core/deps";
import { createTicketViaApi, getTicketViaApi } from "@quartet/core/desk/tickets/ticket-api.service";
import { AppError } from "@quartet/core/errors";
import { findOrgIdByApiKey } from "@quartet/core/orgs/org-api-key.service";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sendAppError, sendError } from "./json-errors.ts";

// The public Tickets REST API: integrations authenticate with the workspace API key
// (`Authorization: Bearer qk_…`) instead of a session cookie, so the routes skip the CSRF origin
// check (a browser never sends the key on its own, so cross-site forgery doesn't apply).

export const DESK_API_TICKETS_PATH = "/api/v1/desk/tickets";

/** Requests per workspace key per minute (the plan's desk.apiRequestsPerMinute; this is PRO's). */
export const DESK_API_RATE_LIMIT = { limit: 120, windowSeconds: 60 } as const;

/** Counter key: per workspace (one live key each), so regenerating the key doesn't reset the window. */
export const deskApiRateLimitKey = (orgId: string) => `desk-api:org:${orgId}`;

function bearerKey(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export async function deskApiPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;

  // Which workspace each request's key belongs to, set by the onRequest hook below.
  const orgOf = new WeakMap<FastifyRequest, string>();

  // Authenticate before the body is even parsed: without a valid key nothing else is looked at.
  app.addHook("onRequest", async (req, reply) => {
    const key = bearerKey(req);
    const orgId = key ? await findOrgIdByApiKey(deps.db, key) : null;
    if (!orgId) {
      reply.header("www-authenticate", 'Bearer realm="quartet"');
      return sendError(
        reply,
        401,
        "UNAUTHORIZED",
        "Send a valid workspace API key as 'Authorization: Bearer qk_…'.",
      );
    }
    // API access and its rate are plan entitlements (billing), read per request: an upgrade or a
    // downgrade applies to the very next call.
    const plan = await workspacePlan(deps.db, orgId, deps.clock.now());
    if (!plan.entitlements["desk.apiAccess"]) {
      const key = "desk.apiAccess" as const;
      return sendAppError(
        reply,
        planLimitError({
          key,
          allowed: false,
          limit: 0,
          current: 0,
          requested: 1,
          plan: plan.plan,
          upgradeTo: planThatLifts(plan.plan, key),
        }),
      );
    }
    const perMinute = plan.entitlements["desk.apiRequestsPerMinute"];
    const limit = await hitRateLimit(
      deps.db,
      {
        key: deskApiRateLimitKey(orgId),
        limit: perMinute ?? Number.MAX_SAFE_INTEGER,
        windowSeconds: DESK_API_RATE_LIMIT.windowSeconds,
      },
      deps.clock.now(),
    );
    if (!limit.allowed) {
      reply.header("retry-after", String(limit.retryAfterSeconds));
      return sendError(reply, 429, "TOO_MANY_REQUESTS", "Too many requests. Try again in a minute.");
    }
    orgOf.set(req, orgId);
  });

  const requireOrg = (req: FastifyRequest): string => {
    const orgId = orgOf.get(req);
    if (!orgId) throw new AppError("UNAUTHORIZED", "Send a valid workspace API key.");
    return orgId;
  };

  // Errors (AppErrors, and Fastify's own: body too large, wrong content type, malformed JSON)
  // answer through the server's one handler in the JSON error shape (json-errors.ts).

  app.post(DESK_API_TICKETS_PATH, { config: { skipCsrf: true } }, async (req, reply) => {
    const created = await createTicketViaApi(deps, requireOrg(req), req.body);
    return reply.code(201).send(created);
  });

  app.get<{ Params: { number: string } }>(`${DESK_API_TICKETS_PATH}/:number`, async (req, reply) => {
    return reply.send(await getTicketViaApi(deps, requireOrg(req), req.params.number));
  });
}
