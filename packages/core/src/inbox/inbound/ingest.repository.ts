import type { DbOrTx } from "@quartet/db/client";
import type {
  ContentType,
  ConversationStatus,
  MessageDirection,
  MessageStatus,
  Platform,
} from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";

// The only code that writes inbound rows (conversations, messages, receipts, reactions). Every
// write is one statement guarded by a unique key or a compare-and-set, so a redelivery, a retry or
// twenty concurrent duplicates converge on the same rows.

export interface ConversationKeyRow {
  id: string;
  contactId: string | null;
  inserted: boolean;
  status: ConversationStatus;
  snoozedUntil: Date | null;
  /** The Desk ticket made from it: the contact's messages are added there too (ticket bridge). */
  ticketId: string | null;
}

/**
 * The thread's conversation, created on its first event (INSERT … ON CONFLICT on
 * (platform_connection_id, external_id)). The upsert locks the row until the caller's transaction
 * ends, so two events of one thread are ingested one after the other (unread maths stay exact).
 * A name or username the platform sends replaces the stored one; none keeps it.
 */
export async function upsertConversation(
  db: DbOrTx,
  c: {
    orgId: string;
    connectionId: string;
    platform: Platform;
    externalId: string;
    contactExternalId: string;
    contactName: string | null;
    contactUsername: string | null;
    now: Date;
  },
): Promise<ConversationKeyRow> {
  const rows = await db.$queryRaw<ConversationKeyRow[]>`
    INSERT INTO conversations (id, organization_id, platform_connection_id, platform, external_id,
                               contact_external_id, contact_name, contact_username, created_at, updated_at)
    VALUES (gen_random_uuid(), ${c.orgId}::uuid, ${c.connectionId}::uuid, ${c.platform}::platform,
            ${c.externalId}, ${c.contactExternalId}, ${c.contactName}, ${c.contactUsername}, ${c.now}, ${c.now})
    ON CONFLICT (platform_connection_id, external_id) DO UPDATE
      SET contact_name = COALESCE(EXCLUDED.contact_name, conversations.contact_name),
          contact_username = COALESCE(EXCLUDED.contact_username, conversations.contact_username)
    RETURNING id, contact_id AS "contactId", (xmax = 0) AS inserted, status, snoozed_until AS "snoozedUntil",
              ticket_id AS "ticketId"`;
  return rows[0]!;
}

export async function setConversationContact(
  db: DbOrTx,
  conversationId: string,
  contactId: string,
): Promise<void> {
  await db.$executeRaw`
    UPDATE conversations SET contact_id = ${contactId}::uuid
    WHERE id = ${conversationId}::uuid AND contact_id IS NULL`;
}

