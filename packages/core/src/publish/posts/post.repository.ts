import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// The only code that reads and writes posts, their tags and (at schedule time) their publications.

export const postSelect = {
  id: true,
  organizationId: true,
  group: true,
  state: true,
  publishDate: true,
  timezone: true,
  content: true,
  title: true,
  image: true,
  settings: true,
  parentPostId: true,
  threadOrder: true,
  intervalInDays: true,
  repeatCount: true,
  releaseId: true,
  releaseURL: true,
  error: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  integration: {
    select: { id: true, name: true, providerIdentifier: true, additionalSettings: true, deletedAt: true },
  },
  tags: { select: { tag: { select: { id: true, name: true, color: true } } } },
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.PostSelect;

export type PostRow = Prisma.PostGetPayload<{ select: typeof postSelect }>;

export const publicationSelect = {
  id: true,
  occurrence: true,
  scheduledAt: true,
  state: true,
  attempts: true,
  publishedAt: true,
  releaseURL: true,
  errorCode: true,
  errorMessage: true,
} as const satisfies Prisma.PostPublicationSelect;

export const findPost = (db: DbOrTx, orgId: string, postId: string) =>
  db.post.findFirst({ where: { id: postId, organizationId: orgId, deletedAt: null }, select: postSelect });

/** The top-level posts of a group (one per channel), oldest first. */
export const findGroupPosts = (db: DbOrTx, orgId: string, group: string) =>
  db.post.findMany({
    where: { organizationId: orgId, group, parentPostId: null, deletedAt: null },
    orderBy: { createdAt: "asc" },
    select: postSelect,
  });

export const findThread = (db: DbOrTx, parentId: string) =>
  db.post.findMany({
    where: { parentPostId: parentId, deletedAt: null },
    orderBy: { threadOrder: "asc" },
    select: { id: true, content: true, threadOrder: true, releaseURL: true },
  });

export const listPublications = (db: DbOrTx, postId: string) =>
  db.postPublication.findMany({
    where: { postId },
    orderBy: { occurrence: "asc" },
    select: publicationSelect,
  });

export function listRange(
  db: DbOrTx,
  orgId: string,
  filter: {
    from: Date;
    to: Date;
    channelIds?: string[];
    customerId?: string;
    states?: Prisma.PostWhereInput["state"][];
  },
) {
  return db.post.findMany({
    where: {
      organizationId: orgId,
      deletedAt: null,
      parentPostId: null,
      publishDate: { gte: filter.from, lt: filter.to },
      ...(filter.channelIds ? { integrationId: { in: filter.channelIds } } : {}),
      ...(filter.customerId ? { integration: { customerId: filter.customerId } } : {}),
      ...(filter.states ? { state: { in: filter.states as never } } : {}),
    },
    orderBy: [{ publishDate: "asc" }, { id: "asc" }],
    take: 2000,
    select: postSelect,
  });
}

export const findLiveTags = (db: DbOrTx, orgId: string, ids: readonly string[]) =>
  db.tags.findMany({
    where: { id: { in: [...ids] }, organizationId: orgId, deletedAt: null },
    select: { id: true },
  });

export const findLibraryMedia = (db: DbOrTx, orgId: string, ids: readonly string[]) =>
  db.media.findMany({
    where: { id: { in: [...ids] }, organizationId: orgId, deletedAt: null },
    select: { id: true, path: true, type: true, mimeType: true, fileSize: true, durationMs: true, alt: true },
  });

export const findAutoSignature = (db: DbOrTx, orgId: string) =>
  db.signatures.findFirst({
    where: { organizationId: orgId, autoAdd: true, deletedAt: null },
    select: { content: true },
  });

export async function replaceTags(db: DbOrTx, orgId: string, postId: string, tagIds: readonly string[]) {
  await db.tagsPosts.deleteMany({ where: { postId } });
  if (tagIds.length > 0)
    await db.tagsPosts.createMany({
      data: tagIds.map((tagId) => ({ postId, tagId, organizationId: orgId })),
      skipDuplicates: true,
    });
}
