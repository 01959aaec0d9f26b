import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { ValidatedSession } from "@quartet/auth/session";
import type { UserActor, VerifiedMembership } from "@quartet/core/deps";
import { AppError, type AppErrorCode } from "@quartet/core/errors";
import { assertNoNul } from "@quartet/core/text-input";
import type { MemberRole } from "@quartet/db/enums";
import { trpcProcedureDuration } from "@quartet/observability/metrics";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import type { ApiContext } from "./context.ts";
import { humanMessage } from "./error-format.ts";
import { transformer } from "./transformer.ts";

const codeMap: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** Field errors (field path → message) for forms, from zod issues or an AppError. */
function fieldErrorsOf(cause: unknown): Record<string, string> | null {
  if (cause instanceof z.ZodError) {
    const out: Record<string, string> = {};
    for (const issue of cause.issues) {
      const key = issue.path.join(".") || "_";
      out[key] ??= issue.message;
    }
    return out;
  }
  if (cause instanceof AppError && cause.fieldErrors) return cause.fieldErrors;
  return null;
}

/** Procedure metadata: org-scoped procedures carry their minimum role (read by the tenancy walk test). */
export interface ProcedureMeta {
  minRole?: MemberRole;
}

const init = initTRPC.context<ApiContext>().meta<ProcedureMeta>();

const t = init.create({
  transformer,
  // Subscriptions over SSE (the live channel): a comment-sized ping every 15 s keeps proxies from
  // closing an idle stream, and a client that hears nothing for 40 s reconnects (with its last
  // event id, so nothing is lost).
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      // Never leak internals or a raw zod dump: a person gets an actionable sentence, the log gets
      // the stack, forms get `data.fieldErrors`.
      message: humanMessage(error),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: fieldErrorsOf(cause),
        reason: cause instanceof AppError ? (cause.reason ?? null) : null,
        // e.g. PLAN_LIMIT: { key, limit, current, requested, plan, upgradeTo } for the upgrade dialog.
        details: cause instanceof AppError ? (cause.details ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors into tRPC errors and logs unexpected ones once. */
const errorMapper = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      result.error = new TRPCError({ code: codeMap[cause.code], message: cause.message, cause });
      (result.error as { cause?: unknown }).cause = cause;
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.deps.log.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    }
  }
  return result;
});

/**
 * The request boundary for every procedure: Postgres text can't hold NUL, so a NUL anywhere in the
 * raw input (any string, any key, inputs the procedure's schema would ignore) is a BAD_REQUEST
 * naming the field, before any schema, service or query sees it.
 */
const rejectNulInput = t.middleware(async ({ getRawInput, next }) => {
  assertNoNul(await getRawInput());
  return next();
});

const tracer = trace.getTracer("quartet-trpc");

/**
 * Each call's latency by procedure, type and result code (quartet_trpc_procedure_duration_seconds),
 * and its span when tracing is on (a no-op otherwise): the Prisma queries and the jobs the
 * procedure enqueues nest under it. Outermost, so it times what the caller waits for.
 */
const observe = t.middleware(({ path, type, next }) => {
  const started = performance.now();
  return tracer.startActiveSpan(
    `trpc ${path}`,
    { attributes: { "rpc.system": "trpc", "rpc.method": path } },
    async (span) => {
      try {
        const result = await next();
        const code = result.ok ? "OK" : result.error.code;
        if (!result.ok) {
          span.setAttribute("trpc.error_code", code);
          if (code === "INTERNAL_SERVER_ERROR") span.setStatus({ code: SpanStatusCode.ERROR });
        }
        trpcProcedureDuration.observe({ procedure: path, type, code }, (performance.now() - started) / 1000);
        return result;
      } finally {
        span.end();
      }
    },
  );
});

const baseProcedure = t.procedure.use(observe).use(errorMapper).use(rejectNulInput);

/** Any caller; `ctx.auth` is the signed-in session or null (a session owing its 2FA code included). */
export const publicProcedure = baseProcedure.use(async ({ ctx, next }) =>
  next({ ctx: { ...ctx, auth: await ctx.sessionLookup.current() } }),
);

const unauthorized = () => new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });

/** The context of a signed-in caller: session, user and the actor services receive. */
function signedIn<C extends ApiContext>(ctx: C, auth: ValidatedSession | null) {
  if (!auth || auth.session.twoFactorPending) throw unauthorized();
  const { session, user } = auth;
  const actor: UserActor = {
    userId: user.id,
    sessionId: session.id,
    ip: ctx.req.ip,
    userAgent: ctx.req.userAgent,
  };
  return { ...ctx, auth, user, session, actor };
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: signedIn(ctx, ctx.auth) }));

export const roleRank: Record<MemberRole, number> = { MEMBER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };

export const orgInput = z.object({ orgId: z.uuid() });

/**
 * Workspace-scoped procedures: input carries `orgId`; a caller who is not an active member gets
 * NOT_FOUND (the workspace's existence is not revealed) and a role below `minRole` gets FORBIDDEN.
 * Session, user and membership come from one statement (RequestSession.inOrg); the membership
 * then travels on the actor, and services given the actor use it instead of asking again
 * (core's requireMembership trusts it only for this workspace and user).
 */
export function orgProcedure(minRole: MemberRole) {
  // The minimum role travels as meta so tooling (the tenancy walk test) can read it per procedure.
  return baseProcedure
    .meta({ minRole })
    .use(({ ctx, next }) => {
      // Anonymous callers are told to sign in before their input is even read.
      if (!ctx.sessionLookup.hasToken) throw unauthorized();
      return next();
    })
    .input(orgInput)
    .use(async ({ ctx, input, next }) => {
      const { auth, membership: found } = await ctx.sessionLookup.inOrg(input.orgId);
      const caller = signedIn(ctx, auth);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
      if (roleRank[found.role] < roleRank[minRole]) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Your role in this workspace doesn't allow this.",
        });
      }
      const membership: VerifiedMembership = {
        orgId: input.orgId,
        userId: caller.user.id,
        id: found.id,
        role: found.role,
      };
      return next({
        ctx: {
          ...caller,
          org: { id: input.orgId, role: found.role, membershipId: found.id },
          actor: { ...caller.actor, membership },
        },
      });
    });
}

/** Admin console only: an ADMIN-kind session of a SUPERADMIN. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.kind !== "ADMIN" || ctx.user.platformRole !== "SUPERADMIN") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Platform administrators only." });
  }
  return next({
    ctx: { ...ctx, admin: { userId: ctx.user.id, email: ctx.user.email, ip: ctx.req.ip } },
  });
});
