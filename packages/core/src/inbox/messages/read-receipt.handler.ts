import { ChannelError } from "@quartet/integrations/social/errors";
import type { Deps } from "../../deps.ts";
import { connectionCredentials } from "../connections/connection-secrets.ts";
import * as repo from "./message.repository.ts";

// `inbox.read-receipt`: the platform learns the business read the thread up to this inbound
// message (WhatsApp marks it and everything before it read; Messenger shows "seen"). A receipt is
// a courtesy, not a record: a platform that says "later" gets the job back from pg-boss, one that
// refuses (or a channel gone since) is logged and dropped.

export type ReadReceiptDeps = Pick<Deps, "db" | "config" | "log" | "social">;

export type ReadReceiptOutcome = { outcome: "sent" } | { outcome: "skipped"; why: string };

export async function handleReadReceipt(
  deps: ReadReceiptDeps,
  payload: { messageId: string },
): Promise<ReadReceiptOutcome> {
  const message = await repo.findMessageForSend(deps.db, payload.messageId);
  if (!message) return { outcome: "skipped", why: "message deleted" };
  if (message.direction !== "INBOUND") return { outcome: "skipped", why: "not an inbound message" };
  const connection = message.platformConnection;
  if (connection.status !== "ACTIVE") return { outcome: "skipped", why: `channel ${connection.status}` };
  const provider = deps.social?.get(connection.platform);
  if (!provider?.external || !provider.capabilities.markRead) {
    return { outcome: "skipped", why: "no read receipts on this channel" };
  }
  try {
    await provider.markRead(connectionCredentials(deps.config, connection), {
      conversationExternalId: message.conversation.externalId,
      externalMessageId: message.externalId || null,
    });
    return { outcome: "sent" };
  } catch (error) {
    if (error instanceof ChannelError && !error.retryable) {
      deps.log.warn(
        { messageId: message.id, code: error.code },
        "inbox read receipt refused by the platform",
      );
      return { outcome: "skipped", why: error.code };
    }
    throw error;
  }
}
