import type { AppError, AppErrorCode } from "@quartet/core/errors";
import type { FastifyReply } from "fastify";

// The JSON error shape of our plain-HTTP routes (files, Tickets API):
// `{ error: { code, message, fieldErrors? } }`, the same codes as the tRPC API.

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412,
  INTERNAL: 500,
};

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fieldErrors?: object,
) {
  return reply.code(status).send({ error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } });
}

/** A domain error with its status and, for a user mistake, the field it is about. */
export function sendAppError(reply: FastifyReply, error: AppError) {
  return sendError(reply, HTTP_STATUS[error.code], error.code, error.message, error.fieldErrors);
}
