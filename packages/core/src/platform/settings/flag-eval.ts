import { createHash } from "node:crypto";
import type { UserTier } from "@quartet/db/enums";

/** What a flag's evaluation needs (the FeatureFlag row minus bookkeeping). */
export interface FlagRule {
  name: string;
  enabled: boolean;
  userIds: string[];
  userTiers: UserTier[];
  rolloutPercent: number;
}

export interface FlagSubject {
  id: string;
  /** billing's tier of the person (user-tier.ts); a flag targets FREE and/or PREMIUM. */
  tier: string;
}

export type FlagReason = "off" | "user" | "tier" | "rollout" | "not_targeted";

/**
 * The user's stable bucket 0..99 for one flag: the first 32 bits of sha256("<flag>:<userId>") mod 100.
 * Per flag, so the same people aren't always the first 10 % of every rollout; stable, so raising
 * the percent only adds people. `flagBucketSql` computes the same number in Postgres (the preview).
 */
export function flagBucket(flagName: string, userId: string): number {
  const digest = createHash("sha256").update(`${flagName}:${userId}`, "utf8").digest();
  return digest.readUInt32BE(0) % 100;
}

/** Why a flag is on or off for one person: the master switch, then user ids, tiers, rollout. */
export function flagDecision(flag: FlagRule, subject: FlagSubject): { on: boolean; reason: FlagReason } {
  if (!flag.enabled) return { on: false, reason: "off" };
  if (flag.userIds.includes(subject.id)) return { on: true, reason: "user" };
  if ((flag.userTiers as string[]).includes(subject.tier)) return { on: true, reason: "tier" };
  if (flag.rolloutPercent > 0 && flagBucket(flag.name, subject.id) < flag.rolloutPercent)
    return { on: true, reason: "rollout" };
  return { on: false, reason: "not_targeted" };
}

export function isFlagOn(flag: FlagRule, subject: FlagSubject): boolean {
  return flagDecision(flag, subject).on;
}

/** Every flag's answer for one person: what the session query hands the client. */
export function evaluateFlags(flags: readonly FlagRule[], subject: FlagSubject): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const flag of flags) out[flag.name] = isFlagOn(flag, subject);
  return out;
}
