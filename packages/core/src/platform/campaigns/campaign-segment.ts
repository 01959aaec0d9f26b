import { Prisma } from "@quartet/db/types";
import type { CampaignSegment } from "./campaign.schema.ts";

/**
 * Plan and tier conditions of a segment, in one place. The tier is billing's rule (`tierFrom` in
 * billing/tier.service.ts: PREMIUM with an active Day Pass or any workspace on a paid plan), written
 * set-based over Organization.plan, the projection billing keeps of each workspace's effective
 * plan, because `tierOf` answers for one person at a time. Plans are those of the live workspaces
 * the person is an active member of. Swap this function if billing grows a set-based read.
 */
export function planTierConditions(segment: CampaignSegment, now: Date): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  const memberOfPlans = (plans: Prisma.Sql) =>
    Prisma.sql`EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
      WHERE m.user_id = u.id AND NOT m.disabled AND o.deleted_at IS NULL AND ${plans})`;
  if (segment.tiers.length) {
    const premium = Prisma.sql`(COALESCE(u.day_pass_expires_at > ${now}, false) OR ${memberOfPlans(Prisma.sql`o.plan <> 'FREE'`)})`;
    const tiers = new Set(segment.tiers);
    if (tiers.has("PREMIUM") && !tiers.has("FREE")) out.push(premium);
    else if (tiers.has("FREE") && !tiers.has("PREMIUM")) out.push(Prisma.sql`NOT ${premium}`);
  }
  if (segment.plans.length) out.push(memberOfPlans(Prisma.sql`o.plan::text = ANY(${segment.plans}::text[])`));
  return out;
}

/**
 * The WHERE clause (over `users u`) of everyone a segment reaches: never a deleted account, never
 * someone without marketing consent, never a suppressed address.
 */
export function segmentWhere(segment: CampaignSegment, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`u.deleted_at IS NULL`,
    Prisma.sql`u.marketing_consent = true`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM email_suppressions s WHERE s.email = u.email)`,
  ];
  if (segment.statuses.length) conditions.push(Prisma.sql`u.status::text = ANY(${segment.statuses}::text[])`);
  if (segment.locales.length)
    conditions.push(Prisma.sql`split_part(lower(u.locale), '-', 1) = ANY(${segment.locales}::text[])`);
  if (segment.signedUpFrom)
    conditions.push(Prisma.sql`u.created_at >= ${new Date(`${segment.signedUpFrom}T00:00:00Z`)}`);
  if (segment.signedUpTo) {
    const end = new Date(`${segment.signedUpTo}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    conditions.push(Prisma.sql`u.created_at < ${end}`);
  }
  conditions.push(...planTierConditions(segment, now));
  return Prisma.join(conditions, " AND ");
}
