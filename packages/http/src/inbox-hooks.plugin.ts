import type { Deps } from "@quartet/core/deps";
import { AppError } from "@quartet/core/errors";
import { INBOX_WEBHOOK_MAX_BYTES, webhookPlatformOf } from "@quartet/core/inbox/inbound/webhook.schema";
import { storeInboxWebhook } from "@quartet/core/inbox/inbound/webhook-receive.service";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { sendAppError, sendError } from "./json-errors.ts";

// Inbound Inbox webhooks from the platforms (WhatsApp Cloud API, Messenger, Instagram, TikTok):
//  GET  /hooks/inbox/:platform   Meta's subscription handshake (hub.verify_token → hub.challenge)
//  POST /hooks/inbox/:platform   a delivery: signature checked over the RAW bytes, then stored in
//                                inbox_webhook_events with its normalisation job (one transaction)
//                                and answered 200 at once; the worker does the rest.
// A platform not configured on this server answers 404; a bad signature 401 and nothing stored.

export const INBOX_HOOK_PATH = "/hooks/inbox/:platform";

export interface InboxHooksPluginOptions {
  deps: Deps;
  /** The largest delivery accepted (default INBOX_WEBHOOK_MAX_BYTES, 1 MiB). */
  maxBytes?: number;
}

type PlatformParams = { Params: { platform: string } };

export const inboxHooksPlugin: FastifyPluginAsync<InboxHooksPluginOptions> = async (app, options) => {
  const { deps } = options;
  const maxBytes = options.maxBytes ?? INBOX_WEBHOOK_MAX_BYTES;
  // Scoped to this plugin: the signature covers the exact bytes, so the body is kept as a Buffer.
  app.addContentTypeParser(
    ["application/json", "text/plain"],
    { parseAs: "buffer", bodyLimit: maxBytes },
    (_req, body, done) => done(null, body),
  );

  /** The platform's provider, or an answer already sent (unknown or not configured here). */
  const providerFor = (segment: string, reply: FastifyReply) => {
    const platform = webhookPlatformOf(segment);
    const provider = platform ? (deps.social?.get(platform) ?? null) : null;
    if (!platform || !provider) {
      sendError(reply, 404, "NOT_FOUND", "This channel doesn't take webhooks on this server.");
      return null;
    }
    return { platform, provider };
  };

  app.get<PlatformParams>(INBOX_HOOK_PATH, async (req, reply) => {
    const found = providerFor(req.params.platform, reply);
    if (!found) return reply;
    const challenge = found.provider.verifyHandshake(req.query as Record<string, unknown>);
    if (challenge === null) {
      deps.log.warn({ ip: req.ip, platform: found.platform }, "inbox webhook handshake refused");
      return sendError(reply, 403, "FORBIDDEN", "The verify token doesn't match this server's.");
    }
    return reply.type("text/plain; charset=utf-8").header("cache-control", "no-store").send(challenge);
  });

  app.post<PlatformParams>(
    INBOX_HOOK_PATH,
    {
      bodyLimit: maxBytes,
      config: { skipCsrf: true },
      // Before the body is read: a declared length past the limit is refused unread.
      onRequest: async (req, reply) => {
        const declared = Number(req.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes)
          return sendError(
            reply.header("connection", "close"),
            413,
            "PAYLOAD_TOO_LARGE",
            `The request is too large: send at most ${Math.round(maxBytes / 1024)} KB.`,
          );
      },
    },
    async (req, reply) => {
      const found = providerFor(req.params.platform, reply);
      if (!found) return reply;
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!found.provider.verifySignature(raw, req.headers, deps.clock.now())) {
        deps.log.warn({ ip: req.ip, platform: found.platform }, "inbox webhook refused: bad signature");
        return sendError(reply, 401, "UNAUTHORIZED", "The webhook signature is missing or invalid.");
      }
      try {
        const stored = await storeInboxWebhook(deps, found.platform, raw);
        return reply.code(200).send({ received: true, duplicate: stored.duplicate });
      } catch (error) {
        if (error instanceof AppError) return sendAppError(reply, error);
        throw error;
      }
    },
  );
};
