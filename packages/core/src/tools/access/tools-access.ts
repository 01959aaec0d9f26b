import { createHash, createHmac, randomBytes } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import type { AccessLevel } from "@quartet/db/enums";
import { findUserTierFacts } from "../../billing/day-pass.repository.ts";
import { periodOf } from "../../billing/entitlements.service.ts";
import { PlanLimitError } from "../../billing/plan-limit.error.ts";
import { PERSON_TIERS, type PersonTier, type ToolsEntitlements } from "../../billing/plans.ts";
import { findMemberSubscriptions } from "../../billing/subscription.repository.ts";
import { effectivePlan } from "../../billing/subscription.ts";
import { tierOf } from "../../billing/tier.service.ts";
import { incrementCounter, readCounter } from "../../billing/usage.repository.ts";
import type { AppConfig, Clock } from "../../deps.ts";
import { AppError, RateLimitError } from "../../errors.ts";

// Who is using Tools and what they may do (filezzy GUEST / FREE / PREMIUM):
//   - a signed-in person: their tier from billing (Day Pass or a paid workspace → PREMIUM);
//   - a guest: the hash of their IP (daily limits, shared by everybody behind it) and the hash of
//     the random `quartet_guest` cookie (what they own: their files and jobs).
// Limits are billing's PERSON_TIERS; operations are counted by billing's `consumePersonal`.

/** The guest cookie: a random token; we only ever store its SHA-256. */
export const GUEST_COOKIE = "quartet_guest";
const GUEST_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const YEAR_SECONDS = 365 * 24 * 3600;

export function guestCookieOptions(production: boolean) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: production, maxAge: YEAR_SECONDS };
}

export const newGuestToken = () => randomBytes(32).toString("base64url");
export const isGuestToken = (value: string | undefined): value is string =>
  typeof value === "string" && GUEST_TOKEN.test(value);
export const guestKeyOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A keyed hash of the IP (not reversible by hashing every IPv4 address without the key). */
export function hashIp(config: Pick<AppConfig, "encryptionKey">, ip: string): string {
  return createHmac("sha256", config.encryptionKey).update(`tools-ip:${ip}`).digest("hex");
}

export type ToolsCaller =
  | { userId: string; guestKey?: null; ipHash: string; userAgent: string }
  | { userId: null; guestKey: string; ipHash: string; userAgent: string };

/**
 * The caller of a Tools request from what the transport read: the signed-in user, or the guest
 * cookie's token (a new one is made and `setGuestToken` called when missing or malformed).
 */
export function toolsCallerOf(
  config: Pick<AppConfig, "encryptionKey">,
  request: {
    userId: string | null;
    ip: string;
    userAgent: string;
    guestToken: string | undefined;
    setGuestToken: (token: string) => void;
  },
): ToolsCaller {
  const ipHash = hashIp(config, request.ip);
  const userAgent = request.userAgent.slice(0, 500);
  if (request.userId) return { userId: request.userId, ipHash, userAgent };
  let token = request.guestToken;
  if (!isGuestToken(token)) {
    token = newGuestToken();
    request.setGuestToken(token);
  }
  return { userId: null, guestKey: guestKeyOf(token), ipHash, userAgent };
}

/** The owner columns of a row the caller creates, and the filter of rows the caller owns. */
export function ownerOf(caller: ToolsCaller) {
  return caller.userId
    ? { userId: caller.userId, guestKey: null }
    : { userId: null, guestKey: caller.guestKey };
}

export interface ToolsLimits {
  operationsPerDay: number | null;
  maxFileSizeMb: number;
  batchSize: number;
  maxPages: number | null;
}

export const limitsOfTier = (tier: PersonTier): ToolsLimits => toLimits(PERSON_TIERS[tier]);

function toLimits(e: ToolsEntitlements): ToolsLimits {
  return {
    operationsPerDay: e["tools.operationsPerDay"],
    maxFileSizeMb: e["tools.maxFileSizeMb"],
    batchSize: e["tools.batchSize"],
    maxPages: e["tools.maxPages"],
  };
}

type AccessDeps = { db: DbOrTx; clock: Clock };

export const tierOfCaller = (deps: AccessDeps, caller: ToolsCaller) => tierOf(deps, caller.userId);

/** The counter billing's consumePersonal writes for this caller today. */
export function operationsCounter(caller: ToolsCaller, now: Date) {
  return {
    subject: caller.userId ? `user:${caller.userId}` : `ip:${caller.ipHash}`,
    metric: "tools.operationsPerDay",
    periodKey: periodOf("day", now).periodKey,
  };
}

