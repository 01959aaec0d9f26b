import type { DbOrTx } from "@quartet/db/client";
import type { EmailCampaignStatus } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";
import { keysetArgs } from "../pagination.schema.ts";
import type { CampaignSegment } from "./campaign.schema.ts";
import { segmentWhere } from "./campaign-segment.ts";

// The only code that reads and writes email_campaigns and email_campaign_recipients.

export const campaignSelect = {
  id: true,
  name: true,
  emailType: true,
  subject: true,
  content: true,
  translations: true,
  linkUrl: true,
  linkLabel: true,
  recipientsFilter: true,
  status: true,
  scheduledAt: true,
  timezone: true,
  totalRecipients: true,
  sentCount: true,
  failedCount: true,
  expandedAt: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  sentAt: true,
} as const;

export function findCampaigns(
  db: DbOrTx,
  status: EmailCampaignStatus | undefined,
  cursor: string | undefined,
  limit: number,
) {
  return db.emailCampaign.findMany({
    where: status ? { status } : {},
    select: campaignSelect,
    ...keysetArgs(cursor, limit),
  });
}

export function findCampaign(db: DbOrTx, id: string) {
  return db.emailCampaign.findUnique({ where: { id }, select: campaignSelect });
}

/** Locks the campaign row for the rest of the transaction (status changes are serialized). */
export async function lockCampaign(db: DbOrTx, id: string) {
  await db.$queryRaw`SELECT id FROM email_campaigns WHERE id = ${id}::uuid FOR UPDATE`;
  return findCampaign(db, id);
}

export async function countSegment(db: DbOrTx, segment: CampaignSegment, now: Date): Promise<number> {
  const rows = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM users u WHERE ${segmentWhere(segment, now)}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * Adds the next `limit` people of the segment (by user id, after `afterUserId`) as PENDING
 * recipients. Returns the ids of the rows this call created (a retry's conflicts are skipped), the
 * last user id looked at, and how many people were looked at.
 */
export async function insertRecipientBatch(
  db: DbOrTx,
  campaignId: string,
  segment: CampaignSegment,
  now: Date,
  afterUserId: string | null,
  limit: number,
) {
  const after = afterUserId ? Prisma.sql`AND u.id > ${afterUserId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ last: string | null; picked: bigint; ids: string[] | null }[]>`
    WITH picked AS (
      SELECT u.id, u.email, u.locale FROM users u
      WHERE ${segmentWhere(segment, now)} ${after}
      ORDER BY u.id LIMIT ${limit}
    ), ins AS (
      INSERT INTO email_campaign_recipients (id, campaign_id, user_id, email, locale, status, created_at, updated_at)
      SELECT gen_random_uuid(), ${campaignId}::uuid, p.id, p.email, p.locale, 'PENDING', ${now}, ${now} FROM picked p
      ON CONFLICT (campaign_id, user_id) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT id::text FROM picked ORDER BY id DESC LIMIT 1) AS last,
           (SELECT count(*) FROM picked) AS picked,
           (SELECT array_agg(id::text) FROM ins) AS ids`;
  const row = rows[0];
  return { lastUserId: row?.last ?? null, picked: Number(row?.picked ?? 0), ids: row?.ids ?? [] };
}

/** The user id of the campaign's last recipient so far (where a retried expansion resumes). */
export async function lastRecipientUserId(db: DbOrTx, campaignId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    SELECT user_id::text FROM email_campaign_recipients WHERE campaign_id = ${campaignId}::uuid
    ORDER BY user_id DESC LIMIT 1`;
  return rows[0]?.user_id ?? null;
}

export interface BatchRecipientRow {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  locale: string;
  consent: boolean;
  deleted: boolean;
  suppressed: boolean;
}

/** The batch's recipients still PENDING, locked, with what decides whether they get the mail now. */
export function lockPendingRecipients(db: DbOrTx, campaignId: string, ids: string[]) {
  return db.$queryRaw<BatchRecipientRow[]>`
    SELECT r.id::text, r.user_id::text, u.email, u.name, u.locale,
           u.marketing_consent AS consent, (u.deleted_at IS NOT NULL) AS deleted,
           EXISTS (SELECT 1 FROM email_suppressions s WHERE s.email = u.email) AS suppressed
    FROM email_campaign_recipients r JOIN users u ON u.id = r.user_id
    WHERE r.campaign_id = ${campaignId}::uuid AND r.id = ANY(${ids}::uuid[]) AND r.status = 'PENDING'
    ORDER BY r.id
    FOR UPDATE OF r SKIP LOCKED`;
}

export async function markRecipientsSkipped(db: DbOrTx, ids: string[], reason: string) {
  if (!ids.length) return;
  await db.emailCampaignRecipient.updateMany({
    where: { id: { in: ids }, status: "PENDING" },
    data: { status: "SKIPPED", skipReason: reason },
  });
}

export async function skipAllPending(db: DbOrTx, campaignId: string, reason: string) {
  await db.emailCampaignRecipient.updateMany({
    where: { campaignId, status: "PENDING" },
    data: { status: "SKIPPED", skipReason: reason },
  });
}

export function markRecipientQueued(db: DbOrTx, id: string, emailLogId: string) {
  return db.emailCampaignRecipient.update({ where: { id }, data: { status: "QUEUED", emailLogId } });
}

export interface CampaignTally {
  total: number;
  pending: number;
  queued: number;
  skipped: number;
  sent: number;
  failed: number;
}

/**
 * Where the campaign's mails are: sent (accepted, then maybe delivered, bounced, complained),
 * failed for good (retries exhausted, or suppressed), skipped at batch time, the rest in flight.
 */
export async function tallyCampaign(
  db: DbOrTx,
  campaignId: string,
  retryLimit: number,
): Promise<CampaignTally> {
  const rows = await db.$queryRaw<Record<keyof CampaignTally, bigint>[]>`
    SELECT count(*) AS total,
      count(*) FILTER (WHERE r.status = 'PENDING') AS pending,
      count(*) FILTER (WHERE r.status = 'QUEUED') AS queued,
      count(*) FILTER (WHERE r.status = 'SKIPPED') AS skipped,
      count(*) FILTER (WHERE l.status IN ('SENT', 'DELIVERED', 'BOUNCED', 'COMPLAINED')) AS sent,
      count(*) FILTER (WHERE l.status = 'FAILED'
        AND (l.retry_count > ${retryLimit} OR l.error_code IN ('SUPPRESSED', 'INVALID_TEMPLATE'))) AS failed
    FROM email_campaign_recipients r LEFT JOIN email_logs l ON l.id = r.email_log_id
    WHERE r.campaign_id = ${campaignId}::uuid`;
  const r = rows[0];
  const n = (v: bigint | undefined) => Number(v ?? 0);
  return {
    total: n(r?.total),
    pending: n(r?.pending),
    queued: n(r?.queued),
    skipped: n(r?.skipped),
    sent: n(r?.sent),
    failed: n(r?.failed),
  };
}

export function findSendingCampaignIds(db: DbOrTx) {
  return db.emailCampaign.findMany({ where: { status: "SENDING" }, select: { id: true }, take: 100 });
}
