import type { DbOrTx } from "@quartet/db/client";
import type { ContentType, MessageDirection, MessageStatus, Platform } from "@quartet/db/enums";
import { Prisma } from "@quartet/db/types";
import type { KeysetCursor } from "../../keyset-cursor.ts";

// The only code that reads or writes inbox messages (and pending uploads) for conversations and
// the send job. Every query is scoped by organization_id or by a conversation already checked.

export const messageSelect = {
  id: true,
  conversationId: true,
  direction: true,
  content: true,
  contentType: true,
  mediaUrl: true,
  mediaType: true,
  mediaThumbnail: true,
  mediaFileName: true,
  mediaSize: true,
  attributes: true,
  reactions: true,
  status: true,
  errorCode: true,
  errorMessage: true,
  ticketMessageId: true,
  createdAt: true,
  platformTimestamp: true,
  replyTo: { select: { id: true, content: true, contentType: true, mediaFileName: true } },
  sentByUser: { select: { id: true, name: true, email: true } },
} as const;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/** A page of a conversation's messages, newest first, strictly before `before` (keyset). */
export function listMessageRows(
  db: DbOrTx,
  conversationId: string,
  before: KeysetCursor | null,
  take: number,
) {
  return db.message.findMany({
    relationLoadStrategy: "join",
    where: {
      conversationId,
      ...(before
        ? {
            createdAt: { lte: before.at },
            OR: [{ createdAt: { lt: before.at } }, { id: { lt: before.id } }],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: messageSelect,
  });
}

export function findMessageRows(db: DbOrTx, ids: string[]) {
  return db.message.findMany({
    relationLoadStrategy: "join",
    where: { id: { in: ids } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: messageSelect,
  });
}

export interface NewMessage {
  orgId: string;
  conversationId: string;
  platformConnectionId: string;
  direction: MessageDirection;
  content: string | null;
  contentType: ContentType;
  media?: { url: string; type: string; fileName: string; size: number } | null;
  attributes?: Prisma.InputJsonObject;
  replyToId?: string | null;
  status: MessageStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  sentByUserId: string | null;
  ticketMessageId?: string | null;
  now: Date;
}

export function insertMessage(db: DbOrTx, m: NewMessage) {
  return db.message.create({
    data: {
      organizationId: m.orgId,
      conversationId: m.conversationId,
      platformConnectionId: m.platformConnectionId,
      direction: m.direction,
      content: m.content,
      contentType: m.contentType,
      mediaUrl: m.media?.url ?? null,
      mediaType: m.media?.type ?? null,
      mediaFileName: m.media?.fileName ?? null,
      mediaSize: m.media?.size ?? null,
      attributes: m.attributes ?? {},
      replyToId: m.replyToId ?? null,
      status: m.status,
      errorCode: m.errorCode ?? null,
      errorMessage: m.errorMessage ?? null,
      sentByUserId: m.sentByUserId,
      ticketMessageId: m.ticketMessageId ?? null,
      createdAt: m.now,
      updatedAt: m.now,
    },
    select: { id: true },
  });
}

/** A message of the workspace with what retry and the send job need. */
export function findMessageForSend(db: DbOrTx, messageId: string) {
  return db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      organizationId: true,
      conversationId: true,
      direction: true,
      externalId: true,
      content: true,
      contentType: true,
      mediaUrl: true,
      mediaType: true,
      mediaFileName: true,
      mediaSize: true,
      attributes: true,
      status: true,
      attempts: true,
      replyTo: { select: { externalId: true } },
      conversation: {
        select: {
          id: true,
          platform: true,
          externalId: true,
          externalThreadId: true,
          contactExternalId: true,
          lastInboundAt: true,
        },
      },
      platformConnection: {
        select: {
          id: true,
          organizationId: true,
          platform: true,
          platformUserId: true,
          platformUsername: true,
          accessToken: true,
          refreshToken: true,
          tokenExpiresAt: true,
          status: true,
          metadata: true,
        },
      },
    },
  });
}

export type MessageForSend = NonNullable<Awaited<ReturnType<typeof findMessageForSend>>>;

/** Compare-and-set of an outbound message's status: true when this call moved it. */
export async function moveStatus(
  db: DbOrTx,
  messageId: string,
  from: MessageStatus,
  data: Prisma.MessageUncheckedUpdateManyInput,
): Promise<boolean> {
  const { count } = await db.message.updateMany({ where: { id: messageId, status: from }, data });
  return count === 1;
}

/**
 * The echo of our own message (a platform webhook delivered before the send returned) already
 * holds this platform id: the row the agent sent is the one we keep.
 */
export async function dropEchoDuplicate(
  db: DbOrTx,
  connectionId: string,
  externalId: string,
  keepId: string,
) {
  await db.$executeRaw`
    DELETE FROM messages
    WHERE platform_connection_id = ${connectionId}::uuid AND external_id = ${externalId}
      AND id <> ${keepId}::uuid AND direction = 'OUTBOUND' AND sent_by_user_id IS NULL`;
}

/** A message of this conversation (reply-to checks). */
export function findMessageInConversation(db: DbOrTx, conversationId: string, messageId: string) {
  return db.message.findFirst({ where: { id: messageId, conversationId }, select: { id: true } });
}

// ── Search ───────────────────────────────────────────────────────────────────────────────────

export const HL_START = "\u0001";
export const HL_STOP = "\u0002";

export interface MessageSearchRow {
  id: string;
  conversation_id: string;
  direction: MessageDirection;
  created_at: Date;
  contact_name: string | null;
  platform: Platform;
  headline: string;
}

/** Matches counted before choosing how to walk them (see searchMessageRows). */
export const SEARCH_PROBE = 1000;

/**
 * Messages of the workspace matching `q` (web-search syntax, 'simple' like the stored vector),
 * newest first after `after`, each with a highlighted snippet.
 *
 * PostgreSQL can't tell a rare word from a common one here (a lexeme outside its statistics gets a
 * flat estimate), and the two want opposite plans: walking messages newest-first until enough
 * match is instant for a common word and reads the whole table for a rare one. So the statement
 * first takes up to SEARCH_PROBE matches from the GIN index in any order: fewer than that means the
 * word is rare and those are all the matches (sorted in memory); a full probe means it is common
 * and the newest-first walk finds a page at once.
 */
export function searchMessageRows(
  db: DbOrTx,
  orgId: string,
  q: string,
  after: KeysetCursor | null,
  take: number,
) {
  const options = `StartSel=${HL_START}, StopSel=${HL_STOP}, MaxWords=25, MinWords=12, ShortWord=0`;
  const keyset = after
    ? Prisma.sql`AND m.created_at <= ${after.at}::timestamptz AND (m.created_at < ${after.at}::timestamptz OR m.id < ${after.id}::uuid)`
    : Prisma.empty;
  const matches = Prisma.sql`m.organization_id = ${orgId}::uuid
    AND m.search_vector @@ websearch_to_tsquery('simple', ${q}) ${keyset}`;
  return db.$queryRaw<MessageSearchRow[]>`
    WITH probe AS MATERIALIZED (
      SELECT m.id, m.created_at FROM messages m WHERE ${matches} LIMIT ${SEARCH_PROBE}
    ),
    hits AS (
      SELECT id, created_at FROM probe WHERE (SELECT count(*) FROM probe) < ${SEARCH_PROBE}
      UNION ALL
      (SELECT m.id, m.created_at FROM messages m
        WHERE (SELECT count(*) FROM probe) >= ${SEARCH_PROBE} AND ${matches}
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT ${take})
    ),
    page AS (SELECT id FROM hits ORDER BY created_at DESC, id DESC LIMIT ${take})
    SELECT m.id, m.conversation_id, m.direction, m.created_at, c.contact_name, c.platform,
           ts_headline('simple', replace(replace(coalesce(m.content, ''), ${HL_START}, ''), ${HL_STOP}, ''),
                       websearch_to_tsquery('simple', ${q}), ${options}) AS headline
    FROM page JOIN messages m ON m.id = page.id JOIN conversations c ON c.id = m.conversation_id
    ORDER BY m.created_at DESC, m.id DESC`;
}

// ── Uploads ──────────────────────────────────────────────────────────────────────────────────

export function insertUpload(
  db: DbOrTx,
  data: {
    orgId: string;
    storageKey: string;
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    userId: string;
    now: Date;
  },
) {
  return db.inboxUpload.create({
    data: {
      organizationId: data.orgId,
      storageKey: data.storageKey,
      fileName: data.fileName,
      mimeType: data.mimeType,
      sizeBytes: data.sizeBytes,
      uploadedByUserId: data.userId,
      createdAt: data.now,
    },
    select: { id: true, fileName: true, mimeType: true, sizeBytes: true },
  });
}

/** The caller's uploads not sent yet, row-locked for the sending transaction (in the given order). */
export async function lockPendingUploads(db: DbOrTx, orgId: string, userId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<
    { id: string; storage_key: string; file_name: string; mime_type: string; size_bytes: number }[]
  >`
    SELECT id, storage_key, file_name, mime_type, size_bytes FROM inbox_uploads
    WHERE id = ANY(${ids}::uuid[]) AND organization_id = ${orgId}::uuid
      AND uploaded_by_user_id = ${userId}::uuid AND sent_at IS NULL
    FOR UPDATE`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function markUploadSent(db: DbOrTx, uploadId: string, messageId: string, now: Date) {
  return db.inboxUpload.update({ where: { id: uploadId }, data: { messageId, sentAt: now } });
}

/** The storage keys of a message's stored media (served to members; deleted with the message). */
export function findMessageMedia(db: DbOrTx, messageId: string) {
  return db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      organizationId: true,
      mediaUrl: true,
      mediaType: true,
      mediaThumbnail: true,
      mediaFileName: true,
    },
  });
}

/** Uploads never sent, older than `before` (removed by the retention job with their files). */
export function findStaleUploads(db: DbOrTx, before: Date, take: number) {
  return db.inboxUpload.findMany({
    where: { sentAt: null, createdAt: { lt: before } },
    select: { id: true, storageKey: true },
    take,
  });
}

export async function deleteStaleUploads(db: DbOrTx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ storage_key: string }[]>`
    DELETE FROM inbox_uploads WHERE id = ANY(${ids}::uuid[]) AND sent_at IS NULL RETURNING storage_key`;
  return rows.map((r) => r.storage_key);
}

/** The conversation's newest message from the contact: what a read receipt points at. */
export function newestInboundMessage(db: DbOrTx, conversationId: string) {
  return db.message.findFirst({
    where: { conversationId, direction: "INBOUND" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
}
