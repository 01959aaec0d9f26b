import { sessionCookie } from "@quartet/auth/session";
import {
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signIn,
  signInTwoFactor,
  signOut,
  signUp,
  verifyEmail,
  viewSession,
} from "@quartet/core/identity/auth.service";
import {
  emailInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  tokenInput,
  twoFactorCodeInput,
} from "@quartet/core/identity/identity.schema";
import type { AuthRequest, IssuedSession } from "@quartet/core/identity/identity.shared";
import {
  availableProviders,
  completePendingLink,
  describePendingLink,
  oauthLinkCookie,
} from "@quartet/core/identity/oauth.service";
import { flagsForUser } from "@quartet/core/platform/settings/feature-flag.service";
import type { ApiContext, ApiContextWithAuth } from "../context.ts";
import { publicProcedure, router } from "../trpc.ts";

// Shared by the web and admin routers: ctx.kind decides which cookie and which session kind.

function authRequest(ctx: ApiContextWithAuth): AuthRequest {
  return {
    ip: ctx.req.ip,
    userAgent: ctx.req.userAgent,
    kind: ctx.kind,
    currentSessionId: ctx.auth?.session.id ?? null,
  };
}

/** The cookie lives as long as the session can (its absolute lifetime); the server enforces idle expiry. */
function setSessionCookie(ctx: ApiContext, session: IssuedSession): void {
  const cookie = sessionCookie(session.kind, ctx.deps.config.production);
  const maxAge = Math.max(
    0,
    Math.floor((session.absoluteExpiresAt.getTime() - ctx.deps.clock.now().getTime()) / 1000),
  );
  ctx.cookies.set(cookie.name, session.token, { ...cookie.options, maxAge });
}

/**
 * A provider identity parked by a sign-in with Google/GitHub/OIDC whose verified address matched
 * this account: now that the person has signed in to it (password, and 2FA when on), link it.
 */
async function linkParkedIdentity(ctx: ApiContextWithAuth, session: IssuedSession): Promise<string | null> {
  if (ctx.kind !== "WEB" || session.twoFactorPending) return null;
  const cookie = oauthLinkCookie(ctx.deps.config.production);
  const sealed = ctx.cookies.get(cookie.name);
  if (!sealed) return null;
  ctx.cookies.clear(cookie.name, { path: "/" });
  return completePendingLink(ctx.deps, authRequest(ctx), sealed, session.userId);
}

function clearSessionCookie(ctx: ApiContext): void {
  const cookie = sessionCookie(ctx.kind, ctx.deps.config.production);
  ctx.cookies.clear(cookie.name, cookie.options);
}

export const authRouter = router({
  /** The session, with the person's feature flags evaluated here (the client never re-implements them). */
  session: publicProcedure.query(async ({ ctx }) => {
    const view = viewSession(ctx.auth);
    if (!view || view.twoFactorPending) return view ? { ...view, flags: {} } : null;
    return { ...view, flags: await flagsForUser(ctx.deps, view.user.id) };
  }),

  /**
   * The "Continue with …" buttons this app shows, and the provider waiting to be linked once the
   * person signs in (set by a provider sign-in whose verified address matched an account).
   */
  oauthProviders: publicProcedure.query(({ ctx }) => {
    const parked =
      ctx.kind === "WEB" ? ctx.cookies.get(oauthLinkCookie(ctx.deps.config.production).name) : undefined;
    return {
      providers: availableProviders(ctx.deps, ctx.kind),
      pendingLink: describePendingLink(ctx.deps, parked),
    };
  }),

  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx.deps, ctx.req, input)),

  verifyEmail: publicProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    const result = await verifyEmail(ctx.deps, authRequest(ctx), input);
    if (result.session) setSessionCookie(ctx, result.session);
    return { ok: true as const };
  }),

  resendVerification: publicProcedure
    .input(emailInput)
    .mutation(({ ctx, input }) => resendVerification(ctx.deps, ctx.req, input)),

  /** SIGNED_IN, TWO_FACTOR_REQUIRED (a 2FA-pending cookie), or UNLOCK_CODE_REQUIRED (no cookie yet). */
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const result = await signIn(ctx.deps, authRequest(ctx), input);
    if (!("session" in result)) return { status: result.status, linked: null };
    setSessionCookie(ctx, result.session);
    return { status: result.status, linked: await linkParkedIdentity(ctx, result.session) };
  }),

  signInTwoFactor: publicProcedure.input(twoFactorCodeInput).mutation(async ({ ctx, input }) => {
    const result = await signInTwoFactor(ctx.deps, authRequest(ctx), input);
    setSessionCookie(ctx, result.session);
    return { status: result.status, linked: await linkParkedIdentity(ctx, result.session) };
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    const result = await signOut(ctx.deps, authRequest(ctx));
    clearSessionCookie(ctx);
    return result;
  }),

  requestPasswordReset: publicProcedure
    .input(emailInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, ctx.req, input)),

  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.deps, ctx.req, input)),
});
