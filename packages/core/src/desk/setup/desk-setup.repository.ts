import type { DbOrTx } from "@quartet/db/client";

/** What the Desk setup steps are computed from: a handful of existence checks, run together. */
export async function findSetupFacts(db: DbOrTx, orgId: string) {
  const [org, publishedArticle, emailTicket, slaPolicy, agents, pendingAgentInvite] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { slug: true, deskSettings: { select: { helpCenterEnabled: true } } },
    }),
    db.kBArticle.findFirst({ where: { organizationId: orgId, status: "PUBLISHED" }, select: { id: true } }),
    db.ticket.findFirst({ where: { organizationId: orgId, channel: "EMAIL" }, select: { id: true } }),
    db.sLAPolicy.findFirst({ where: { organizationId: orgId }, select: { id: true } }),
    // Two people who can answer tickets (the owner counts), whoever is looking.
    db.membership.count({
      where: { organizationId: orgId, disabled: false, role: { in: ["AGENT", "ADMIN", "OWNER"] } },
      take: 2,
    }),
    db.invitation.findFirst({
      where: {
        organizationId: orgId,
        status: "PENDING",
        role: { in: ["AGENT", "ADMIN"] },
        expiresAt: { gt: new Date() },
      },
      select: { id: true },
    }),
  ]);
  return {
    slug: org.slug,
    // No settings row yet means the defaults: the help center is on.
    helpCenterEnabled: org.deskSettings?.helpCenterEnabled ?? true,
    hasPublishedArticle: publishedArticle !== null,
    hasEmailTicket: emailTicket !== null,
    hasSlaPolicy: slaPolicy !== null,
    hasSecondAgent: agents >= 2 || pendingAgentInvite !== null,
  };
}
