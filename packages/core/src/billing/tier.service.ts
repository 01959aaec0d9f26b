import type { DbOrTx } from "@quartet/db/client";
import type { Plan } from "@quartet/db/enums";
import type { Deps } from "../deps.ts";
import { findUserTierFacts } from "./day-pass.repository.ts";
import { PERSON_TIERS, type PersonTier, type ToolsEntitlements } from "./plans.ts";
import { findMemberSubscriptions } from "./subscription.repository.ts";
import { effectivePlan } from "./subscription.ts";

// A person's tier for Tools (filezzy GUEST / FREE / PREMIUM), derived on every call from the plans of
// their workspaces and their Day Pass, never stored.

/** The rule on its own: PREMIUM with an active Day Pass or any workspace on a paid plan. */
export function tierFrom(
  facts: { signedIn: boolean; dayPassExpiresAt: Date | null; workspacePlans: readonly Plan[] },
  now: Date,
): PersonTier {
  if (!facts.signedIn) return "GUEST";
  if (facts.dayPassExpiresAt && now.getTime() < facts.dayPassExpiresAt.getTime()) return "PREMIUM";
  return facts.workspacePlans.some((p) => p !== "FREE") ? "PREMIUM" : "FREE";
}

/** The tier of `userId` (null = a guest) at the clock's now. */
export async function tierOf(
  deps: { db: DbOrTx; clock: Deps["clock"] },
  userId: string | null,
): Promise<PersonTier> {
  if (!userId) return "GUEST";
  const now = deps.clock.now();
  const [user, subs] = await Promise.all([
    findUserTierFacts(deps.db, userId),
    findMemberSubscriptions(deps.db, userId),
  ]);
  if (!user || user.deletedAt) return "GUEST";
  return tierFrom(
    {
      signedIn: true,
      dayPassExpiresAt: user.dayPassExpiresAt,
      workspacePlans: subs.map((s) => effectivePlan(s, now)),
    },
    now,
  );
}

/** Tools limits of a person. */
export async function toolsEntitlementsOf(
  deps: { db: DbOrTx; clock: Deps["clock"] },
  userId: string | null,
): Promise<{ tier: PersonTier } & ToolsEntitlements> {
  const tier = await tierOf(deps, userId);
  return { tier, ...PERSON_TIERS[tier] };
}
