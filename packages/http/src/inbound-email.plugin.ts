import type { Readable } from "node:stream";
import type { Deps } from "@quartet/core/deps";
import { INBOUND_EMAIL_MAX_BYTES } from "@quartet/core/desk/mail/email-inbound.schema";
import { receiveInboundEmail } from "@quartet/core/desk/mail/email-inbound.service";
import {
  checkInboundSignatureHeaders,
  createInboundMac,
  INBOUND_SIGNATURE_HEADER,
  INBOUND_TIMESTAMP_HEADER,
} from "@quartet/core/desk/mail/email-inbound.signature";
import { AppError } from "@quartet/core/errors";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { sendError } from "./json-errors.ts";

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
  /** The largest message accepted (default INBOUND_EMAIL_MAX_BYTES, 25 MB). */
  maxBytes?: number;
}

export const INBOUND_EMAIL_PATH = "/hooks/desk/inbound-email";
const MEDIA_TYPES = ["message/rfc822", "application/octet-stream"];

/**
 * `POST /hooks/desk/inbound-email`: what an inbound mail relay posts, the raw RFC 5322 message as
 * the body (`message/rfc822`), signed with `X-Quartet-Timestamp` and `X-Quartet-Signature`.
 * Nothing is buffered before the caller has shown it may post:
 * 1. before the body is read, the content type, the timestamp (±5 min), the signature's format and
 *    the declared length are checked (415, 401, 413 with `Connection: close`, body unread);
 * 2. the body then streams through the HMAC and a size cap (413 as soon as it passes the cap);
 * 3. only a body whose MAC matches is parsed (401 otherwise).
 * Answers 202 with the outcome (a mail we deliberately drop is still accepted, so the relay doesn't
 * retry it) and 400 for bytes that aren't a usable mail.
 */
export const inboundEmailPlugin: FastifyPluginAsync<InboundEmailPluginOptions> = async (app, options) => {
  const { deps, secret } = options;
  const maxBytes = options.maxBytes ?? INBOUND_EMAIL_MAX_BYTES;
  // Scoped to this plugin: the body is handed over unread, as a stream (the rest of the server
  // keeps its JSON-only parsers and 1 MB limit).
  app.addContentTypeParser(MEDIA_TYPES, (_req, payload, done) => done(null, payload));

  /** Refuses and closes the connection, so an unread body is not drained. */
  const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
    sendError(reply.header("connection", "close"), status, code, message);
  const unauthorized = (req: FastifyRequest, reply: FastifyReply, reason: string) => {
    deps.log.warn({ ip: req.ip, reason }, "inbound mail refused: bad signature");
    return refuse(reply, 401, "UNAUTHORIZED", "The request signature is missing or invalid.");
  };
  const tooLarge = (reply: FastifyReply) =>
    refuse(
      reply,
      413,
      "PAYLOAD_TOO_LARGE",
      `The message is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
    );

  app.post(
    INBOUND_EMAIL_PATH,
    {
      config: { skipCsrf: true },
      // Runs before any body parser: only headers are looked at here.
      onRequest: async (req, reply) => {
        const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
        if (!MEDIA_TYPES.includes(mediaType))
          return refuse(reply, 415, "UNSUPPORTED_MEDIA_TYPE", "Post the raw message as message/rfc822.");
        const check = checkInboundSignatureHeaders({
          timestamp: headerValue(req.headers[INBOUND_TIMESTAMP_HEADER]),
          signature: headerValue(req.headers[INBOUND_SIGNATURE_HEADER]),
          now: deps.clock.now(),
        });
        if (!check.ok) return unauthorized(req, reply, check.reason);
        const declared = Number(req.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(reply);
      },
    },
    async (req, reply) => {
      const timestamp = headerValue(req.headers[INBOUND_TIMESTAMP_HEADER]) as string;
      const signature = headerValue(req.headers[INBOUND_SIGNATURE_HEADER]) as string;
      const mac = createInboundMac(secret, timestamp);
      const read = await readCapped(req.body as Readable, maxBytes, (chunk) => mac.update(chunk));
      if (!read.ok) return tooLarge(reply);
      if (!mac.matches(signature)) return unauthorized(req, reply, "signature mismatch");
      try {
        const result = await receiveInboundEmail(deps, read.body);
        return reply.code(202).send(result);
      } catch (error) {
        if (error instanceof AppError && error.code === "BAD_REQUEST")
          return sendError(reply, 400, "BAD_REQUEST", error.message, error.fieldErrors ?? {});
        throw error;
      }
    },
  );
};

/**
 * Reads a body chunk by chunk, handing each to `onChunk`, and stops (leaving the rest unread) as
 * soon as it passes `maxBytes`.
 */
function readCapped(
  stream: Readable,
  maxBytes: number,
  onChunk: (chunk: Buffer) => void,
): Promise<{ ok: true; body: Buffer } | { ok: false }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        stream.pause();
        resolve({ ok: false });
        return;
      }
      onChunk(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
