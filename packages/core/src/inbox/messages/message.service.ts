import type { Prisma } from "@quartet/db/types";
import { inboxSendMessageJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { decodeCursor, encodeCursor } from "../../keyset-cursor.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as conversations from "../conversations/conversation.repository.ts";
import { conversationNotFound } from "../conversations/conversation.service.ts";
import { assertCanSend, platformName } from "../conversations/inbox-window.ts";
import { messagePreview } from "../inbound/message-preview.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import { mirrorAgentMessagesToTicket } from "../ticket-bridge/ticket-bridge.service.ts";
import * as repo from "./message.repository.ts";
import { HL_START, HL_STOP } from "./message.repository.ts";
import {
  type HighlightSegment,
  type ListMessagesInput,
  listMessagesInput,
  type MessageDto,
  type MessageIdInput,
  type MessageSearchHit,
  type MessageTemplate,
  messageIdInput,
  type SearchMessagesInput,
  type SendMessageInput,
  searchMessagesInput,
  sendMessageInput,
  type TemplatesInput,
  templatesInput,
} from "./message.schema.ts";
import { listProviderTemplates } from "./message-send.handler.ts";
import { contentTypeOf, type OutboundItem, queueOutboundMessages } from "./outbound.service.ts";

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

const messageNotFound = () => new AppError("NOT_FOUND", "Message not found.");

/** Storage keys are ours; a URL is a platform's link not fetched into storage yet. */
export const isStoredMedia = (value: string | null): value is string =>
  !!value && !/^https?:\/\//i.test(value);

/** Where members download a message's media (packages/http/src/inbox-files.plugin.ts). */
export const mediaPath = (messageId: string, part: "media" | "thumbnail") =>
  `/files/inbox/messages/${messageId}/${part}`;

export function toMessageDto(row: repo.MessageRow): MessageDto {
  const hasMedia = row.contentType !== "TEXT" && row.contentType !== "LOCATION";
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    content: row.content,
    contentType: row.contentType,
    media: hasMedia
      ? {
          url: isStoredMedia(row.mediaUrl) ? mediaPath(row.id, "media") : null,
          type: row.mediaType,
          fileName: row.mediaFileName,
          size: row.mediaSize,
          thumbnailUrl: isStoredMedia(row.mediaThumbnail) ? mediaPath(row.id, "thumbnail") : null,
        }
      : null,
    attributes: row.attributes,
    reactions: row.reactions,
    replyTo: row.replyTo
      ? {
          id: row.replyTo.id,
          preview: messagePreview({
            contentType: row.replyTo.contentType,
            text: row.replyTo.content,
            fileName: row.replyTo.mediaFileName,
          }),
        }
      : null,
    status: row.status,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    sentBy: row.sentByUser
      ? { id: row.sentByUser.id, name: row.sentByUser.name ?? row.sentByUser.email }
      : null,
    ticketMessageId: row.ticketMessageId,
    createdAt: row.createdAt,
    platformTimestamp: row.platformTimestamp,
  };
}

