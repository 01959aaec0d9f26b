import type { DbOrTx } from "@quartet/db/client";

// Canned replies of a workspace, and the published KB articles offered as quick replies.

export const cannedSelect = {
  id: true,
  shortcut: true,
  title: true,
  body: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

export function listCannedRows(db: DbOrTx, orgId: string, q: string | undefined) {
  return db.cannedReply.findMany({
    where: {
      organizationId: orgId,
      ...(q
        ? {
            OR: [
              { shortcut: { contains: q, mode: "insensitive" } },
              { title: { contains: q, mode: "insensitive" } },
              { body: { contains: q, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    orderBy: [{ shortcut: "asc" }],
    take: 200,
    select: cannedSelect,
  });
}

export function findCanned(db: DbOrTx, orgId: string, id: string) {
  return db.cannedReply.findFirst({ where: { id, organizationId: orgId }, select: cannedSelect });
}

export function insertCanned(
  db: DbOrTx,
  data: { orgId: string; shortcut: string; title: string; body: string; userId: string; now: Date },
) {
  return db.cannedReply.create({
    data: {
      organizationId: data.orgId,
      shortcut: data.shortcut,
      title: data.title,
      body: data.body,
      createdById: data.userId,
      createdAt: data.now,
      updatedAt: data.now,
    },
    select: cannedSelect,
  });
}

export async function updateCannedRow(
  db: DbOrTx,
  orgId: string,
  id: string,
  data: { shortcut?: string; title?: string; body?: string; updatedAt: Date },
) {
  const { count } = await db.cannedReply.updateMany({ where: { id, organizationId: orgId }, data });
  return count === 1;
}

export async function deleteCannedRow(db: DbOrTx, orgId: string, id: string) {
  const { count } = await db.cannedReply.deleteMany({ where: { id, organizationId: orgId } });
  return count === 1;
}

/** What the variables of a reply need: the contact, the agent and the workspace. */
export async function findRenderContext(db: DbOrTx, orgId: string, conversationId: string, userId: string) {
  const [conversation, agent, org] = await Promise.all([
    db.conversation.findFirst({
      where: { id: conversationId, organizationId: orgId },
      select: { contactName: true, contactUsername: true, contact: { select: { name: true } } },
    }),
    db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } }),
    db.organization.findUnique({ where: { id: orgId }, select: { name: true } }),
  ]);
  return { conversation, agent, org };
}

/** The workspace's slug and whether its help center is public (KB links point at it). */
export function findHelpCenter(db: DbOrTx, orgId: string) {
  return db.organization.findUnique({
    where: { id: orgId },
    select: { slug: true, deskSettings: { select: { helpCenterEnabled: true } } },
  });
}

/** Published articles by their slugs (the search's hits), with their ids and titles. */
export function findPublishedBySlugs(db: DbOrTx, orgId: string, slugs: string[]) {
  return db.kBArticle.findMany({
    where: { organizationId: orgId, status: "PUBLISHED", slug: { in: slugs } },
    select: { id: true, slug: true, title: true, excerpt: true },
  });
}

/** The newest published articles (the picker before anything is typed). */
export function findNewestPublished(db: DbOrTx, orgId: string, take: number) {
  return db.kBArticle.findMany({
    where: { organizationId: orgId, status: "PUBLISHED" },
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take,
    select: { id: true, slug: true, title: true, excerpt: true },
  });
}
