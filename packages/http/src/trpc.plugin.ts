import { BATCH_TOO_LARGE_REASON, batchTooLargeMessage, TRPC_MAX_BATCH_SIZE } from "@quartet/api/batch-limit";
import { type CookieJar, createApiContext } from "@quartet/api/context";
import type { Deps } from "@quartet/core/deps";
import { AppError, RateLimitError } from "@quartet/core/errors";
import type { SessionKind } from "@quartet/db/enums";
import { type AnyRouter, TRPCError } from "@trpc/server";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import { resolveResponse } from "@trpc/server/http";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { describeError, type ErrorCode } from "./json-errors.ts";

// The tRPC mount (/trpc) of the web and admin servers. tRPC clients read errors in tRPC's envelope
// (`message` plus `data.code`, `data.fieldErrors`, `data.reason`), so what Fastify refuses here
// before tRPC runs (a body over the limit, a batch over the cap, a cross-site request) is answered
// in that envelope too, through the router's own error formatter, with the code the plain-HTTP
// routes would use (PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, …).

export const TRPC_PREFIX = "/trpc";

const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  METHOD_NOT_SUPPORTED: "METHOD_NOT_SUPPORTED",
};

export interface TrpcPluginOptions {
  deps: Deps;
  kind: SessionKind;
  router: AnyRouter;
}

function cookieJar(req: FastifyRequest, reply: FastifyReply): CookieJar {
  return {
    get: (name) => req.cookies[name],
    set: (name, value, options) => void reply.setCookie(name, value, options),
    clear: (name, options) => void reply.clearCookie(name, options),
  };
}

/** The calls of a batched request (`/trpc/a,b,c?batch=1`), counted before the body is read. */
function batchSize(req: FastifyRequest): number {
  if ((req.query as Record<string, unknown>).batch !== "1") return 1;
  return ((req.params as { path?: string }).path ?? "").split(",").length;
}

export async function trpcPlugin(app: FastifyInstance, options: TrpcPluginOptions) {
  const { deps, kind, router } = options;

  app.addHook("onRequest", async (req) => {
    const calls = batchSize(req);
    if (calls > TRPC_MAX_BATCH_SIZE) {
      throw new AppError("BAD_REQUEST", batchTooLargeMessage(calls), undefined, BATCH_TOO_LARGE_REASON);
    }
  });

  app.setErrorHandler(async (error, req, reply) => {
    const described = describeError(error, req);
    if (described.status >= 500) deps.log.error({ err: error, url: req.url }, "tRPC request failed");
    const trpcError = new TRPCError({
      code: TRPC_CODE[described.code],
      message: described.message,
      // The formatter reads field errors and the reason from an AppError cause.
      cause: error instanceof AppError ? error : undefined,
    });
    // tRPC renders it (one error per call of a batch) without reading the body.
    const url = new URL(req.url, "http://trpc.local");
    const response = await resolveResponse({
      router,
      req: new Request(url, { method: req.method, headers: { "content-type": "application/json" } }),
      path: (req.params as { path?: string }).path ?? "",
      createContext: async () => ({}),
      error: trpcError,
    });
    return reply.send(response);
  });

  // Open live streams would hold the server's close forever: end them first, with an error their
  // clients retry (reconnecting, with their last event id, to a process that is still up).
  app.addHook("preClose", async () => {
    deps.realtime?.closeStreams();
  });

  await app.register(fastifyTRPCPlugin, {
    trpcOptions: {
      router,
      // tRPC's own check, behind ours above (which says how many calls came and how many may).
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      // A rate-limited call says when to come back, as plain HTTP does.
      responseMeta: ({ errors }) => {
        const wait = Math.max(
          0,
          ...errors.map((e) => (e.cause instanceof RateLimitError ? e.cause.retryAfterSeconds : 0)),
        );
        return wait > 0 ? { headers: { "retry-after": String(wait) } } : {};
      },
      createContext: ({ req, res }) =>
        createApiContext({
          deps,
          kind,
          req: { ip: req.ip, userAgent: req.headers["user-agent"] ?? "" },
          cookies: cookieJar(req, res),
        }),
    },
  } satisfies FastifyTRPCPluginOptions<AnyRouter>);
}
