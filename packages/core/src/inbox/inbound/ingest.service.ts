import type { Tx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type {
  MessageEvent,
  ReactionEvent,
  SocialEvent,
  StatusEvent,
} from "@quartet/integrations/social/types";
import { inboxMediaFetchJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import { ZodError } from "zod";
import { resolveContactForIdentity } from "../../contacts/contact-resolve.service.ts";
import type { Deps } from "../../deps.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import { mirrorEchoToTicket, mirrorInboundToTicket } from "../ticket-bridge/ticket-bridge.service.ts";
import * as repo from "./ingest.repository.ts";
import { messagePreview } from "./message-preview.ts";

// THE path by which anything a contact or a platform tells us becomes Inbox rows: platform
// webhooks (through inbox.webhook-normalize), the chat widget and the sandbox all call
// `ingestEvents`. Each event is one transaction: conversation upsert (row locked), contact,
// message insert idempotent on (connection, platform message id), unread maths, preview, snooze
// wake / reopen, media fetch job and realtime events, all committed together or not at all.

export type IngestDeps = Pick<Deps, "db" | "boss" | "clock" | "log"> &
  /** With both, a message in a conversation made into a Desk ticket is added to the ticket. */
  Partial<Pick<Deps, "config" | "events">>;

/** The connection the events belong to (routed by the caller). */
export interface IngestConnection {
  id: string;
  organizationId: string;
  platform: Platform;
  /** The business account id webhooks name (SocialEvent.accountId). */
  platformUserId: string;
}

export interface IngestedMessage {
  messageId: string;
  conversationId: string;
  /** false: the platform delivered this message before (nothing changed). */
  created: boolean;
}

export interface IngestResult {
  messages: IngestedMessage[];
  /** Outbound messages whose status moved. */
  statusesMoved: number;
  reactions: number;
  /** Receipts and reactions naming a message we don't have (yet: a receipt can beat the send job). */
  unmatched: number;
  /** Echoes of messages this app sent (stored by the send job), events of another account. */
  skipped: number;
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/** What an attachment's row says until `inbox.media-fetch` has stored it. */
export type MediaState = "pending" | "stored" | "unavailable";

/**
 * Turns normalized events of one connection into rows. Safe to call again with the same events
 * (a redelivery, a retried job, twenty concurrent duplicates): each message is stored once and
 * counted unread once; receipts only move a status forward.
 */
export async function ingestEvents(
  deps: IngestDeps,
  connection: IngestConnection,
  events: readonly SocialEvent[],
): Promise<IngestResult> {
  const result: IngestResult = { messages: [], statusesMoved: 0, reactions: 0, unmatched: 0, skipped: 0 };
  for (const raw of events) {
    if (raw.platform !== connection.platform || raw.accountId !== connection.platformUserId) {
      result.skipped++;
      continue;
    }
    const event = withoutNul(raw);
    await deps.db.$transaction(async (tx) => {
      const now = deps.clock.now();
      switch (event.kind) {
        case "message": {
          const stored = await ingestMessage(tx, deps, connection, event, now);
          if (stored) result.messages.push(stored);
          else result.skipped++;
          return;
        }
        case "status": {
          const moved = await ingestStatus(tx, connection, event, now);
          if (moved === null) result.unmatched++;
          else result.statusesMoved += moved;
          return;
        }
        case "reaction": {
          if (await ingestReaction(tx, connection, event, now)) result.reactions++;
          else result.unmatched++;
          return;
        }
      }
    }, TX_OPTIONS);
  }
  return result;
}

async function ingestMessage(
  tx: Tx,
  deps: IngestDeps,
  connection: IngestConnection,
  event: MessageEvent,
  now: Date,
): Promise<IngestedMessage | null> {
  const inbound = event.direction === "INBOUND";
  // This app's own sends come back as echoes: the send job already stored them.
  if (!inbound && event.sentByThisApp === true) return null;

  const conversation = await repo.upsertConversation(tx, {
    orgId: connection.organizationId,
    connectionId: connection.id,
    platform: connection.platform,
    externalId: event.conversationExternalId,
    contactExternalId: event.contact.externalId,
    // An echo's profile is the business's side; the contact's name comes from their own messages.
    contactName: inbound ? clipOrNull(event.contact.name, 200) : null,
    contactUsername: inbound ? clipOrNull(event.contact.username, 200) : null,
    now,
  });
  if (!conversation.contactId) {
    const contactId = await linkContact(tx, deps, connection, event, now);
    if (contactId) await repo.setConversationContact(tx, conversation.id, contactId);
  }

  const replyToId = event.replyToExternalId
    ? await repo.findMessageIdByExternalId(tx, connection.id, event.replyToExternalId)
    : null;
  const content = event.text ?? event.media?.caption ?? null;
  const attributes: Record<string, unknown> = {};
  if (event.location) attributes.location = event.location;
  if (event.media) attributes.media = { state: "pending" satisfies MediaState, ref: event.media };
  if (event.replyToExternalId && !replyToId) attributes.replyToExternalId = event.replyToExternalId;
  if (event.unsupportedType) attributes.unsupportedType = event.unsupportedType;
  // The list is ordered by platform time, but a clock ahead of ours can't pin a thread on top.
  const at = event.timestamp.getTime() > now.getTime() ? now : event.timestamp;

  const messageId = await repo.insertMessageOnce(tx, {
    orgId: connection.organizationId,
    conversationId: conversation.id,
    connectionId: connection.id,
    externalId: event.externalMessageId,
    direction: event.direction,
    content,
    contentType: event.contentType,
    // Our storage key once fetched (inbox.media-fetch); the platform's reference stays in attributes.
    mediaUrl: null,
    mediaType: clipOrNull(event.media?.mimeType, 200),
    mediaFileName: clipOrNull(event.media?.filename, 300),
    attributes: attributes as never,
    replyToId,
    // Inbound: it reached us, unread until an agent opens the thread. Echo: sent from the app.
    status: inbound ? "DELIVERED" : "SENT",
    platformTimestamp: event.timestamp,
    deliveredAt: inbound ? now : null,
    now,
  });
  if (!messageId) {
    const existing = await repo.findMessageIdByExternalId(tx, connection.id, event.externalMessageId);
    return existing ? { messageId: existing, conversationId: conversation.id, created: false } : null;
  }

  const preview = messagePreview({
    contentType: event.contentType,
    text: content,
    fileName: event.media?.filename,
    locationName: event.location?.name,
  });
  if (inbound)
    await repo.applyInboundToConversation(tx, { conversationId: conversation.id, at, preview, now });
  else await repo.applyEchoToConversation(tx, { conversationId: conversation.id, at, preview, now });
  if (event.media) await enqueue(deps.boss, tx, inboxMediaFetchJob, { messageId });
  if (conversation.ticketId) {
    if (deps.config && deps.events) {
      const bridge = { ...deps, config: deps.config, events: deps.events };
      // The contact's message is a customer reply; an echo, the business's own reply.
      if (inbound) await mirrorInboundToTicket(tx, bridge, messageId);
      else await mirrorEchoToTicket(tx, bridge, messageId);
    } else {
      deps.log.warn({ messageId }, "message not added to its ticket: no ticket events here");
    }
  }

  const organizationId = connection.organizationId;
  await publishInboxEvent(tx, {
    topic: "inbox.message",
    organizationId,
    conversationId: conversation.id,
    messageId,
    kind: "created",
  });
  // "status": the thread came back to the open list (woken from snooze, or reopened).
  const reopened = inbound && (conversation.status !== "OPEN" || conversation.snoozedUntil !== null);
  await publishInboxEvent(tx, {
    topic: "inbox.conversation",
    organizationId,
    conversationId: conversation.id,
    kind: conversation.inserted ? "created" : reopened ? "status" : "updated",
  });
  return { messageId, conversationId: conversation.id, created: true };
}

/**
 * The workspace's contact for the person behind the thread (shared with Desk). A page-scoped id
 * means something only on its page, so it is kept as `<accountId>:<id>`; a WhatsApp number and a
 * TikTok id are global. An address the contacts area refuses leaves the conversation without a
 * contact rather than losing the message.
 */
async function linkContact(
  tx: Tx,
  deps: IngestDeps,
  connection: IngestConnection,
  event: MessageEvent,
  now: Date,
): Promise<string | null> {
  const { contact } = event;
  const scoped = connection.platform !== "WHATSAPP" && connection.platform !== "TIKTOK";
  const value = scoped ? `${connection.platformUserId}:${contact.externalId}` : contact.externalId;
  const inbound = event.direction === "INBOUND";
  try {
    return await resolveContactForIdentity(
      tx,
      connection.organizationId,
      {
        channel: connection.platform,
        value,
        name: inbound ? (contact.name ?? undefined) : undefined,
        email: contact.email ?? undefined,
        phone: contact.phone ?? undefined,
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    deps.log.warn({ connectionId: connection.id, issues: error.issues.length }, "inbox contact not resolved");
    return null;
  }
}

/** The number of messages moved (0: already there), or null when no message has that id. */
async function ingestStatus(
  tx: Tx,
  connection: IngestConnection,
  event: StatusEvent,
  now: Date,
): Promise<number | null> {
  const update = {
    status: event.status,
    at: event.timestamp,
    errorCode: clipOrNull(event.error?.code, 100),
    errorMessage: event.error?.reason ?? null,
    now,
  };
  let moved: repo.MovedMessage[];
  if (event.externalMessageId) {
    const one = await repo.moveMessageStatus(tx, connection.id, event.externalMessageId, update);
    if (!one.exists) return null;
    moved = one.moved ? [one.moved] : [];
  } else {
    const thread = event.conversationExternalId ?? event.contactExternalId;
    if (!event.upTo || !thread || (event.status !== "DELIVERED" && event.status !== "READ")) return 0;
    moved = await repo.moveThreadStatusUpTo(tx, connection.id, thread, event.upTo, {
      ...update,
      status: event.status,
    });
  }
  for (const m of moved) {
    await publishInboxEvent(tx, {
      topic: "inbox.message",
      organizationId: m.organizationId,
      conversationId: m.conversationId,
      messageId: m.id,
      kind: "status",
    });
  }
  return moved.length;
}

async function ingestReaction(
  tx: Tx,
  connection: IngestConnection,
  event: ReactionEvent,
  now: Date,
): Promise<boolean> {
  const target = await repo.setReaction(tx, connection.id, event.targetExternalMessageId, {
    emoji: event.emoji,
    from: event.direction === "INBOUND" ? "contact" : "business",
    at: event.timestamp,
    now,
  });
  if (!target) return false;
  await publishInboxEvent(tx, {
    topic: "inbox.message",
    organizationId: target.organizationId,
    conversationId: target.conversationId,
    messageId: target.id,
    kind: "reaction",
  });
  return true;
}

function clipOrNull(value: string | null | undefined, max: number): string | null {
  if (!value) return null;
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max).join("");
}

/**
 * Postgres text and jsonb can't hold U+0000: a platform's text is taken as sent, minus NULs
 * (dates and numbers kept as they are).
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "") as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replaceAll("\u0000", ""), withoutNul(v)]),
    ) as T;
  }
  return value;
}
