import { timingSafeEqual } from "node:crypto";
import { decryptSecret, encryptSecret } from "@quartet/auth/crypto";
import type { AuthProvider, SessionKind } from "@quartet/db/enums";
import {
  OAuthExchangeError,
  type OAuthProviderClient,
  type OAuthProviderId,
  type ProviderProfile,
} from "@quartet/integrations/identity/oauth-providers";
import { z } from "zod";
import type { Deps, UserActor } from "../deps.ts";
import { mailUser } from "../email/email.queue.ts";
import { AppError } from "../errors.ts";
import { createPersonalWorkspace } from "../orgs/org.service.ts";
import { configValue } from "../platform/settings/app-config.service.ts";
import { keyRingOf } from "../security/key-ring.ts";
import { deletedEmailRule, rateLimits } from "./identity.limits.ts";
import { countRecentDeletions, emailExists, findUserById, recordLogin } from "./identity.repository.ts";
import {
  type AuthRequest,
  enforceRateLimits,
  type IssuedSession,
  issueSession,
  isUniqueViolation,
  recordAuthEventFrom,
} from "./identity.shared.ts";
import {
  createProviderUser,
  findLinkedIdentity,
  hasPassword,
  linkIdentity,
  listIdentities,
  removeIdentity,
} from "./oauth.repository.ts";

// Sign-in and sign-up through Google, GitHub or an OpenID Connect provider, and linking those
// identities to accounts without takeover:
// - the browser that started a flow is the only one that can finish it: state, PKCE verifier and
//   nonce travel in a short-lived, encrypted (AES-GCM: sealed and signed) HttpOnly cookie;
// - a provider address matches an existing account only when the provider says it is verified,
//   and even then the link is made only after the person signs in to that account (password,
//   plus 2FA when on); until then the match is parked in a second sealed cookie;
// - an account never loses its last way to sign in.
// Provider tokens are used once to read the profile and never stored.

export const oauthProviderIds = ["google", "github", "oidc"] as const;
export const oauthProviderInput = z.object({ provider: z.enum(oauthProviderIds) });
export type OAuthProviderInput = z.infer<typeof oauthProviderInput>;

const providerEnum: Record<OAuthProviderId, AuthProvider> = {
  google: "GOOGLE",
  github: "GITHUB",
  oidc: "GENERIC",
};
const providerIdOf: Partial<Record<AuthProvider, OAuthProviderId>> = {
  GOOGLE: "google",
  GITHUB: "github",
  GENERIC: "oidc",
};

/** A flow must come back within this time. */
export const OAUTH_FLOW_TTL_MS = 10 * 60_000;
/** A parked link waits this long for the person to sign in to the existing account. */
export const OAUTH_LINK_TTL_MS = 15 * 60_000;

const FLOW_PURPOSE = "oauth-flow";
const LINK_PURPOSE = "oauth-link";

export interface OAuthCookieSpec {
  name: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: "/"; maxAge: number };
}

/**
 * The flow cookie: SameSite=Lax so the provider's top-level redirect back carries it; one per app
 * (web and admin never share one).
 */
export function oauthFlowCookie(kind: SessionKind, production: boolean): OAuthCookieSpec {
  const base = kind === "ADMIN" ? "quartet_admin_oauth" : "quartet_oauth";
  return {
    name: production ? `__Host-${base}` : base,
    options: {
      httpOnly: true,
      secure: production,
      sameSite: "lax",
      path: "/",
      maxAge: OAUTH_FLOW_TTL_MS / 1000,
    },
  };
}

export function oauthLinkCookie(production: boolean): OAuthCookieSpec {
  return {
    name: production ? "__Host-quartet_oauth_link" : "quartet_oauth_link",
    options: {
      httpOnly: true,
      secure: production,
      sameSite: "lax",
      path: "/",
      maxAge: OAUTH_LINK_TTL_MS / 1000,
    },
  };
}

