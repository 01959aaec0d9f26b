import { hitRateLimit } from "@quartet/auth/rate-limit";
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

/** Requests per workspace key per minute. */
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
    const limit = await hitRateLimit(
      deps.db,
      { key: deskApiRateLimitKey(orgId), ...DESK_API_RATE_LIMIT },
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

  // Scoped to this plugin: user mistakes (bad JSON, wrong content type) answer in the API's error
  // shape; AppErrors keep their status; anything else is a logged 500 without internals.
  app.setErrorHandler((error, req, reply) => {
    if (error instanceof AppError) {
      return sendAppError(reply, error);
    }
    const { statusCode: status, message } = error as { statusCode?: number; message?: string };
    if (status && status >= 400 && status < 500) {
      return sendError(
        reply,
        status,
        status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST",
        message ?? "The request is malformed.",
      );
    }
    deps.log.error({ err: error, url: req.url }, "desk API request failed");
    return sendError(reply, 500, "INTERNAL", "Something went wrong on our side.");
  });

  app.post(DESK_API_TICKETS_PATH, { config: { skipCsrf: true } }, async (req, reply) => {
    const created = await createTicketViaApi(deps, requireOrg(req), req.body);
    return reply.code(201).send(created);
  });

  app.get<{ Params: { number: string } }>(`${DESK_API_TICKETS_PATH}/:number`, async (req, reply) => {
    return reply.send(await getTicketViaApi(deps, requireOrg(req), req.params.number));
  });
}