/** Our message with this platform id on this connection (reply-to targets, duplicates). */
export async function findMessageIdByExternalId(
  db: DbOrTx,
  connectionId: string,
  externalId: string,
): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM messages
    WHERE platform_connection_id = ${connectionId}::uuid AND external_id = ${externalId}`;
  return rows[0]?.id ?? null;
}

export interface NewMessage {
  orgId: string;
  conversationId: string;
  connectionId: string;
  externalId: string;
  direction: MessageDirection;
  content: string | null;
  contentType: ContentType;
  mediaUrl: string | null;
  mediaType: string | null;
  mediaFileName: string | null;
  attributes: Prisma.InputJsonObject;
  replyToId: string | null;
  status: MessageStatus;
  platformTimestamp: Date;
  deliveredAt: Date | null;
  now: Date;
}

/**
 * Inserts the message once per (connection, platform id): returns its id, or null when the row
 * already exists (a redelivery; a concurrent duplicate waits for the first insert's transaction
 * and then inserts nothing).
 */
export async function insertMessageOnce(db: DbOrTx, m: NewMessage): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO messages (id, organization_id, conversation_id, platform_connection_id, external_id,
                          direction, content, content_type, media_url, media_type, media_file_name,
                          attributes, reply_to_id, status, platform_timestamp, delivered_at,
                          created_at, updated_at)
    VALUES (gen_random_uuid(), ${m.orgId}::uuid, ${m.conversationId}::uuid, ${m.connectionId}::uuid,
            ${m.externalId}, ${m.direction}::message_direction, ${m.content}, ${m.contentType}::content_type,
            ${m.mediaUrl}, ${m.mediaType}, ${m.mediaFileName}, ${JSON.stringify(m.attributes)}::jsonb,
            ${m.replyToId}::uuid, ${m.status}::message_status, ${m.platformTimestamp}, ${m.deliveredAt},
            ${m.now}, ${m.now})
    ON CONFLICT (platform_connection_id, external_id) DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/**
 * A new inbound message on the conversation: one more unread, the contact's last message time
 * (the reply windows count from it), the preview when it is the newest message, and the
 * conversation back in the open list (snooze woken, CLOSED or ARCHIVED reopened).
 */
export async function applyInboundToConversation(
  db: DbOrTx,
  u: { conversationId: string; at: Date; preview: string; now: Date },
): Promise<void> {
  await db.$executeRaw`
    UPDATE conversations
    SET unread_count = unread_count + 1,
        last_inbound_at = GREATEST(last_inbound_at, ${u.at}::timestamptz),
        last_message_preview = CASE WHEN last_message_at IS NULL OR ${u.at}::timestamptz >= last_message_at
                                    THEN ${u.preview}::text ELSE last_message_preview END,
        last_message_at = GREATEST(last_message_at, ${u.at}::timestamptz),
        snoozed_until = NULL,
        status = CASE WHEN status = 'OPEN' THEN status ELSE 'OPEN'::conversation_status END,
        updated_at = ${u.now}
    WHERE id = ${u.conversationId}::uuid`;
}

/**
 * An echo (the business answered from the platform's own app): the preview and last activity move,
 * and it counts as the first response when the contact had written first.
 */
export async function applyEchoToConversation(
  db: DbOrTx,
  u: { conversationId: string; at: Date; preview: string; now: Date },
): Promise<void> {
  await db.$executeRaw`
    UPDATE conversations
    SET last_message_preview = CASE WHEN last_message_at IS NULL OR ${u.at}::timestamptz >= last_message_at
                                    THEN ${u.preview}::text ELSE last_message_preview END,
        last_message_at = GREATEST(last_message_at, ${u.at}::timestamptz),
        first_response_at = CASE WHEN first_response_at IS NULL AND last_inbound_at IS NOT NULL
                                 THEN ${u.at}::timestamptz ELSE first_response_at END,
        updated_at = ${u.now}
    WHERE id = ${u.conversationId}::uuid`;
}

/** Statuses a receipt may move a message from: forward only, FAILED only before delivery. */
const FORWARD_FROM: Record<"SENT" | "DELIVERED" | "READ" | "FAILED", MessageStatus[]> = {
  SENT: ["PENDING"],
  DELIVERED: ["PENDING", "SENT"],
  READ: ["PENDING", "SENT", "DELIVERED"],
  FAILED: ["PENDING", "SENT"],
};

export interface StatusUpdate {
  status: "SENT" | "DELIVERED" | "READ" | "FAILED";
  at: Date;
  errorCode: string | null;
  errorMessage: string | null;
  now: Date;
}

export interface MovedMessage {
  id: string;
  conversationId: string;
  organizationId: string;
}

/** The outbound message with this platform id moves to `status` if that is forward. */
export async function moveMessageStatus(
  db: DbOrTx,
  connectionId: string,
  externalId: string,
  u: StatusUpdate,
): Promise<{ moved: MovedMessage | null; exists: boolean }> {
  const from = FORWARD_FROM[u.status];
  const moved = await db.$queryRaw<MovedMessage[]>`
    UPDATE messages
    SET status = ${u.status}::message_status,
        delivered_at = CASE WHEN ${u.status}::text IN ('DELIVERED', 'READ') THEN COALESCE(delivered_at, ${u.at}::timestamptz)
                            ELSE delivered_at END,
        read_at = CASE WHEN ${u.status}::text = 'READ' THEN COALESCE(read_at, ${u.at}::timestamptz) ELSE read_at END,
        error_code = CASE WHEN ${u.status}::text = 'FAILED' THEN ${u.errorCode}::text ELSE error_code END,
        error_message = CASE WHEN ${u.status}::text = 'FAILED' THEN ${u.errorMessage}::text ELSE error_message END,
        updated_at = ${u.now}
    WHERE platform_connection_id = ${connectionId}::uuid AND external_id = ${externalId}
      AND direction = 'OUTBOUND' AND status::text = ANY(${from}::text[])
    RETURNING id, conversation_id AS "conversationId", organization_id AS "organizationId"`;
  if (moved[0]) return { moved: moved[0], exists: true };
  return { moved: null, exists: (await findMessageIdByExternalId(db, connectionId, externalId)) !== null };
}

/**
 * A watermark (Messenger delivery / read, TikTok read): every outbound message of the thread sent
 * at or before `upTo` that is sent but not yet past `status` moves to it.
 */
export async function moveThreadStatusUpTo(
  db: DbOrTx,
  connectionId: string,
  conversationExternalId: string,
  upTo: Date,
  u: StatusUpdate & { status: "DELIVERED" | "READ" },
): Promise<MovedMessage[]> {
  const from = FORWARD_FROM[u.status].filter((s) => s !== "PENDING");
  return db.$queryRaw<MovedMessage[]>`
    UPDATE messages m
    SET status = ${u.status}::message_status,
        delivered_at = COALESCE(m.delivered_at, ${u.at}::timestamptz),
        read_at = CASE WHEN ${u.status}::text = 'READ' THEN COALESCE(m.read_at, ${u.at}::timestamptz) ELSE m.read_at END,
        updated_at = ${u.now}
    FROM conversations c
    WHERE c.platform_connection_id = ${connectionId}::uuid AND c.external_id = ${conversationExternalId}
      AND m.conversation_id = c.id AND m.direction = 'OUTBOUND' AND m.status::text = ANY(${from}::text[])
      AND COALESCE(m.platform_timestamp, m.created_at) <= ${upTo}::timestamptz
    RETURNING m.id, m.conversation_id AS "conversationId", m.organization_id AS "organizationId"`;
}

/**
 * Sets `from`'s reaction on the target message (one reaction per person per message, as every
 * platform keeps it): the previous one is replaced, a null emoji removes it. One statement under
 * the row lock, so concurrent reactions don't lose each other.
 */
export async function setReaction(
  db: DbOrTx,
  connectionId: string,
  targetExternalId: string,
  r: { emoji: string | null; from: string; at: Date; now: Date },
): Promise<MovedMessage | null> {
  const added = r.emoji ? JSON.stringify([{ emoji: r.emoji, from: r.from, at: r.at.toISOString() }]) : "[]";
  const rows = await db.$queryRaw<MovedMessage[]>`
    UPDATE messages
    SET reactions = COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(reactions) e
                              WHERE e->>'from' IS DISTINCT FROM ${r.from}::text), '[]'::jsonb) || ${added}::jsonb,
        updated_at = ${r.now}
    WHERE platform_connection_id = ${connectionId}::uuid AND external_id = ${targetExternalId}
    RETURNING id, conversation_id AS "conversationId", organization_id AS "organizationId"`;
  return rows[0] ?? null;
}
