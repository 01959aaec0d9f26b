import type { Deps } from "@quartet/core/deps";
import { INBOUND_EMAIL_MAX_BYTES } from "@quartet/core/desk/mail/email-inbound.schema";
import { receiveInboundEmail } from "@quartet/core/desk/mail/email-inbound.service";
import { verifyInboundEmailSignature } from "@quartet/core/desk/mail/email-inbound.signature";
import { AppError } from "@quartet/core/errors";
import type { FastifyPluginAsync } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** A route for machines that authenticate otherwise (signed webhooks): no CSRF origin check. */
    skipCsrf?: boolean;
  }
}

export interface InboundEmailPluginOptions {
  deps: Deps;
  /** Shared secret of the inbound mail relay (HMAC-SHA256 of timestamp + raw message). */
  secret: string;
}

export const INBOUND_EMAIL_PATH = "/hooks/desk/inbound-email";

/**
 * `POST /hooks/desk/inbound-email`: what an inbound mail relay posts, the raw RFC 5322 message as
 * the body (`message/rfc822`), signed with `X-Quartet-Timestamp` and `X-Quartet-Signature`. The
 * signature is checked over the exact bytes before anything parses them. Answers 202 with the
 * outcome (a mail we deliberately drop is still accepted, so the relay doesn't retry it), 401 for
 * a bad signature and 400 for bytes that aren't a usable mail.
 */
export const inboundEmailPlugin: FastifyPluginAsync<InboundEmailPluginOptions> = async (app, options) => {
  const { deps, secret } = options;
  // Scoped to this plugin: the rest of the server keeps its JSON-only parsers and 1 MB limit.
  app.addContentTypeParser(
    ["message/rfc822", "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: INBOUND_EMAIL_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    INBOUND_EMAIL_PATH,
    { bodyLimit: INBOUND_EMAIL_MAX_BYTES, config: { skipCsrf: true } },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) {
        return reply.code(415).send({
          error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Post the raw message as message/rfc822." },
        });
      }
      const check = verifyInboundEmailSignature({
        secret,
        timestamp: headerValue(req.headers["x-quartet-timestamp"]),
        signature: headerValue(req.headers["x-quartet-signature"]),
        body,
        now: deps.clock.now(),
      });
      if (!check.ok) {
        deps.log.warn({ ip: req.ip, reason: check.reason }, "inbound mail refused: bad signature");
        return reply
          .code(401)
          .send({ error: { code: "UNAUTHORIZED", message: "The request signature is missing or invalid." } });
      }
      try {
        const result = await receiveInboundEmail(deps, body);
        return reply.code(202).send(result);
      } catch (error) {
        if (error instanceof AppError && error.code === "BAD_REQUEST") {
          return reply.code(400).send({
            error: { code: "BAD_REQUEST", message: error.message, fieldErrors: error.fieldErrors ?? {} },
          });
        }
        throw error;
      }
    },
  );
};

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
