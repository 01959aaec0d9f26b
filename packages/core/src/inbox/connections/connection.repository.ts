import type { DbOrTx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// The only code that reads or writes platform_connections for the Channels page, health and the
// token jobs. Token columns hold sealed values (connection-secrets.ts), never plaintext.

export const connectionSelect = {
  id: true,
  organizationId: true,
  platform: true,
  platformUserId: true,
  platformUsername: true,
  platformDisplayName: true,
  accessToken: true,
  refreshToken: true,
  tokenExpiresAt: true,
  status: true,
  lastSyncAt: true,
  errorMessage: true,
  metadata: true,
  healthNotifiedAt: true,
  createdAt: true,
  updatedAt: true,
  connectedBy: { select: { id: true, name: true } },
  _count: { select: { conversations: true } },
} satisfies Prisma.PlatformConnectionSelect;

export type ConnectionRow = Prisma.PlatformConnectionGetPayload<{ select: typeof connectionSelect }>;

export function listConnectionRows(db: DbOrTx, orgId: string): Promise<ConnectionRow[]> {
  return db.platformConnection.findMany({
    where: { organizationId: orgId },
    select: connectionSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

export function findConnectionRow(db: DbOrTx, orgId: string, id: string): Promise<ConnectionRow | null> {
  return db.platformConnection.findFirst({ where: { id, organizationId: orgId }, select: connectionSelect });
}

export function findConnectionByAccount(
  db: DbOrTx,
  orgId: string,
  platform: Platform,
  platformUserId: string,
): Promise<ConnectionRow | null> {
  return db.platformConnection.findUnique({
    where: { organizationId_platform_platformUserId: { organizationId: orgId, platform, platformUserId } },
    select: connectionSelect,
  });
}

export interface ConnectionWrite {
  platformUsername?: string | null;
  platformDisplayName?: string | null;
  accessToken: string;
  refreshToken?: string | null;
  tokenExpiresAt?: Date | null;
  metadata?: Prisma.InputJsonValue;
  connectedById: string | null;
  now: Date;
}

/**
 * Creates the connection, or brings back the workspace's earlier connection of the same account
 * (its conversations come back with it): ACTIVE, new tokens, health reset.
 */
export function upsertConnection(
  db: DbOrTx,
  key: { orgId: string; platform: Platform; platformUserId: string },
  data: ConnectionWrite,
): Promise<ConnectionRow> {
  const fields = {
    platformUsername: data.platformUsername ?? null,
    platformDisplayName: data.platformDisplayName ?? null,
    accessToken: data.accessToken,
    refreshToken: data.refreshToken ?? null,
    tokenExpiresAt: data.tokenExpiresAt ?? null,
    status: "ACTIVE" as const,
    errorMessage: null,
    healthNotifiedAt: null,
    lastSyncAt: data.now,
    connectedById: data.connectedById,
    ...(data.metadata !== undefined ? { metadata: data.metadata } : {}),
  };
  return db.platformConnection.upsert({
    where: {
      organizationId_platform_platformUserId: {
        organizationId: key.orgId,
        platform: key.platform,
        platformUserId: key.platformUserId,
      },
    },
    create: {
      organizationId: key.orgId,
      platform: key.platform,
      platformUserId: key.platformUserId,
      ...fields,
    },
    update: fields,
    select: connectionSelect,
  });
}

export async function updateConnection(
  db: DbOrTx,
  orgId: string,
  id: string,
  data: Prisma.PlatformConnectionUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await db.platformConnection.updateMany({ where: { id, organizationId: orgId }, data });
  return count === 1;
}

/**
 * Disconnect: tokens wiped (the column is NOT NULL, so an empty string), status DISCONNECTED.
 * Conversations stay, read-only, until the account is connected again.
 */
export async function disconnectConnection(db: DbOrTx, orgId: string, id: string): Promise<boolean> {
  return updateConnection(db, orgId, id, {
    status: "DISCONNECTED",
    accessToken: "",
    refreshToken: null,
    tokenExpiresAt: null,
    errorMessage: null,
    healthNotifiedAt: null,
  });
}

/**
 * ACTIVE/ERROR/EXPIRED → EXPIRED with the reason. A DISCONNECTED connection stays disconnected
 * (false). The owner's mail is claimed separately (claimOutageNotices), once per outage.
 */
export async function markExpired(db: DbOrTx, id: string, reason: string, now: Date): Promise<boolean> {
  const { count } = await db.platformConnection.updateMany({
    where: { id, status: { not: "DISCONNECTED" } },
    data: { status: "EXPIRED", errorMessage: reason.slice(0, 1000), updatedAt: now },
  });
  return count === 1;
}

export interface OutageNotice {
  id: string;
  organizationId: string;
  platform: Platform;
  name: string;
  errorMessage: string | null;
}

/**
 * Claims the owner's mail for connections in trouble that haven't been reported (all, or `id`):
 * one statement sets `health_notified_at`, so each outage is reported once however many sends fail
 * at the same time; reconnecting clears it.
 */
export function claimOutageNotices(db: DbOrTx, now: Date, id: string | null, limit = 100) {
  return db.$queryRaw<OutageNotice[]>`
    UPDATE platform_connections AS c
       SET health_notified_at = ${now}::timestamptz
     WHERE c.id IN (
             SELECT id FROM platform_connections
              WHERE status IN ('EXPIRED', 'ERROR') AND health_notified_at IS NULL
                AND (${id}::uuid IS NULL OR id = ${id}::uuid)
              ORDER BY updated_at
              LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
       AND c.health_notified_at IS NULL
    RETURNING c.id, c.organization_id AS "organizationId", c.platform,
              COALESCE(c.platform_display_name, c.platform_username, c.platform_user_id) AS name,
              c.error_message AS "errorMessage"`;
}

export function listProblemRows(db: DbOrTx, orgId: string) {
  return db.platformConnection.findMany({
    where: { organizationId: orgId, status: { in: ["EXPIRED", "ERROR"] } },
    select: {
      id: true,
      platform: true,
      platformUserId: true,
      platformDisplayName: true,
      platformUsername: true,
      status: true,
      errorMessage: true,
      updatedAt: true,
      healthNotifiedAt: true,
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
  });
}

/** ACTIVE connections whose token expires before `before`, oldest expiry first (the refresh job). */
export function findExpiringConnections(db: DbOrTx, before: Date, take: number, afterId: string | null) {
  return db.platformConnection.findMany({
    where: {
      status: "ACTIVE",
      tokenExpiresAt: { not: null, lt: before },
      platform: { in: ["FACEBOOK", "INSTAGRAM", "WHATSAPP", "TIKTOK"] },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: {
      id: true,
      organizationId: true,
      platform: true,
      platformUserId: true,
      accessToken: true,
      refreshToken: true,
      tokenExpiresAt: true,
      lastSyncAt: true,
      metadata: true,
    },
    orderBy: { id: "asc" },
    take,
  });
}

/** The refresh job's write: only if nobody changed the tokens meanwhile (a reconnect wins). */
export async function storeRefreshedTokens(
  db: DbOrTx,
  id: string,
  expected: { accessToken: string },
  data: { accessToken: string; refreshToken: string | null; tokenExpiresAt: Date | null; now: Date },
): Promise<boolean> {
  const { count } = await db.platformConnection.updateMany({
    where: { id, status: "ACTIVE", accessToken: expected.accessToken },
    data: {
      accessToken: data.accessToken,
      refreshToken: data.refreshToken,
      tokenExpiresAt: data.tokenExpiresAt,
      lastSyncAt: data.now,
      errorMessage: null,
    },
  });
  return count === 1;
}
