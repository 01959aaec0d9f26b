import type { DbOrTx } from "@quartet/db/client";
import { tierOf } from "../../billing/tier.service.ts";
import type { Deps } from "../../deps.ts";

// The one place flags learn a person's tier: billing's `tierOf` (derived from the plans of their
// workspaces and an active Day Pass, never stored). GUEST never reaches a flag: flags are evaluated
// for signed-in people only.

export type FlagTier = "FREE" | "PREMIUM";

export async function tierForFlags(
  deps: { db: DbOrTx; clock: Deps["clock"] },
  userId: string,
): Promise<FlagTier> {
  const tier = await tierOf(deps, userId);
  return tier === "PREMIUM" ? "PREMIUM" : "FREE";
}

/**
 * The same rule in SQL over `users u`, for the admin preview that counts every account at once:
 * an active Day Pass, or a membership in a live workspace whose plan (billing's projection of the
 * subscription on `organizations.plan`) isn't FREE.
 */
export const tierSqlOfUser = `(CASE WHEN u.day_pass_expires_at > now() OR EXISTS (
    SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = u.id AND NOT m.disabled AND o.deleted_at IS NULL AND o.plan::text <> 'FREE'
  ) THEN 'PREMIUM' ELSE 'FREE' END)`;
