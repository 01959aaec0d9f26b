import { createSession, sessionCookie } from "@quartet/auth/session";
import type { Deps } from "@quartet/core/deps";
import type { DbOrTx } from "@quartet/db/client";
import { TRPCError } from "@trpc/server";
import { appRouter } from "./app-router.ts";
import { type CookieJar, createApiContext } from "./context.ts";
import { createCallerFactory } from "./trpc.ts";

// Shared by the API's integration tests: callers that go through the real session-cookie path.

const createAppCaller = createCallerFactory(appRouter);
const localRequest = { ip: "127.0.0.1", userAgent: "vitest" };

/** One browser's cookies, in memory; starts with `token` as the WEB session cookie when given one. */
export function cookieJar(token?: string): CookieJar {
  const store = new Map<string, string>();
  if (token) store.set(sessionCookie("WEB", false).name, token);
  return {
    get: (name) => store.get(name),
    set: (name, value) => void store.set(name, value),
    clear: (name) => void store.delete(name),
  };
}

/** A new WEB session for `user`, as signing in would create it; returns the cookie's token. */
export async function sessionTokenFor(db: DbOrTx, user: { id: string }): Promise<string> {
  const { token } = await createSession(db, user.id, "WEB", { ...localRequest, deviceInfo: {} }, new Date());
  return token;
}

/** An app-router caller signed in as `user`, or anonymous without one. */
export async function appCallerFor(deps: Deps, user?: { id: string }) {
  const cookies = cookieJar(user ? await sessionTokenFor(deps.db, user) : undefined);
  return createAppCaller(await createApiContext({ deps, kind: "WEB", req: localRequest, cookies }));
}

/** The TRPCError `promise` rejects with; fails the test if it resolves or rejects with something else. */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(err)}`);
  return err;
}
