import type { DbOrTx } from "@quartet/db/client";
import type { Prisma } from "@quartet/db/types";

// The only code that reads and writes publish_integrations.

export const channelSelect = {
  id: true,
  organizationId: true,
  internalId: true,
  name: true,
  picture: true,
  providerIdentifier: true,
  profile: true,
  disabled: true,
  refreshNeeded: true,
  postingTimes: true,
  additionalSettings: true,
  token: true,
  refreshToken: true,
  createdAt: true,
  customer: { select: { id: true, name: true } },
} as const satisfies Prisma.IntegrationSelect;

export type ChannelRow = Prisma.IntegrationGetPayload<{ select: typeof channelSelect }>;

export const listChannelRows = (db: DbOrTx, orgId: string) =>
  db.integration.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: channelSelect,
  });

export const findChannelRow = (db: DbOrTx, orgId: string, channelId: string) =>
  db.integration.findFirst({
    where: { id: channelId, organizationId: orgId, deletedAt: null },
    select: channelSelect,
  });

/** Live channels of the workspace among `ids` (others are simply absent). */
export const findChannelRows = (db: DbOrTx, orgId: string, ids: readonly string[]) =>
  db.integration.findMany({
    where: { id: { in: [...ids] }, organizationId: orgId, deletedAt: null },
    select: channelSelect,
  });

export const createChannel = (db: DbOrTx, data: Prisma.IntegrationUncheckedCreateInput) =>
  db.integration.create({ data, select: channelSelect });

/** Soft delete: the row stays for its posts' history, its token is wiped. */
export const softDeleteChannel = (db: DbOrTx, orgId: string, channelId: string, now: Date) =>
  db.integration.updateMany({
    where: { id: channelId, organizationId: orgId, deletedAt: null },
    data: { deletedAt: now, disabled: true, token: "", refreshToken: null },
  });

export const updatePostingTimes = (db: DbOrTx, orgId: string, channelId: string, times: { time: number }[]) =>
  db.integration.updateMany({
    where: { id: channelId, organizationId: orgId, deletedAt: null },
    data: { postingTimes: times },
  });