const flowSchema = z.object({
  v: z.literal(1),
  provider: z.enum(oauthProviderIds),
  kind: z.enum(["WEB", "ADMIN"]),
  state: z.string().min(16).max(200),
  codeVerifier: z.string().min(43).max(200),
  nonce: z.string().max(200).nullable(),
  intent: z.enum(["signin", "link"]),
  /** The signed-in person a link flow belongs to. */
  userId: z.uuid().nullable(),
  expiresAt: z.number().int(),
});
type Flow = z.infer<typeof flowSchema>;

const linkSchema = z.object({
  v: z.literal(1),
  provider: z.enum(oauthProviderIds),
  providerUserId: z.string().min(1).max(255),
  userId: z.uuid(),
  email: z.string().max(255),
  expiresAt: z.number().int(),
});
type PendingLink = z.infer<typeof linkSchema>;

/**
 * A short-lived value sealed for one purpose (AES-GCM with the key ring: encrypted and signed), for
 * flow cookies; the Inbox's connect flows seal theirs the same way.
 */
export function seal(deps: Pick<Deps, "config">, purpose: string, value: object): string {
  return encryptSecret(keyRingOf(deps.config), purpose, new TextEncoder().encode(JSON.stringify(value)));
}

/** The sealed value, or null when it is missing, tampered with, for another purpose or malformed. */
export function unseal<T>(
  deps: Pick<Deps, "config">,
  purpose: string,
  schema: z.ZodType<T>,
  sealed: string | undefined,
): T | null {
  if (!sealed || sealed.length > 4000) return null;
  try {
    const json = new TextDecoder().decode(decryptSecret(keyRingOf(deps.config), purpose, sealed));
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The app's own callback address for a provider (registered with the provider). */
export function oauthRedirectUri(deps: Deps, kind: SessionKind, provider: OAuthProviderId): string {
  const origin = (kind === "ADMIN" ? deps.config.adminUrl : deps.config.webUrl).replace(/\/+$/, "");
  return `${origin}/auth/oauth/${provider}/callback`;
}

/** The providers this app offers (the admin console: only OIDC, and only when allowed). */
export function availableProviders(deps: Deps, kind: SessionKind): { id: OAuthProviderId; name: string }[] {
  const providers = deps.oauth?.providers;
  if (!providers) return [];
  return [...providers.values()]
    .filter((p) => kind === "WEB" || (p.id === "oidc" && deps.oauth?.adminOidcAllowed))
    .map((p) => ({ id: p.id, name: p.displayName }));
}

function providerFor(deps: Deps, kind: SessionKind, provider: OAuthProviderId): OAuthProviderClient {
  const client = availableProviders(deps, kind).some((p) => p.id === provider)
    ? deps.oauth?.providers.get(provider)
    : undefined;
  if (!client)
    throw new AppError(
      "NOT_FOUND",
      "This sign-in method isn't available.",
      undefined,
      "PROVIDER_UNAVAILABLE",
    );
  return client;
}

// ── Starting a flow ──────────────────────────────────────────────────────────────────────────

export interface StartedFlow {
  redirectUrl: string;
  /** Sealed flow for the HttpOnly cookie. */
  cookie: string;
}

/**
 * Starts the authorization code flow: fresh state, PKCE verifier and (OIDC) nonce, sealed into
 * the browser's cookie. `link` flows belong to the signed-in person (`req.currentUserId`).
 */
export async function startOAuth(
  deps: Deps,
  req: AuthRequest & { currentUserId: string | null },
  provider: OAuthProviderId,
  intent: "signin" | "link",
): Promise<StartedFlow> {
  const client = providerFor(deps, req.kind, provider);
  if (intent === "link" && (!req.currentUserId || req.kind !== "WEB"))
    throw new AppError("UNAUTHORIZED", "Please sign in first.", undefined, "SIGN_IN_REQUIRED");
  await enforceRateLimits(deps, req, [rateLimits.signInPerIp(req.ip)], { action: "oauth_start" });
  const { url, checks } = await client.createAuthorization(oauthRedirectUri(deps, req.kind, provider));
  const flow: Flow = {
    v: 1,
    provider,
    kind: req.kind,
    state: checks.state,
    codeVerifier: checks.codeVerifier,
    nonce: checks.nonce,
    intent,
    userId: intent === "link" ? req.currentUserId : null,
    expiresAt: deps.clock.now().getTime() + OAUTH_FLOW_TTL_MS,
  };
  return { redirectUrl: url.toString(), cookie: seal(deps, FLOW_PURPOSE, flow) };
}

// ── The callback ─────────────────────────────────────────────────────────────────────────────

export type OAuthFailureReason =
  | "FLOW_EXPIRED"
  | "STATE_MISMATCH"
  | "CANCELLED"
  | "CODE_REJECTED"
  | "ID_TOKEN_INVALID"
  | "PROVIDER_UNREACHABLE"
  | "PROFILE_INVALID"
  | "NO_EMAIL"
  | "EMAIL_NOT_VERIFIED"
  | "ALREADY_LINKED"
  | "ACCOUNT_BLOCKED"
  | "NOT_LINKED"
  | "SIGNUP_DISABLED"
  | "EMAIL_RECENTLY_DELETED"
  | "SIGN_IN_REQUIRED";

export type OAuthOutcome =
  | { kind: "SIGNED_IN"; session: IssuedSession; redirect: string }
  | { kind: "TWO_FACTOR_REQUIRED"; session: IssuedSession; redirect: string }
  /** An account has this verified address: the person signs in to it to confirm the link. */
  | { kind: "LINK_PENDING"; linkCookie: string; redirect: string }
  | { kind: "LINKED"; redirect: string }
  | { kind: "FAILED"; reason: OAuthFailureReason; redirect: string };

function failurePage(intent: "signin" | "link", reason: OAuthFailureReason): string {
  return intent === "link" ? `/account/security?oauthError=${reason}` : `/sign-in?oauthError=${reason}`;
}

/**
 * Finishes a flow from the provider's redirect: checks the sealed flow and the state, trades the
 * code (PKCE; for OIDC the library checks the ID token's signature, issuer, audience, expiry and
 * nonce), then signs in, signs up, links, or parks a link for confirmation. Every outcome writes
 * an AuthEvent; failures come back as a reason for the sign-in page, never as an exception.
 */
export async function finishOAuth(
  deps: Deps,
  req: AuthRequest & { currentUserId: string | null },
  provider: OAuthProviderId,
  callbackUrl: URL,
  sealedFlow: string | undefined,
): Promise<OAuthOutcome> {
  const now = deps.clock.now();
  const client = providerFor(deps, req.kind, provider);
  const flow = unseal(deps, FLOW_PURPOSE, flowSchema, sealedFlow);
  const intent = flow?.intent ?? "signin";
  const fail = async (
    reason: OAuthFailureReason,
    extra: { userId?: string | null; detail?: string; type?: "SOCIAL_LOGIN_FAILED" | "IDENTITY_LINKED" } = {},
  ): Promise<OAuthOutcome> => {
    await recordAuthEventFrom(deps.db, req, {
      type: extra.type ?? (intent === "link" ? "IDENTITY_LINKED" : "SOCIAL_LOGIN_FAILED"),
      outcome: "FAILURE",
      userId: extra.userId ?? flow?.userId ?? null,
      failureReason: reason,
      metadata: { provider, kind: req.kind, ...(extra.detail ? { detail: extra.detail.slice(0, 100) } : {}) },
      at: now,
    });
    return { kind: "FAILED", reason, redirect: failurePage(intent, reason) };
  };

  if (!flow || flow.expiresAt <= now.getTime()) return fail("FLOW_EXPIRED");
  if (flow.provider !== provider || flow.kind !== req.kind) return fail("STATE_MISMATCH");
  const providerError = callbackUrl.searchParams.get("error");
  if (providerError) return fail("CANCELLED", { detail: providerError });
  const state = callbackUrl.searchParams.get("state") ?? "";
  if (!sameString(state, flow.state)) return fail("STATE_MISMATCH");
  if (flow.intent === "link" && flow.userId !== req.currentUserId) return fail("SIGN_IN_REQUIRED");

  let profile: ProviderProfile;
  try {
    profile = await client.exchange(
      oauthRedirectUri(deps, req.kind, provider),
      callbackUrl,
      { state: flow.state, codeVerifier: flow.codeVerifier, nonce: flow.nonce },
      now,
    );
  } catch (error) {
    if (error instanceof OAuthExchangeError) return fail(error.reason, { detail: error.detail });
    throw error;
  }

  const providerName = providerEnum[provider];
  const linked = await findLinkedIdentity(deps.db, providerName, profile.providerUserId);

  // Connecting another sign-in method from Account → Security (the session proves the owner).
  if (flow.intent === "link" && flow.userId) {
    if (linked && linked.userId !== flow.userId) return fail("ALREADY_LINKED");
    if (!linked)
      await makeLink(deps, req, flow.userId, provider, profile.providerUserId, { via: "account_security" });
    return { kind: "LINKED", redirect: `/account/security?linked=${provider}` };
  }

  if (linked) {
    const user = await findUserById(deps.db, linked.userId);
    if (!user) {
      // The account was deleted: its old link means nothing now.
      await removeIdentity(deps.db, linked.id);
    } else {
      return signInLinkedUser(deps, req, user, provider, fail);
    }
  }

  // The admin console signs in linked platform admins only: no sign-up, no linking there.
  if (req.kind === "ADMIN") return fail("NOT_LINKED");
  if (!profile.email) return fail("NO_EMAIL");
  const existing = await emailExists(deps.db, profile.email);
  // An unverified address proves nothing: it never matches an account, nor creates one (a later
  // sign-up by the real owner would otherwise find an account someone else controls).
  if (!profile.emailVerified) return fail("EMAIL_NOT_VERIFIED", { userId: existing?.id ?? null });
  if (existing) {
    const pending: PendingLink = {
      v: 1,
      provider,
      providerUserId: profile.providerUserId,
      userId: existing.id,
      email: existing.email,
      expiresAt: now.getTime() + OAUTH_LINK_TTL_MS,
    };
    await recordAuthEventFrom(deps.db, req, {
      type: "SOCIAL_LOGIN",
      outcome: "FAILURE",
      userId: existing.id,
      failureReason: "LINK_CONFIRMATION_REQUIRED",
      metadata: { provider },
      at: now,
    });
    return {
      kind: "LINK_PENDING",
      linkCookie: seal(deps, LINK_PURPOSE, pending),
      redirect: `/sign-in?link=${provider}&email=${encodeURIComponent(existing.email)}`,
    };
  }
  return signUpWithProvider(deps, req, provider, { ...profile, email: profile.email }, fail);
}

async function signInLinkedUser(
  deps: Deps,
  req: AuthRequest,
  user: NonNullable<Awaited<ReturnType<typeof findUserById>>>,
  provider: OAuthProviderId,
  fail: (reason: OAuthFailureReason, extra?: { userId?: string | null }) => Promise<OAuthOutcome>,
): Promise<OAuthOutcome> {
  const now = deps.clock.now();
  if (user.status !== "ACTIVE") return fail("ACCOUNT_BLOCKED", { userId: user.id });
  if (req.kind === "ADMIN" && user.platformRole !== "SUPERADMIN")
    return fail("NOT_LINKED", { userId: user.id });
  return deps.db.$transaction(async (tx) => {
    // 2FA applies whatever the first factor: the session waits for the code.
    const twoFactorPending = user.twoFactorEnabled;
    if (req.currentSessionId) await tx.session.deleteMany({ where: { id: req.currentSessionId } });
    const session = await issueSession(tx, req, user.id, now, twoFactorPending);
    if (!twoFactorPending) await recordLogin(tx, user.id, req, now);
    await recordAuthEventFrom(tx, req, {
      type: "SOCIAL_LOGIN",
      outcome: "SUCCESS",
      userId: user.id,
      metadata: { provider, twoFactorPending, kind: req.kind },
      at: now,
    });
    return twoFactorPending
      ? { kind: "TWO_FACTOR_REQUIRED" as const, session, redirect: "/sign-in" }
      : { kind: "SIGNED_IN" as const, session, redirect: "/" };
  });
}

/** A new person: the same account, personal workspace and welcome mail as an email sign-up. */
async function signUpWithProvider(
  deps: Deps,
  req: AuthRequest,
  provider: OAuthProviderId,
  profile: ProviderProfile & { email: string },
  fail: (reason: OAuthFailureReason) => Promise<OAuthOutcome>,
): Promise<OAuthOutcome> {
  const now = deps.clock.now();
  if (!(await configValue(deps, "auth.signup_enabled"))) return fail("SIGNUP_DISABLED");
  const deletions = await countRecentDeletions(
    deps.db,
    profile.email,
    new Date(now.getTime() - deletedEmailRule.windowMs),
  );
  if (deletions >= deletedEmailRule.maxDeletions) return fail("EMAIL_RECENTLY_DELETED");
  try {
    return await deps.db.$transaction(async (tx) => {
      const user = await createProviderUser(tx, {
        email: profile.email,
        name: profile.name,
        avatarUrl: profile.avatarUrl,
        provider: providerEnum[provider],
        locale: "en",
        now,
      });
      await linkIdentity(tx, {
        userId: user.id,
        provider: providerEnum[provider],
        providerUserId: profile.providerUserId,
        now,
      });
      await createPersonalWorkspace(tx, user);
      await mailUser(tx, deps.boss, user, "WELCOME", { name: user.name, link: deps.config.webUrl });
      await recordAuthEventFrom(tx, req, {
        type: "REGISTRATION",
        outcome: "SUCCESS",
        userId: user.id,
        metadata: { via: provider },
        at: now,
      });
      await recordAuthEventFrom(tx, req, {
        type: "IDENTITY_LINKED",
        outcome: "SUCCESS",
        userId: user.id,
        metadata: { provider, via: "sign_up" },
        at: now,
      });
      if (req.currentSessionId) await tx.session.deleteMany({ where: { id: req.currentSessionId } });
      const session = await issueSession(tx, req, user.id, now);
      await recordLogin(tx, user.id, req, now);
      await recordAuthEventFrom(tx, req, {
        type: "SOCIAL_LOGIN",
        outcome: "SUCCESS",
        userId: user.id,
        metadata: { provider, newAccount: true, kind: req.kind },
        at: now,
      });
      return { kind: "SIGNED_IN" as const, session, redirect: "/" };
    });
  } catch (error) {
    // The same address or identity registered a moment ago (a double click): start over.
    if (isUniqueViolation(error)) return fail("STATE_MISMATCH");
    throw error;
  }
}

async function makeLink(
  deps: Deps,
  req: AuthRequest,
  userId: string,
  provider: OAuthProviderId,
  providerUserId: string,
  metadata: Record<string, string>,
): Promise<boolean> {
  const now = deps.clock.now();
  try {
    await deps.db.$transaction(async (tx) => {
      await linkIdentity(tx, { userId, provider: providerEnum[provider], providerUserId, now });
      await recordAuthEventFrom(tx, req, {
        type: "IDENTITY_LINKED",
        outcome: "SUCCESS",
        userId,
        metadata: { provider, ...metadata },
        at: now,
      });
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * After a password sign-in (and its second factor) on the same browser: makes the link parked by
 * an earlier provider callback, if it was for this very account and hasn't expired.
 */
export async function completePendingLink(
  deps: Deps,
  req: AuthRequest,
  sealed: string | undefined,
  userId: string,
): Promise<OAuthProviderId | null> {
  const link = unseal(deps, LINK_PURPOSE, linkSchema, sealed);
  if (!link || link.userId !== userId || link.expiresAt <= deps.clock.now().getTime()) return null;
  const existing = await findLinkedIdentity(deps.db, providerEnum[link.provider], link.providerUserId);
  if (existing) return existing.userId === userId ? link.provider : null;
  const made = await makeLink(deps, req, userId, link.provider, link.providerUserId, {
    via: "sign_in_confirmation",
  });
  return made ? link.provider : null;
}

/** What a parked link is about, for the sign-in page's banner (null when none or expired). */
export function describePendingLink(
  deps: Deps,
  sealed: string | undefined,
): { provider: OAuthProviderId; name: string } | null {
  const link = unseal(deps, LINK_PURPOSE, linkSchema, sealed);
  if (!link || link.expiresAt <= deps.clock.now().getTime()) return null;
  const client = deps.oauth?.providers.get(link.provider);
  return client ? { provider: link.provider, name: client.displayName } : null;
}

// ── Account → Security ───────────────────────────────────────────────────────────────────────

export interface SignInMethods {
  hasPassword: boolean;
  identities: { id: string; provider: OAuthProviderId; name: string; linkedAt: Date }[];
  /** Providers configured here and not linked yet. */
  available: { id: OAuthProviderId; name: string }[];
}

export async function listSignInMethods(deps: Deps, actor: UserActor): Promise<SignInMethods> {
  const [rows, password] = await Promise.all([
    listIdentities(deps.db, actor.userId),
    hasPassword(deps.db, actor.userId),
  ]);
  const offered = availableProviders(deps, "WEB");
  const identities = rows.flatMap((row) => {
    const id = providerIdOf[row.provider];
    if (!id) return [];
    const name = deps.oauth?.providers.get(id)?.displayName ?? defaultNames[id];
    return [{ id: row.id, provider: id, name, linkedAt: row.createdAt }];
  });
  return {
    hasPassword: password,
    identities,
    available: offered.filter((p) => !identities.some((i) => i.provider === p.id)),
  };
}

const defaultNames: Record<OAuthProviderId, string> = {
  google: "Google",
  github: "GitHub",
  oidc: "OpenID Connect",
};

/** Disconnects a provider; refused when it is the account's last way to sign in. */
export async function unlinkIdentity(
  deps: Deps,
  actor: UserActor,
  input: { identityId: string },
): Promise<{ ok: true }> {
  const now = deps.clock.now();
  const outcome = await deps.db.$transaction(async (tx) => {
    // Serialise with concurrent unlinks of the same account, so two can't both pass the check.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${actor.userId}::uuid FOR UPDATE`;
    const rows = await listIdentities(tx, actor.userId);
    const row = rows.find((r) => r.id === input.identityId);
    if (!row) return { status: "NOT_FOUND" as const };
    const provider = providerIdOf[row.provider] ?? row.provider;
    if (rows.length === 1 && !(await hasPassword(tx, actor.userId)))
      return { status: "LAST" as const, provider };
    await removeIdentity(tx, row.id);
    await recordAuthEventFrom(tx, actor, {
      type: "IDENTITY_UNLINKED",
      outcome: "SUCCESS",
      userId: actor.userId,
      metadata: { provider },
      at: now,
    });
    return { status: "OK" as const };
  });
  if (outcome.status === "NOT_FOUND")
    throw new AppError("NOT_FOUND", "This sign-in method isn't linked to your account.");
  if (outcome.status === "LAST") {
    await recordAuthEventFrom(deps.db, actor, {
      type: "IDENTITY_UNLINKED",
      outcome: "FAILURE",
      userId: actor.userId,
      failureReason: "LAST_SIGN_IN_METHOD",
      metadata: { provider: outcome.provider },
      at: now,
    });
    throw new AppError(
      "PRECONDITION_FAILED",
      "This is your only way to sign in. Set a password or connect another account first.",
      undefined,
      "LAST_SIGN_IN_METHOD",
    );
  }
  return { ok: true };
}
