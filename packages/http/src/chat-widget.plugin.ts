import { createHash } from "node:crypto";
import { hitRateLimits, type RateLimitRule } from "@quartet/auth/rate-limit";
import type { Deps } from "@quartet/core/deps";
import { RateLimitError } from "@quartet/core/errors";
import {
  identifyVisitor,
  markVisitorRead,
  pollVisitorMessages,
  sendVisitorMessage,
  startSession,
  widgetLook,
} from "@quartet/core/inbox/widget/widget.service";
import { widgetPreviewPage } from "@quartet/core/inbox/widget/widget-preview";
import { WIDGET_SCRIPT } from "@quartet/core/inbox/widget/widget-script";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

// The website chat widget (InsightDesk's CHAT channel): the script a workspace pastes on its site,
// a preview page, and the visitor API the script calls from any origin.
//   GET  /chat/widget.js                       the script (cacheable, loadable cross-origin)
//   GET  /chat/preview/:publicKey              a page of ours embedding it
//   POST /chat/api/session                     start or resume a visitor ({ publicKey, visitorToken? })
//   POST /chat/api/messages                    the visitor writes  (Authorization: Bearer <visitor token>)
//   GET  /chat/api/messages?publicKey&after&wait   new messages, long poll up to 25 s
//   POST /chat/api/identify                    the visitor gives their email
//   POST /chat/api/read                        agent replies shown up to a message
// The API uses no cookies (the visitor token travels in a header), so any origin may call it (CORS
// `*`) and the CSRF origin check doesn't apply. Bodies are small and zod-checked (400 per field);
// every call counts against per-IP and per-visitor limits in Postgres (429 with Retry-After).

export const CHAT_PREFIX = "/chat";
const API = `${CHAT_PREFIX}/api`;
const BODY_LIMIT = 8 * 1024;

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, authorization",
  "access-control-max-age": "600",
  // Helmet's default (same-origin) would stop other sites' pages from reading these answers.
  "cross-origin-resource-policy": "cross-origin",
} as const;

type Action = "session" | "send" | "poll" | "identify" | "read";

/** Per minute: per IP (a NAT may hold several visitors), and per visitor. */
export const CHAT_RATE_LIMITS: Record<Action, { ip: number; visitor: number | null }> = {
  session: { ip: 30, visitor: null },
  send: { ip: 60, visitor: 20 },
  poll: { ip: 240, visitor: 60 },
  identify: { ip: 10, visitor: 5 },
  read: { ip: 240, visitor: 60 },
};

function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S{1,2000})\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The visitor id a token claims (unverified: only a rate-limit bucket; the service verifies). */
function claimedVisitor(token: string | null): string | null {
  if (!token) return null;
  return createHash("sha256")
    .update(token.split(".")[0] ?? "")
    .digest("base64url")
    .slice(0, 22);
}

const hashIp = (ip: string) => createHash("sha256").update(ip).digest("base64url").slice(0, 22);

export async function chatWidgetPlugin(app: FastifyInstance, options: { deps: Deps }) {
  const { deps } = options;

  async function limit(req: FastifyRequest, action: Action) {
    const rules: RateLimitRule[] = [
      { key: `chat:${action}:ip:${hashIp(req.ip)}`, limit: CHAT_RATE_LIMITS[action].ip, windowSeconds: 60 },
    ];
    const visitor = claimedVisitor(bearer(req));
    const perVisitor = CHAT_RATE_LIMITS[action].visitor;
    if (visitor && perVisitor)
      rules.push({ key: `chat:${action}:visitor:${visitor}`, limit: perVisitor, windowSeconds: 60 });
    const result = await hitRateLimits(deps.db, rules, deps.clock.now());
    if (!result.allowed)
      throw new RateLimitError(
        "Too many messages at once. Wait a moment and try again.",
        result.retryAfterSeconds,
      );
  }

  app.addHook("onRequest", async (req, reply) => {
    if (req.url.startsWith(`${API}/`)) {
      reply.headers(CORS_HEADERS);
      reply.header("cache-control", "no-store");
    }
  });

  app.options(`${API}/*`, { config: { skipCsrf: true } }, async (_req, reply) => reply.code(204).send());

  app.get(`${CHAT_PREFIX}/widget.js`, async (_req, reply) =>
    reply
      .header("content-type", "application/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .header("access-control-allow-origin", "*")
      .header("cross-origin-resource-policy", "cross-origin")
      .send(WIDGET_SCRIPT),
  );

  app.get<{ Params: { publicKey: string } }>(`${CHAT_PREFIX}/preview/:publicKey`, async (req, reply) => {
    const look = await widgetLook(deps, req.params.publicKey);
    const scriptUrl = `${deps.config.webUrl.replace(/\/+$/, "")}${CHAT_PREFIX}/widget.js`;
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(widgetPreviewPage({ publicKey: req.params.publicKey, look, scriptUrl }));
  });

  const post = { bodyLimit: BODY_LIMIT, config: { skipCsrf: true } };

  app.post(`${API}/session`, post, async (req, reply) => {
    await limit(req, "session");
    return reply.send(await startSession(deps, req.body));
  });

  app.post(`${API}/messages`, post, async (req, reply) => {
    await limit(req, "send");
    return reply.code(201).send(await sendVisitorMessage(deps, bearer(req), req.body));
  });

  app.get(`${API}/messages`, async (req, reply: FastifyReply) => {
    await limit(req, "poll");
    // A visitor who leaves the page ends the wait.
    const controller = new AbortController();
    reply.raw.on("close", () => controller.abort());
    return reply.send(await pollVisitorMessages(deps, bearer(req), req.query, controller.signal));
  });

  app.post(`${API}/identify`, post, async (req, reply) => {
    await limit(req, "identify");
    return reply.send(await identifyVisitor(deps, bearer(req), req.body));
  });

  app.post(`${API}/read`, post, async (req, reply) => {
    await limit(req, "read");
    return reply.send(await markVisitorRead(deps, bearer(req), req.body));
  });
}
