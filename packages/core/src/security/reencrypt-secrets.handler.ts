import { decryptSecret, encryptSecret, type KeyRing, needsReencrypt } from "@quartet/auth/crypto";
import type { Db } from "@quartet/db/client";
import { securityReencryptSecretsJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import type { AppConfig, Logger } from "../deps.ts";
import { TOTP_SECRET_PURPOSE } from "../identity/identity.shared.ts";
import { CONNECTION_TOKEN_PURPOSE } from "../inbox/connections/connection-secrets.ts";
import { CHANNEL_TOKEN_PURPOSE } from "../publish/channels/channel-secrets.ts";
import { WEBHOOK_SECRET_PURPOSE } from "../publish/webhooks/webhook-secrets.ts";
import { keyRingOf } from "./key-ring.ts";

// After a key rotation (QUARTET_ENCRYPTION_KEY = the new key, the old one moved to
// QUARTET_ENCRYPTION_KEYS_PREVIOUS), this job rewrites every stored secret still sealed under an
// older key (or in the pre-ring "v1." format) with the newest key: platform connection tokens,
// Publish channel tokens and webhook secrets, and users' TOTP secrets. (OAuth sign-in tokens are never stored.) It walks each table in id order in
// small batches, one short transaction per row, each a compare-and-set on the old value, so it can
// run while the app is live, be stopped and restarted, and run twice. Once it reports nothing left,
// the old key can be removed from the ring.

export interface ReencryptDeps {
  db: Db;
  config: Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">;
  log: Logger;
}

export interface ReencryptReport {
  primaryKeyId: string;
  connections: { reencrypted: number; unreadable: number };
  totpSecrets: { reencrypted: number; unreadable: number };
  /** Publish channel tokens and outgoing webhook secrets. */
  publishSecrets: { reencrypted: number; unreadable: number };
}

const DEFAULT_BATCH = 200;

/** A sealed value moved to the primary key; null when it can't be read with any key of the ring. */
function moveToPrimary(ring: KeyRing, purpose: string, sealed: string): string | null {
  try {
    return encryptSecret(ring, purpose, decryptSecret(ring, purpose, sealed));
  } catch {
    return null;
  }
}

/** Values not sealed by the primary key start with anything but `<primaryId>:`. */
const notPrimary = (ring: KeyRing) => `${ring.primary.id}:%`;

async function reencryptConnections(deps: ReencryptDeps, ring: KeyRing, batch: number) {
  const result = { reencrypted: 0, unreadable: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await deps.db.$queryRaw<{ id: string; accessToken: string; refreshToken: string | null }[]>`
      SELECT id, access_token AS "accessToken", refresh_token AS "refreshToken"
        FROM platform_connections
       WHERE id > ${after}::uuid
         AND ((access_token <> '' AND access_token NOT LIKE ${notPrimary(ring)})
              OR (refresh_token IS NOT NULL AND refresh_token <> '' AND refresh_token NOT LIKE ${notPrimary(ring)}))
       ORDER BY id
       LIMIT ${batch}`;
    if (rows.length === 0) return result;
    after = rows[rows.length - 1]?.id ?? after;
    for (const row of rows) {
      const access =
        row.accessToken && needsReencrypt(ring, row.accessToken)
          ? moveToPrimary(ring, CONNECTION_TOKEN_PURPOSE, row.accessToken)
          : row.accessToken;
      const refresh =
        row.refreshToken && needsReencrypt(ring, row.refreshToken)
          ? moveToPrimary(ring, CONNECTION_TOKEN_PURPOSE, row.refreshToken)
          : row.refreshToken;
      if (access === null || (row.refreshToken && refresh === null)) {
        result.unreadable++;
        deps.log.warn({ connectionId: row.id }, "connection token not readable with any key of the ring");
        continue;
      }
      // Compare-and-set: a reconnect or a refresh that wrote new tokens meanwhile wins.
      const { count } = await deps.db.platformConnection.updateMany({
        where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken },
        data: { accessToken: access, refreshToken: refresh },
      });
      result.reencrypted += count;
    }
  }
}

async function reencryptTotpSecrets(deps: ReencryptDeps, ring: KeyRing, batch: number) {
  const result = { reencrypted: 0, unreadable: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await deps.db.$queryRaw<{ id: string; secret: string }[]>`
      SELECT id, two_factor_secret AS secret
        FROM users
       WHERE id > ${after}::uuid
         AND two_factor_secret IS NOT NULL AND two_factor_secret NOT LIKE ${notPrimary(ring)}
       ORDER BY id
       LIMIT ${batch}`;
    if (rows.length === 0) return result;
    after = rows[rows.length - 1]?.id ?? after;
    for (const row of rows) {
      if (!needsReencrypt(ring, row.secret)) continue;
      const moved = moveToPrimary(ring, TOTP_SECRET_PURPOSE, row.secret);
      if (moved === null) {
        result.unreadable++;
        deps.log.warn({ userId: row.id }, "TOTP secret not readable with any key of the ring");
        continue;
      }
      const { count } = await deps.db.user.updateMany({
        where: { id: row.id, twoFactorSecret: row.secret },
        data: { twoFactorSecret: moved },
      });
      result.reencrypted += count;
    }
  }
}

