import type { DbOrTx } from "@quartet/db/client";
import type { MessageDirection, Platform } from "@quartet/db/enums";

// The facts DailyAnalytics rolls up, for one workspace day (its time zone), and the stored rows.
// Each fact query is an index range on (organization_id, created_at | first_response_at).

/** Messages created that day, grouped by channel, direction, sender and current assignee. */
export function messageFacts(db: DbOrTx, orgId: string, day: string, tz: string) {
  return db.$queryRaw<
    {
      platform: Platform;
      direction: MessageDirection;
      sent_by: string | null;
      assignee: string | null;
      n: bigint;
    }[]
  >`
    SELECT c.platform, m.direction, m.sent_by_user_id AS sent_by, c.assigned_to_id AS assignee, count(*) AS n
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.organization_id = ${orgId}::uuid
      AND m.created_at >= (${day}::date::timestamp AT TIME ZONE ${tz})
      AND m.created_at < ((${day}::date::timestamp + interval '1 day') AT TIME ZONE ${tz})
      AND m.status <> 'FAILED'
    GROUP BY 1, 2, 3, 4`;
}

/** Conversations started that day, by channel and current assignee. */
export function newConversationFacts(db: DbOrTx, orgId: string, day: string, tz: string) {
  return db.$queryRaw<{ platform: Platform; assignee: string | null; n: bigint }[]>`
    SELECT platform, assigned_to_id AS assignee, count(*) AS n
    FROM conversations
    WHERE organization_id = ${orgId}::uuid
      AND created_at >= (${day}::date::timestamp AT TIME ZONE ${tz})
      AND created_at < ((${day}::date::timestamp + interval '1 day') AT TIME ZONE ${tz})
    GROUP BY 1, 2`;
}

/**
 * Conversations first answered that day: the time from their start to the first answer, by
 * channel and by the agent who answered first.
 */
export function firstResponseFacts(db: DbOrTx, orgId: string, day: string, tz: string) {
  return db.$queryRaw<{ platform: Platform; responder: string | null; seconds: number; n: bigint }[]>`
    SELECT c.platform,
           (SELECT m.sent_by_user_id FROM messages m
             WHERE m.conversation_id = c.id AND m.direction = 'OUTBOUND' AND m.sent_by_user_id IS NOT NULL
             ORDER BY m.created_at, m.id LIMIT 1) AS responder,
           sum(greatest(0, extract(epoch FROM c.first_response_at - c.created_at)))::float8 AS seconds,
           count(*) AS n
    FROM conversations c
    WHERE c.organization_id = ${orgId}::uuid
      AND c.first_response_at >= (${day}::date::timestamp AT TIME ZONE ${tz})
      AND c.first_response_at < ((${day}::date::timestamp + interval '1 day') AT TIME ZONE ${tz})
    GROUP BY 1, 2`;
}

export interface AnalyticsRow {
  scope: string;
  platform: Platform | null;
  userId: string | null;
  messagesReceived: number;
  messagesSent: number;
  conversationsNew: number;
  avgResponseTime: number | null;
  responsesCounted: number;
}

/** Replaces the workspace's rows of `day` (delete + insert: a rerun converges). */
export async function replaceDay(db: DbOrTx, orgId: string, day: string, rows: AnalyticsRow[]) {
  const date = new Date(`${day}T00:00:00Z`);
  await db.dailyAnalytics.deleteMany({ where: { organizationId: orgId, date } });
  if (rows.length === 0) return;
  await db.dailyAnalytics.createMany({
    data: rows.map((r) => ({ organizationId: orgId, date, ...r })),
  });
}

/** Stored rows of [from, to] for the scopes asked. */
export function findRows(db: DbOrTx, orgId: string, from: string, to: string) {
  return db.dailyAnalytics.findMany({
    where: {
      organizationId: orgId,
      date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) },
    },
    select: {
      date: true,
      scope: true,
      platform: true,
      userId: true,
      messagesReceived: true,
      messagesSent: true,
      conversationsNew: true,
      avgResponseTime: true,
      responsesCounted: true,
    },
  });
}

export function findUserNames(db: DbOrTx, ids: string[]) {
  return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
}

/** Workspaces with inbox conversations, a page at a time (the rollup job). */
export async function workspacesWithInbox(db: DbOrTx, after: string | null, take: number) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id FROM organizations o
    WHERE o.deleted_at IS NULL
      AND (${after}::uuid IS NULL OR o.id > ${after}::uuid)
      AND EXISTS (SELECT 1 FROM conversations c WHERE c.organization_id = o.id)
    ORDER BY o.id
    LIMIT ${take}`;
  return rows.map((r) => r.id);
}
