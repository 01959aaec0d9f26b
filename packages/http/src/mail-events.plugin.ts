import type { Deps } from "@quartet/core/deps";
import { handleMailEvent, mailEventSchema } from "@quartet/core/email/mail-events.service";
import { verifyStandardWebhook } from "@quartet/core/email/standard-webhooks";
import type { FastifyPluginAsync } from "fastify";
import { sendError } from "./json-errors.ts";

export interface MailEventsPluginOptions {
  deps: Deps;
  /** The provider's signing secret, "whsec_<base64>". */
  secret: string;
}

export const MAIL_EVENTS_PATH = "/hooks/mail/events";

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * `POST /hooks/mail/events`: the mail provider's delivery events (Resend: email.delivered,
 * email.bounced, email.complained), signed with Standard Webhooks headers over the raw body.
 * 401 for a missing, stale (±5 min) or wrong signature; 400 for a body that isn't an event;
 * 200 otherwise, also for a replay (stored once by webhook-id) and for events we don't track.
 */
export const mailEventsPlugin: FastifyPluginAsync<MailEventsPluginOptions> = async (app, options) => {
  const { deps, secret } = options;
  // Scoped to this plugin: the signature covers the exact bytes, so the body stays a string.
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit: 256 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.post(MAIL_EVENTS_PATH, { config: { skipCsrf: true } }, async (req, reply) => {
    const raw = typeof req.body === "string" ? req.body : "";
    const verified = verifyStandardWebhook(
      secret,
      {
        id: header(req.headers["webhook-id"]),
        timestamp: header(req.headers["webhook-timestamp"]),
        signature: header(req.headers["webhook-signature"]),
      },
      raw,
      deps.clock.now(),
    );
    if (!verified.ok) {
      deps.log.warn({ ip: req.ip, reason: verified.reason }, "mail event refused: bad signature");
      return sendError(reply, 401, "UNAUTHORIZED", "The webhook signature is missing, stale or invalid.");
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return sendError(reply, 400, "BAD_REQUEST", "The body is not JSON.");
    }
    if (!mailEventSchema.safeParse(json).success)
      return sendError(reply, 400, "BAD_REQUEST", "The body is not a mail event.");
    const outcome = await handleMailEvent(deps, verified.id, json);
    return reply.code(200).send({ ok: true, outcome });
  });
};