/** A page of a conversation's thread, oldest → newest; `nextBefore` fetches the older page. */
export async function listMessages(
  deps: Deps,
  actor: UserActor,
  rawInput: ListMessagesInput,
): Promise<{ items: MessageDto[]; nextBefore: string | null }> {
  const input = listMessagesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const conversation = await conversations.findConversationState(deps.db, input.orgId, input.conversationId);
  if (!conversation) throw conversationNotFound();
  const before = input.before ? decodeCursor(input.before) : null;
  const rows = await repo.listMessageRows(deps.db, conversation.id, before, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const oldest = page.at(-1);
  return {
    items: page.reverse().map(toMessageDto),
    nextBefore:
      rows.length > input.limit && oldest ? encodeCursor({ at: oldest.createdAt, id: oldest.id }) : null,
  };
}

/**
 * An agent's message: text, files (each its own message) or, on WhatsApp, an approved template.
 * The platform's rules are checked here (24-hour window, TikTok's window and cap, lengths, file
 * kinds); each message is stored PENDING with its send job in the same transaction, then the job
 * sends it. A conversation made into a ticket gets the messages on the ticket as well.
 */
export async function sendMessage(
  deps: Deps,
  actor: UserActor,
  rawInput: SendMessageInput,
): Promise<MessageDto & { messages: MessageDto[] }> {
  const input = sendMessageInput.parse(rawInput);
  const ids = await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const conversation = await conversations.lockConversation(tx, input.orgId, input.conversationId);
    if (!conversation) throw conversationNotFound();
    const connection = await tx.platformConnection.findUniqueOrThrow({
      where: { id: conversation.platformConnectionId },
      select: { status: true, platform: true },
    });
    assertConnectionUsable(connection);
    if (input.replyToId && !(await repo.findMessageInConversation(tx, conversation.id, input.replyToId))) {
      throw new AppError("BAD_REQUEST", "The message you are answering is not in this conversation.", {
        replyToId: "Choose a message of this conversation.",
      });
    }
    const uploads = await repo.lockPendingUploads(tx, input.orgId, actor.userId, input.attachmentIds);
    if (uploads.length !== input.attachmentIds.length) {
      throw new AppError("BAD_REQUEST", "One of the attached files can't be used. Upload it again.", {
        attachmentIds: "One of the attached files can't be used. Upload it again.",
      });
    }
    const items: OutboundItem[] = [];
    if (input.template) {
      items.push({
        content: null,
        contentType: "TEXT",
        attributes: { template: input.template as unknown as Prisma.InputJsonObject },
      });
    }
    if (input.text) items.push({ content: input.text, contentType: "TEXT" });
    for (const upload of uploads) {
      items.push({
        content: null,
        contentType: contentTypeOf(upload.mime_type),
        media: {
          url: upload.storage_key,
          type: upload.mime_type,
          fileName: upload.file_name,
          size: upload.size_bytes,
        },
      });
    }
    const [first] = items;
    if (first && input.replyToId) first.replyToId = input.replyToId;

    const now = deps.clock.now();
    const sentSince =
      conversation.lastInboundAt !== null
        ? await conversations.countOutboundSince(tx, conversation.id, conversation.lastInboundAt)
        : 0;
    const { humanAgent } = assertCanSend(conversation.platform, conversation.lastInboundAt, now, sentSince, {
      template: input.template !== undefined,
      count: items.length,
      text: input.text ?? null,
      media: items.flatMap((i) =>
        i.media
          ? [
              {
                contentType: i.contentType,
                mimeType: i.media.type,
                size: i.media.size,
                fileName: i.media.fileName,
              },
            ]
          : [],
      ),
    });
    if (humanAgent) for (const item of items) item.attributes = { ...item.attributes, humanAgent: true };

    const created = await queueOutboundMessages(tx, deps, conversation, actor.userId, items);
    for (const [index, upload] of uploads.entries()) {
      const messageId = created[index + (input.text ? 1 : 0)];
      if (messageId) await repo.markUploadSent(tx, upload.id, messageId, now);
    }
    if (conversation.ticketId) {
      await mirrorAgentMessagesToTicket(tx, deps, {
        orgId: input.orgId,
        ticketId: conversation.ticketId,
        userId: actor.userId,
        messageIds: created,
      });
    }
    return created;
  }, TX_OPTIONS);
  const messages = (await repo.findMessageRows(deps.db, ids)).map(toMessageDto);
  const last = messages.at(-1);
  if (!last) throw new AppError("INTERNAL", "The message was not stored.");
  return { ...last, messages };
}

function assertConnectionUsable(connection: { status: string; platform: keyof typeof platformName }) {
  if (connection.status === "ACTIVE") return;
  const why =
    connection.status === "EXPIRED"
      ? "its access expired"
      : connection.status === "DISCONNECTED"
        ? "it was disconnected"
        : "it has an error";
  throw new AppError(
    "PRECONDITION_FAILED",
    `This ${platformName[connection.platform]} channel can't send: ${why}. Reconnect it in Settings → Channels.`,
    undefined,
    "CONNECTION_INACTIVE",
  );
}

