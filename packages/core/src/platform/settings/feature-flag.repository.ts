import type { DbOrTx } from "@quartet/db/client";
import type { UserTier } from "@quartet/db/enums";
import type { FlagTier } from "./user-tier.ts";
import { tierSqlOfUser } from "./user-tier.ts";

export const flagSelect = {
  id: true,
  name: true,
  description: true,
  enabled: true,
  userIds: true,
  userTiers: true,
  rolloutPercent: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function findFlags(db: DbOrTx) {
  return db.featureFlag.findMany({ select: flagSelect, orderBy: { name: "asc" } });
}

export function findFlag(db: DbOrTx, id: string) {
  return db.featureFlag.findUnique({ where: { id }, select: flagSelect });
}

export function findFlagByName(db: DbOrTx, name: string) {
  return db.featureFlag.findUnique({ where: { name }, select: { id: true } });
}

/**
 * The bucket of `flagBucket` in SQL: the first 32 bits of sha256('<flag>:<user id>') as an unsigned
 * integer, mod 100 (the test checks both agree).
 */
export const flagBucketSql = (nameParam: string) =>
  `(('x' || substr(encode(sha256(convert_to(${nameParam} || ':' || u.id::text, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint % 100)`;

interface PreviewRule {
  name: string;
  enabled: boolean;
  userIds: string[];
  userTiers: UserTier[];
  rolloutPercent: number;
}

function matchSql() {
  // $1 name, $2 enabled, $3 user ids, $4 tiers, $5 percent
  return `$2::boolean AND (
      u.id = ANY($3::uuid[])
      OR ${tierSqlOfUser} = ANY($4::text[])
      OR ($5::int > 0 AND ${flagBucketSql("$1::text")} < $5::int)
    )`;
}

const params = (rule: PreviewRule) =>
  [rule.name, rule.enabled, rule.userIds, rule.userTiers, rule.rolloutPercent] as const;

/** How many live accounts a rule reaches, out of how many. */
export async function countFlagAudience(db: DbOrTx, rule: PreviewRule) {
  const rows = await db.$queryRawUnsafe<{ total: bigint; matched: bigint }[]>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${matchSql()}) AS matched
       FROM users u WHERE u.deleted_at IS NULL`,
    ...params(rule),
  );
  return { total: Number(rows[0]?.total ?? 0), matched: Number(rows[0]?.matched ?? 0) };
}

/** A few of the people a rule reaches (most recent sign-ups first). */
export function sampleFlagAudience(db: DbOrTx, rule: PreviewRule, limit: number) {
  return db.$queryRawUnsafe<{ id: string; email: string; name: string | null; tier: FlagTier }[]>(
    `SELECT u.id::text AS id, u.email, u.name, ${tierSqlOfUser} AS tier FROM users u
      WHERE u.deleted_at IS NULL AND ${matchSql()}
      ORDER BY u.created_at DESC, u.id LIMIT ${Math.max(1, Math.min(50, limit))}`,
    ...params(rule),
  );
}

/** Bucket numbers computed by Postgres, for checking they equal the code's. */
export function sqlBuckets(db: DbOrTx, flag: string, userIds: string[]) {
  return db.$queryRawUnsafe<{ id: string; bucket: number }[]>(
    `SELECT u.id::text AS id, ${flagBucketSql("$1::text")}::int AS bucket
       FROM unnest($2::uuid[]) AS u(id)`,
    flag,
    userIds,
  );
}

export function findUserByEmail(db: DbOrTx, email: string) {
  return db.user.findFirst({
    where: { email: { equals: email, mode: "insensitive" }, deletedAt: null },
    select: { id: true, email: true, name: true },
  });
}
