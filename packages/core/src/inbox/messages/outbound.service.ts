import type { Tx } from "@quartet/db/client";
import type { ContentType, MessageStatus } from "@quartet/db/enums";
import type { Prisma } from "@quartet/db/types";
import { inboxSendMessageJob } from "@quartet/jobs/definitions";
import { enqueue, type JobSender } from "@quartet/jobs/queue";
import { messagePreview } from "../inbound/message-preview.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import * as repo from "./message.repository.ts";

// How an outbound message is queued, whoever writes it (an agent in the inbox, an agent's public
// reply on the linked Desk ticket): the row as PENDING and its `inbox.send-message` job in the
// caller's transaction, the conversation's preview moved, the browsers told. The job does the rest.

export interface OutboundItem {
  content: string | null;
  contentType: ContentType;
  media?: { url: string; type: string; fileName: string; size: number } | null;
  attributes?: Prisma.InputJsonObject;
  replyToId?: string | null;
  /** The Desk ticket message this one mirrors (set when it came from the ticket). */
  ticketMessageId?: string | null;
  /** A reason known before any attempt (the ticket reply can't go out): stored FAILED, not queued. */
  refused?: { code: string; message: string } | null;
}

export interface OutboundConversation {
  id: string;
  organizationId: string;
  platformConnectionId: string;
  firstResponseAt: Date | null;
  lastInboundAt: Date | null;
}

/** The media type of a file, from its sniffed MIME type. */
export function contentTypeOf(mimeType: string): ContentType {
  if (mimeType.startsWith("image/")) return "IMAGE";
  if (mimeType.startsWith("video/")) return "VIDEO";
  if (mimeType.startsWith("audio/")) return "AUDIO";
  return "FILE";
}

/** The preview line of an outbound item (templates show their name). */
export function outboundPreview(item: OutboundItem): string {
  const template = (item.attributes?.template as { name?: string } | undefined)?.name;
  if (template) return messagePreview({ contentType: "TEXT", text: `📋 ${template}` });
  return messagePreview({
    contentType: item.contentType,
    text: item.content,
    fileName: item.media?.fileName,
  });
}

/**
 * Inserts the items in order (PENDING, or FAILED when refused), queues a send job per pending one,
 * records the first response and the preview, and publishes the events. Returns the new ids.
 */
export async function queueOutboundMessages(
  tx: Tx,
  deps: { boss: JobSender; clock: { now(): Date } },
  conversation: OutboundConversation,
  sentByUserId: string | null,
  items: readonly OutboundItem[],
): Promise<string[]> {
  const ids: string[] = [];
  // Distinct timestamps keep the thread's order when several go out in one send.
  const start = deps.clock.now().getTime();
  for (const [index, item] of items.entries()) {
    const now = new Date(start + index);
    const status: MessageStatus = item.refused ? "FAILED" : "PENDING";
    const { id } = await repo.insertMessage(tx, {
      orgId: conversation.organizationId,
      conversationId: conversation.id,
      platformConnectionId: conversation.platformConnectionId,
      direction: "OUTBOUND",
      content: item.content,
      contentType: item.contentType,
      media: item.media ?? null,
      attributes: item.attributes,
      replyToId: item.replyToId ?? null,
      status,
      errorCode: item.refused?.code ?? null,
      errorMessage: item.refused?.message ?? null,
      sentByUserId,
      ticketMessageId: item.ticketMessageId ?? null,
      now,
    });
    ids.push(id);
    if (!item.refused) await enqueue(deps.boss, tx, inboxSendMessageJob, { messageId: id });
  }
  const last = items.at(-1);
  if (!last) return ids;
  const at = new Date(start + items.length - 1);
  await tx.conversation.update({
    where: { id: conversation.id },
    data: {
      lastMessageAt: at,
      lastMessagePreview: outboundPreview(last),
      // First response: the first agent message after the contact wrote.
      ...(sentByUserId && conversation.firstResponseAt === null && conversation.lastInboundAt
        ? { firstResponseAt: new Date(start) }
        : {}),
      updatedAt: at,
    },
    select: { id: true },
  });
  for (const id of ids) {
    await publishInboxEvent(tx, {
      topic: "inbox.message",
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      messageId: id,
      kind: "created",
    });
  }
  await publishInboxEvent(tx, {
    topic: "inbox.conversation",
    organizationId: conversation.organizationId,
    conversationId: conversation.id,
    kind: "updated",
  });
  return ids;
}
