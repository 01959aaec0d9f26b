import type { DbOrTx } from "@quartet/db/client";
import type { MessageStatus } from "@quartet/db/enums";

// What the chat widget's public API reads and writes: the widget connection by its public key,
// the visitor's own conversation (by visitor id), its messages, and the delivery / read marks of
// agent replies (WEBCHAT has no platform: the visitor's browser fetching them is the delivery).

export function findWidget(db: DbOrTx, publicKey: string) {
  return db.platformConnection.findFirst({
    where: { platform: "WEBCHAT", platformUserId: publicKey },
    select: {
      id: true,
      organizationId: true,
      platformUserId: true,
      platformDisplayName: true,
      accessToken: true,
      status: true,
      metadata: true,
    },
  });
}
export type WidgetRow = NonNullable<Awaited<ReturnType<typeof findWidget>>>;

export function findVisitorConversation(db: DbOrTx, connectionId: string, visitorId: string) {
  return db.conversation.findUnique({
    where: { platformConnectionId_externalId: { platformConnectionId: connectionId, externalId: visitorId } },
    select: { id: true, organizationId: true, contactId: true },
  });
}

export interface MessageKey {
  at: Date;
  id: string;
}

/**
 * What the visitor's browser hasn't had yet, oldest first: messages after `after`, and every agent
 * reply not yet delivered to them (a reply whose transaction committed after a later message, or
 * stamped in the same millisecond, would hide behind a time cursor). Never internal notes or
 * replies that failed. At most `take`.
 */
export function listVisitorMessages(
  db: DbOrTx,
  conversationId: string,
  after: MessageKey | null,
  take: number,
) {
  return db.message.findMany({
    where: {
      conversationId,
      AND: [
        { OR: [{ direction: "INBOUND" }, { direction: "OUTBOUND", status: { not: "FAILED" } }] },
        ...(after
          ? [
              {
                OR: [
                  { createdAt: { gt: after.at } },
                  { createdAt: after.at, id: { gt: after.id } },
                  { direction: "OUTBOUND" as const, status: { in: ["PENDING" as const, "SENT" as const] } },
                ],
              },
            ]
          : []),
      ],
    },
    select: {
      id: true,
      direction: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      status: true,
      createdAt: true,
      sentByUser: { select: { name: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take,
  });
}
export type VisitorMessageRow = Awaited<ReturnType<typeof listVisitorMessages>>[number];

/** The newest `take` messages (a returning visitor's history), oldest first. */
export async function lastVisitorMessages(db: DbOrTx, conversationId: string, take: number) {
  const rows = await db.message.findMany({
    where: {
      conversationId,
      OR: [{ direction: "INBOUND" }, { direction: "OUTBOUND", status: { not: "FAILED" } }],
    },
    select: {
      id: true,
      direction: true,
      content: true,
      contentType: true,
      mediaFileName: true,
      status: true,
      createdAt: true,
      sentByUser: { select: { name: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.reverse();
}

/** Agent replies the visitor's browser just received: DELIVERED (forward only). */
export function markDelivered(db: DbOrTx, conversationId: string, ids: string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([] as { id: string }[]);
  return db.$queryRaw<{ id: string }[]>`
    UPDATE messages
       SET status = 'DELIVERED', delivered_at = COALESCE(delivered_at, ${now}::timestamptz), updated_at = ${now}
     WHERE conversation_id = ${conversationId}::uuid AND id = ANY(${ids}::uuid[])
       AND direction = 'OUTBOUND' AND status IN ('PENDING', 'SENT')
    RETURNING id`;
}

/** Agent replies up to `upTo` (included) were shown to the visitor: READ (forward only). */
export function markReadUpTo(db: DbOrTx, conversationId: string, upTo: MessageKey, now: Date) {
  return db.$queryRaw<{ id: string }[]>`
    UPDATE messages
       SET status = 'READ', delivered_at = COALESCE(delivered_at, ${now}::timestamptz),
           read_at = COALESCE(read_at, ${now}::timestamptz), updated_at = ${now}
     WHERE conversation_id = ${conversationId}::uuid AND direction = 'OUTBOUND'
       AND status IN ('PENDING', 'SENT', 'DELIVERED')
       AND (created_at, id) <= (${upTo.at}::timestamptz, ${upTo.id}::uuid)
    RETURNING id`;
}

export function findMessageKey(db: DbOrTx, conversationId: string, id: string) {
  return db.message.findFirst({ where: { id, conversationId }, select: { id: true, createdAt: true } });
}

/** Where the visitor is (the page URL), for the agent. */
export async function noteVisitorPage(db: DbOrTx, conversationId: string, pageUrl: string, now: Date) {
  await db.$executeRaw`
    UPDATE conversations
       SET metadata = metadata || jsonb_build_object('widget',
             COALESCE(metadata->'widget', '{}'::jsonb) || jsonb_build_object('pageUrl', ${pageUrl}::text, 'seenAt', ${now.toISOString()}::text))
     WHERE id = ${conversationId}::uuid`;
}

/**
 * The visitor gave an email that another contact already has: their conversation and their widget
 * identity move to that contact; the contact made for the anonymous visitor is deleted if nothing
 * else refers to it.
 */
export async function moveVisitorToContact(
  db: DbOrTx,
  c: { orgId: string; conversationId: string; fromContactId: string; toContactId: string; identity: string },
) {
  await db.$executeRaw`
    UPDATE conversations SET contact_id = ${c.toContactId}::uuid WHERE id = ${c.conversationId}::uuid`;
  await db.$executeRaw`
    UPDATE contact_identities SET contact_id = ${c.toContactId}::uuid
     WHERE organization_id = ${c.orgId}::uuid AND channel = 'WEBCHAT' AND value = ${c.identity}`;
  await db.$executeRaw`
    DELETE FROM contacts k
     WHERE k.id = ${c.fromContactId}::uuid AND k.organization_id = ${c.orgId}::uuid AND k.email IS NULL
       AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = k.id)
       AND NOT EXISTS (SELECT 1 FROM contact_identities i WHERE i.contact_id = k.id)
       AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.contact_id = k.id)`;
}

export const visibleStatus = (status: MessageStatus): "SENT" | "DELIVERED" | "READ" =>
  status === "READ" ? "READ" : status === "DELIVERED" ? "DELIVERED" : "SENT";
