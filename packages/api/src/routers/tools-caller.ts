import {
  GUEST_COOKIE,
  guestCookieOptions,
  type ToolsCaller,
  toolsCallerOf,
} from "@quartet/core/tools/access/tools-access";
import type { ApiContextWithAuth } from "../context.ts";

/** A guest token made during this request: every call of a tRPC batch uses the same one. */
const madeInRequest = new WeakMap<object, string>();

/**
 * The Tools caller of a public procedure: the signed-in user, else a guest known by the
 * `quartet_guest` cookie (set here when missing) and the hash of their IP.
 */
export function toolsCaller(ctx: ApiContextWithAuth): ToolsCaller {
  const signedIn = ctx.auth && !ctx.auth.session.twoFactorPending ? ctx.auth.user.id : null;
  return toolsCallerOf(ctx.deps.config, {
    userId: signedIn,
    ip: ctx.req.ip,
    userAgent: ctx.req.userAgent,
    guestToken: ctx.cookies.get(GUEST_COOKIE) ?? madeInRequest.get(ctx.cookies),
    setGuestToken: (token) => {
      madeInRequest.set(ctx.cookies, token);
      ctx.cookies.set(GUEST_COOKIE, token, guestCookieOptions(ctx.deps.config.production));
    },
  });
}