export interface ToolsAccessDto {
  tier: PersonTier;
  limits: ToolsLimits;
  usedToday: number;
  dayPassEndsAt: string | null;
}

/** `toolsAccess.me`: the caller's tier, limits, today's operations and Day Pass end. */
export async function toolsAccessMe(deps: AccessDeps, caller: ToolsCaller): Promise<ToolsAccessDto> {
  const now = deps.clock.now();
  const [tier, usedToday, facts] = await Promise.all([
    tierOfCaller(deps, caller),
    readCounter(deps.db, operationsCounter(caller, now)),
    caller.userId ? findUserTierFacts(deps.db, caller.userId) : Promise.resolve(null),
  ]);
  const passEnd = facts?.dayPassExpiresAt;
  return {
    tier,
    limits: limitsOfTier(tier),
    usedToday,
    dayPassEndsAt: passEnd && passEnd.getTime() > now.getTime() ? passEnd.toISOString() : null,
  };
}

const TIER_RANK: Record<PersonTier, number> = { GUEST: 0, FREE: 1, PREMIUM: 2 };

/**
 * A refusal because of the person's tier, shaped like billing's plan-limit errors (402, reason
 * PLAN_LIMIT, details with the key and the plan that lifts it) so the web shows its upgrade dialog.
 */
export function tierLimitError(
  tier: PersonTier,
  key: "tools.operationsPerDay" | "tools.maxFileSizeMb" | "tools.batchSize" | "tools.maxPages",
  facts: { limit: number; current: number; requested: number },
  message: string,
): PlanLimitError {
  const error = new PlanLimitError(message, { key, ...facts, plan: "FREE", upgradeTo: "PRO" });
  Object.assign(error.details, { tier, signUp: tier === "GUEST" });
  return error;
}

/** The tool's access level against the caller's tier: sign up (guest) or upgrade (free). */
export function assertToolAccess(tier: PersonTier, tool: { name: string; accessLevel: AccessLevel }): void {
  if (TIER_RANK[tier] >= TIER_RANK[tool.accessLevel]) return;
  if (tier === "GUEST") {
    throw new AppError(
      "UNAUTHORIZED",
      `${tool.name} is for signed-in users. Create a free account to use it.`,
      undefined,
      "TOOLS_SIGN_IN_REQUIRED",
    );
  }
  const error = new PlanLimitError(`${tool.name} is a Premium tool. A Day Pass or the Pro plan unlocks it.`, {
    key: "tools.batchSize",
    limit: 0,
    current: 0,
    requested: 1,
    plan: "FREE",
    upgradeTo: "PRO",
  });
  Object.assign(error.details, { key: "tools.premiumTool", tier });
  throw error;
}

/** The paid workspace whose plan makes a person PREMIUM (recorded on their jobs); null when none. */
export async function paidWorkspaceOf(deps: AccessDeps, userId: string): Promise<string | null> {
  const now = deps.clock.now();
  const subs = await findMemberSubscriptions(deps.db, userId);
  return subs.find((s) => effectivePlan(s, now) !== "FREE")?.organizationId ?? null;
}

/**
 * Uploads a day per person (guests per IP): uploads are not operations, but each takes storage
 * until it expires, so a flood is refused (PREMIUM: no cap).
 */
export const UPLOADS_PER_DAY: Record<PersonTier, number | null> = { GUEST: 50, FREE: 200, PREMIUM: null };

export async function countUpload(deps: AccessDeps, caller: ToolsCaller, tier: PersonTier): Promise<void> {
  const now = deps.clock.now();
  const limit = UPLOADS_PER_DAY[tier];
  const { periodKey, expiresAt } = periodOf("day", now);
  const key = { ...operationsCounter(caller, now), metric: "tools.uploadsPerDay", periodKey };
  const owner = caller.userId ? { userId: caller.userId } : {};
  const after = await incrementCounter(deps.db, key, owner, 1, limit, expiresAt, now);
  if (after === null) {
    const midnight = new Date(`${periodKey}T00:00:00.000Z`).getTime() + 86_400_000;
    throw new RateLimitError(
      `You've uploaded ${limit} files today, the most for your plan. Try again tomorrow${tier === "GUEST" ? " or sign up for free" : ""}.`,
      Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)),
      "TOOLS_UPLOADS_PER_DAY",
    );
  }
}