/** Sends a FAILED message again (the same row, back to PENDING with a new job). */
export async function retryMessage(
  deps: Deps,
  actor: UserActor,
  rawInput: MessageIdInput,
): Promise<MessageDto> {
  const input = messageIdInput.parse(rawInput);
  await deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const message = await repo.findMessageForSend(tx, input.messageId);
    if (!message || message.organizationId !== input.orgId) throw messageNotFound();
    if (message.direction !== "OUTBOUND" || message.status !== "FAILED") {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Only a message that failed can be sent again.",
        undefined,
        "NOT_FAILED",
      );
    }
    const conversation = await conversations.lockConversation(tx, input.orgId, message.conversationId);
    if (!conversation) throw messageNotFound();
    assertConnectionUsable(message.platformConnection);
    const now = deps.clock.now();
    const template = (message.attributes as { template?: unknown } | null)?.template !== undefined;
    const sentSince =
      conversation.lastInboundAt !== null
        ? await conversations.countOutboundSince(tx, conversation.id, conversation.lastInboundAt)
        : 0;
    assertCanSend(conversation.platform, conversation.lastInboundAt, now, sentSince, {
      template,
      count: 1,
      text: message.content,
      media: [],
    });
    const moved = await repo.moveStatus(tx, message.id, "FAILED", {
      status: "PENDING",
      errorCode: null,
      errorMessage: null,
      updatedAt: now,
    });
    if (!moved) throw new AppError("CONFLICT", "This message is already being sent again.");
    await enqueue(deps.boss, tx, inboxSendMessageJob, { messageId: message.id });
    await publishInboxEvent(tx, {
      topic: "inbox.message",
      organizationId: input.orgId,
      conversationId: message.conversationId,
      messageId: message.id,
      kind: "status",
    });
  }, TX_OPTIONS);
  const [row] = await repo.findMessageRows(deps.db, [input.messageId]);
  if (!row) throw messageNotFound();
  return toMessageDto(row);
}

/** Highlighted text (control-character delimiters from ts_headline) as segments. */
function toSegments(headline: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(HL_START);
    const stop = start === -1 ? -1 : rest.indexOf(HL_STOP, start + 1);
    if (start === -1 || stop === -1) {
      segments.push({ text: rest, match: false });
      break;
    }
    if (start > 0) segments.push({ text: rest.slice(0, start), match: false });
    segments.push({ text: rest.slice(start + 1, stop), match: true });
    rest = rest.slice(stop + 1);
  }
  return segments;
}

/** Full-text search across the workspace's messages, newest first, with a snippet of each. */
export async function searchMessages(
  deps: Deps,
  actor: UserActor,
  rawInput: SearchMessagesInput,
): Promise<{ items: MessageSearchHit[]; nextCursor: string | null }> {
  const input = searchMessagesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await repo.searchMessageRows(deps.db, input.orgId, input.q, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const highlights = toSegments(r.headline);
      return {
        conversationId: r.conversation_id,
        messageId: r.id,
        snippet: highlights.map((s) => s.text).join(""),
        highlights,
        contactName: r.contact_name,
        platform: r.platform,
        direction: r.direction,
        createdAt: r.created_at,
      };
    }),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  };
}

/** WhatsApp: the approved templates of the conversation's business account (the picker). */
export async function listTemplates(
  deps: Deps,
  actor: UserActor,
  rawInput: TemplatesInput,
): Promise<{ items: MessageTemplate[] }> {
  const input = templatesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const conversation = await conversations.findConversationState(deps.db, input.orgId, input.conversationId);
  if (!conversation) throw conversationNotFound();
  if (conversation.platform !== "WHATSAPP") return { items: [] };
  return { items: await listProviderTemplates(deps, conversation.platformConnectionId) };
}
