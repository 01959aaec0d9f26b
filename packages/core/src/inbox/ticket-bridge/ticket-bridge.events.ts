import type { Tx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type { TicketEvent, TicketEventDeps } from "../../desk/tickets/ticket-events.ts";
import { mediaRefusal, platformName, replyRefusal } from "../conversations/inbox-window.ts";
import { contentTypeOf, type OutboundItem, queueOutboundMessages } from "../messages/outbound.service.ts";
import * as repo from "./ticket-bridge.repository.ts";

/**
 * Subscriber of ticket events (subscribed in app-events.ts): an agent's public reply on a ticket
 * made from a conversation goes out as a DM in that conversation, in the reply's transaction. A
 * reply the platform would refuse now (WhatsApp's window closed…) is kept FAILED with the reason,
 * never lost, and never blocks the ticket reply itself.
 */
export async function inboxOnTicketEvent(tx: Tx, deps: TicketEventDeps, event: TicketEvent): Promise<void> {
  if (event.type !== "ticket.message_added" || event.isInternal || event.author !== "agent") return;
  const conversation = await repo.findConversationOfTicket(tx, event.orgId, event.ticketId);
  if (!conversation) return;
  // Written from the inbox (or already sent once): it crossed already.
  if (await repo.isMirrored(tx, event.messageId)) return;
  const message = await repo.findTicketMessage(tx, event.orgId, event.messageId);
  if (!message || message.isInternal) return;
  // The reply's files go as media where the platform takes their kind; the others are named.
  const { sendable, named } = splitAttachments(conversation.platform, message.attachments);
  const content = named.length
    ? `${message.message}\n\n(${named.length === 1 ? "Attachment" : "Attachments"} on the ticket: ${named.join(", ")})`
    : message.message;
  const items: OutboundItem[] = [
    { content, contentType: "TEXT", ticketMessageId: message.id },
    ...sendable.map((a) => ({
      content: null,
      contentType: contentTypeOf(a.mimeType),
      media: { url: a.storageKey, type: a.mimeType, fileName: a.fileName, size: a.sizeBytes },
    })),
  ];
  const now = deps.clock.now();
  const sentSince = conversation.lastInboundAt
    ? await tx.message.count({
        where: {
          conversationId: conversation.id,
          direction: "OUTBOUND",
          createdAt: { gte: conversation.lastInboundAt },
          status: { not: "FAILED" },
        },
      })
    : 0;
  const refusal =
    conversation.platformConnection.status !== "ACTIVE"
      ? {
          code: "CONNECTION_INACTIVE",
          message: `The ${platformName[conversation.platform]} channel is ${conversation.platformConnection.status.toLowerCase()}. Reconnect it in Settings → Channels, then retry.`,
        }
      : replyRefusal(
          conversation.platform,
          conversation.lastInboundAt,
          now,
          sentSince,
          content,
          items.length,
        );
  for (const item of items) {
    if (refusal && "code" in refusal) item.refused = refusal;
    if (refusal && "humanAgent" in refusal) item.attributes = { humanAgent: true };
  }
  await queueOutboundMessages(tx, deps, conversation, message.authorUserId, items);
}

type TicketFile = { fileName: string; storageKey: string; mimeType: string; sizeBytes: number };

/** The files `platform` takes as media (its kinds and sizes), and the names of the others. */
function splitAttachments(platform: Platform, files: readonly TicketFile[]) {
  const sendable: TicketFile[] = [];
  const named: string[] = [];
  for (const file of files) {
    const refused = mediaRefusal(platform, {
      contentType: contentTypeOf(file.mimeType),
      mimeType: file.mimeType,
      size: file.sizeBytes,
      fileName: file.fileName,
    });
    if (refused) named.push(file.fileName);
    else sendable.push(file);
  }
  return { sendable, named };
}
