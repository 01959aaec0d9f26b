import type { Tx } from "@quartet/db/client";
import type { TicketEvent, TicketEventDeps } from "../../desk/tickets/ticket-events.ts";
import { platformName, replyRefusal } from "../conversations/inbox-window.ts";
import { queueOutboundMessages } from "../messages/outbound.service.ts";
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
  const files = message.attachments.map((a) => a.fileName);
  const content = files.length
    ? `${message.message}\n\n(${files.length === 1 ? "Attachment" : "Attachments"} on the ticket: ${files.join(", ")})`
    : message.message;
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
      : replyRefusal(conversation.platform, conversation.lastInboundAt, now, sentSince, content);
  await queueOutboundMessages(tx, deps, conversation, message.authorUserId, [
    {
      content,
      contentType: "TEXT",
      ticketMessageId: message.id,
      refused: refusal && "code" in refusal ? refusal : null,
      attributes: refusal && "humanAgent" in refusal ? { humanAgent: true } : undefined,
    },
  ]);
}
