import type { Logger } from "@quartet/core/deps";
import { AppError, type AppErrorCode, RateLimitError } from "@quartet/core/errors";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

// The one JSON error shape of our plain-HTTP routes (files, hooks, Tickets API, unknown routes):
// `{ error: { code, message, fieldErrors? } }` with the same codes as the tRPC API (whose errors
// carry the same code, message and fieldErrors in tRPC's envelope: see trpc.plugin.ts).
// Every error goes through `describeError`, so Fastify's own (body too large, wrong content type,
// malformed JSON, unknown route) read like ours.

/** Our codes, plus the HTTP-level ones Fastify raises before a route runs. */
export type ErrorCode =
  | AppErrorCode
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "METHOD_NOT_SUPPORTED";

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412,
  PAYMENT_REQUIRED: 402,
  INTERNAL: 500,
};

export const INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

export interface DescribedError {
  status: number;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string>;
  /** Machine-readable reason (AppError's), for tRPC clients that translate it. */
  reason?: string;
  /** Structured facts (AppError's), e.g. a plan limit's key, limit, use and the plan that lifts it. */
  details?: Record<string, unknown>;
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode | (string & {}),
  message: string,
  fieldErrors?: object,
) {
  return reply.code(status).send({ error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } });
}

/** A domain error with its status and, for a user mistake, the field it is about. */
export function sendAppError(reply: FastifyReply, error: AppError) {
  if (error.reason || error.details) {
    const { status, code, message, fieldErrors, reason, details } = describeError(error);
    return reply.code(status).send({ error: { code, message, fieldErrors, reason, details } });
  }
  return sendError(reply, HTTP_STATUS[error.code], error.code, error.message, error.fieldErrors);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
};

/** Status, code and a sentence a person can act on, for any error a route or Fastify throws. */
export function describeError(error: unknown, req?: FastifyRequest): DescribedError {
  if (error instanceof AppError) {
    return {
      status: HTTP_STATUS[error.code],
      code: error.code,
      message: error.code === "INTERNAL" ? INTERNAL_MESSAGE : error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.details ? { details: error.details } : {}),
    };
  }
  const { code, statusCode } = error as Partial<FastifyError>;
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE": {
      const limit = req?.routeOptions.bodyLimit;
      return {
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
        message: limit
          ? `The request is too large: send at most ${formatBytes(limit)}.`
          : "The request is too large.",
      };
    }
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE": {
      const type = req?.headers["content-type"]?.split(";")[0]?.trim();
      return {
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: `${type ? `The content type "${type}" isn't` : "This content type isn't"} accepted here: send JSON (Content-Type: application/json).`,
      };
    }
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { status: 400, code: "BAD_REQUEST", message: "The request body isn't valid JSON." };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        status: 400,
        code: "BAD_REQUEST",
        message: "The request body is empty: send a JSON object, or no Content-Type header.",
      };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return {
        status: 400,
        code: "BAD_REQUEST",
        message: "The request body doesn't match its Content-Length header.",
      };
    case "FST_ERR_BAD_URL":
    case "FST_ERR_MAX_PARAM_LENGTH":
      return { status: 400, code: "BAD_REQUEST", message: "This address isn't valid." };
  }
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    const known = CODE_BY_STATUS[statusCode];
    const message = (error as { message?: string }).message;
    return {
      status: known ? statusCode : 400,
      code: known ?? "BAD_REQUEST",
      message: message
        ? `The request couldn't be handled: ${message}.`.replace(/\.\.$/, ".")
        : "Bad request.",
    };
  }
  return { status: 500, code: "INTERNAL", message: INTERNAL_MESSAGE };
}

export const NOT_FOUND_MESSAGE = "There's nothing at this address.";

/**
 * The server-wide handlers: every error and unknown route answers in the shape above; a 5xx is
 * logged with its stack and answered without internals. Scopes with another envelope (tRPC) set
 * their own handler, built on `describeError` too.
 */
export function installJsonErrorHandlers(app: FastifyInstance, log: Logger) {
  app.setErrorHandler((error, req, reply) => {
    const described = describeError(error, req);
    if (described.status >= 500) log.error({ err: error, url: req.url }, "request failed");
    if (error instanceof RateLimitError) reply.header("retry-after", String(error.retryAfterSeconds));
    return sendError(reply, described.status, described.code, described.message, described.fieldErrors);
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, "NOT_FOUND", NOT_FOUND_MESSAGE));
}
