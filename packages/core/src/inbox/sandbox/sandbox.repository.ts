import type { DbOrTx } from "@quartet/db/client";

// Reads of the sandbox page (writes go through ingestEvents).

const connectionSelect = {
  id: true,
  organizationId: true,
  platform: true,
  platformUserId: true,
  platformDisplayName: true,
  status: true,
} as const;

/** The workspace's sandbox channel: the one asked for, else the workspace's (one per workspace). */
export function findSandboxConnection(db: DbOrTx, orgId: string, connectionId?: string) {
  return db.platformConnection.findFirst({
    where: {
      organizationId: orgId,
      platform: "SANDBOX",
      ...(connectionId ? { id: connectionId } : { status: { not: "DISCONNECTED" } }),
    },
    select: connectionSelect,
    orderBy: { createdAt: "asc" },
  });
}

/** The sandbox's customers (one conversation each), most recent first. */
export function listSandboxCustomers(db: DbOrTx, connectionId: string, take = 50) {
  return db.conversation.findMany({
    where: { platformConnectionId: connectionId },
    select: {
      id: true,
      externalId: true,
      contactName: true,
      lastMessagePreview: true,
      lastMessageAt: true,
    },
    orderBy: [{ lastMessageAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take,
  });
}

export function findSandboxConversation(db: DbOrTx, connectionId: string, customerId: string) {
  return db.conversation.findUnique({
    where: {
      platformConnectionId_externalId: { platformConnectionId: connectionId, externalId: customerId },
    },
    select: { id: true, contactName: true },
  });
}

/**
 * The newest messages of the thread the customer can see (what they wrote, and what the business
 * got out to them: not a reply still pending or failed), newest first.
 */
export function listThreadMessages(db: DbOrTx, conversationId: string, take: number) {
  return db.message.findMany({
    where: {
      conversationId,
      OR: [{ direction: "INBOUND" }, { status: { in: ["SENT", "DELIVERED", "READ"] } }],
    },
    select: {
      id: true,
      direction: true,
      content: true,
      contentType: true,
      status: true,
      mediaUrl: true,
      mediaFileName: true,
      mediaType: true,
      attributes: true,
      reactions: true,
      platformTimestamp: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** The platform id of one of the business's messages in this thread (what a reaction targets). */
export async function findOutboundExternalId(
  db: DbOrTx,
  conversationId: string,
  messageId: string,
): Promise<string | null> {
  const row = await db.message.findFirst({
    where: { id: messageId, conversationId, direction: "OUTBOUND", externalId: { not: null } },
    select: { externalId: true },
  });
  return row?.externalId ?? null;
}