/** One sealed column of a table (publish tables), moved row by row with a compare-and-set. */
async function reencryptColumn(
  deps: ReencryptDeps,
  ring: KeyRing,
  batch: number,
  target: { table: "publish_integrations" | "publish_webhooks"; column: string; purpose: string },
) {
  const result = { reencrypted: 0, unreadable: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await deps.db.$queryRawUnsafe<{ id: string; value: string }[]>(
      `SELECT id, ${target.column} AS value FROM ${target.table}
        WHERE id > $1::uuid AND ${target.column} IS NOT NULL AND ${target.column} <> ''
          AND ${target.column} NOT LIKE $2
        ORDER BY id LIMIT ${Number(batch)}`,
      after,
      notPrimary(ring),
    );
    if (rows.length === 0) return result;
    after = rows[rows.length - 1]?.id ?? after;
    for (const row of rows) {
      if (!needsReencrypt(ring, row.value)) continue;
      const moved = moveToPrimary(ring, target.purpose, row.value);
      if (moved === null) {
        result.unreadable++;
        deps.log.warn({ table: target.table, id: row.id }, "secret not readable with any key of the ring");
        continue;
      }
      result.reencrypted += await deps.db.$executeRawUnsafe(
        `UPDATE ${target.table} SET ${target.column} = $1 WHERE id = $2::uuid AND ${target.column} = $3`,
        moved,
        row.id,
        row.value,
      );
    }
  }
}

const PUBLISH_COLUMNS = [
  { table: "publish_integrations", column: "token", purpose: CHANNEL_TOKEN_PURPOSE },
  { table: "publish_integrations", column: "refresh_token", purpose: CHANNEL_TOKEN_PURPOSE },
  { table: "publish_webhooks", column: "secret", purpose: WEBHOOK_SECRET_PURPOSE },
] as const;

/** Re-encrypts every stored secret not under the newest key. Safe to rerun. */
export async function handleReencryptSecrets(
  deps: ReencryptDeps,
  payload: { batchSize?: number } = {},
): Promise<ReencryptReport> {
  const ring = keyRingOf(deps.config);
  const batch = payload.batchSize ?? DEFAULT_BATCH;
  const connections = await reencryptConnections(deps, ring, batch);
  const totpSecrets = await reencryptTotpSecrets(deps, ring, batch);
  const publishSecrets = { reencrypted: 0, unreadable: 0 };
  for (const target of PUBLISH_COLUMNS) {
    const moved = await reencryptColumn(deps, ring, batch, target);
    publishSecrets.reencrypted += moved.reencrypted;
    publishSecrets.unreadable += moved.unreadable;
  }
  const report = { primaryKeyId: ring.primary.id, connections, totpSecrets, publishSecrets };
  deps.log.info(report, "secrets re-encrypted under the newest key");
  return report;
}

export interface SecretKeyUsage {
  primaryKeyId: string;
  /**
   * Stored secrets per key id ("legacy" for values sealed before key ids), per kind; connections
   * include Publish channel tokens and webhook secrets.
   */
  connections: Record<string, number>;
  totpSecrets: Record<string, number>;
  /** Secrets not under the primary key: 0 means older keys can leave the ring. */
  remaining: number;
}

/** Which keys the stored secrets are under (never the values): when can an old key go? */
export async function secretKeyUsage(deps: Pick<ReencryptDeps, "db" | "config">): Promise<SecretKeyUsage> {
  const ring = keyRingOf(deps.config);
  const keyOf = (column: string) =>
    `CASE WHEN ${column} LIKE 'v1.%' THEN 'legacy' ELSE split_part(${column}, ':', 1) END`;
  const [connections, totp] = await Promise.all([
    deps.db.$queryRawUnsafe<{ key: string; n: number }[]>(
      `SELECT key, count(*)::int AS n FROM (
         SELECT ${keyOf("access_token")} AS key FROM platform_connections WHERE access_token <> ''
         UNION ALL
         SELECT ${keyOf("refresh_token")} FROM platform_connections WHERE refresh_token IS NOT NULL AND refresh_token <> ''
         UNION ALL
         SELECT ${keyOf("token")} FROM publish_integrations WHERE token <> ''
         UNION ALL
         SELECT ${keyOf("refresh_token")} FROM publish_integrations WHERE refresh_token IS NOT NULL AND refresh_token <> ''
         UNION ALL
         SELECT ${keyOf("secret")} FROM publish_webhooks WHERE secret IS NOT NULL AND secret <> ''
       ) s GROUP BY key`,
    ),
    deps.db.$queryRawUnsafe<{ key: string; n: number }[]>(
      `SELECT ${keyOf("two_factor_secret")} AS key, count(*)::int AS n
         FROM users WHERE two_factor_secret IS NOT NULL GROUP BY 1`,
    ),
  ]);
  const toRecord = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));
  const remaining = [...connections, ...totp]
    .filter((r) => r.key !== ring.primary.id)
    .reduce((sum, r) => sum + r.n, 0);
  return {
    primaryKeyId: ring.primary.id,
    connections: toRecord(connections),
    totpSecrets: toRecord(totp),
    remaining,
  };
}

/** Queues the re-encryption (the admin console's button, `pnpm ops reencrypt-secrets`). */
export async function startReencryptSecrets(db: Db, boss: JobSender): Promise<{ jobId: string | null }> {
  // Two runs at once do no harm: each row is a compare-and-set on its old value.
  const jobId = await db.$transaction((tx) => enqueue(boss, tx, securityReencryptSecretsJob, {}));
  return { jobId };
}
