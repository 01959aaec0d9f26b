import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import type {
  ConnectionStatus,
  ContentType,
  ConversationStatus,
  MessageDirection,
  MessageStatus,
  Platform,
} from "@quartet/db/enums";
import type { AppConfig } from "../deps.ts";
import { sealToken } from "./connections/connection-secrets.ts";

// Rows for the inbox's integration tests (core and API): a connection with a sealed token, a
// conversation, messages. Inbound traffic in tests should go through ingestEvents (the real path);
// these are for states that take time to reach (a week-old thread, a thousand conversations).

export async function makeConnection(
  db: DbOrTx,
  config: Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">,
  orgId: string,
  overrides: {
    platform?: Platform;
    platformUserId?: string;
    name?: string;
    accessToken?: string;
    status?: ConnectionStatus;
    metadata?: Record<string, unknown>;
  } = {},
) {
  return db.platformConnection.create({
    data: {
      organizationId: orgId,
      platform: overrides.platform ?? "SANDBOX",
      platformUserId: overrides.platformUserId ?? `acct-${randomUUID().slice(0, 8)}`,
      platformDisplayName: overrides.name ?? "Test channel",
      accessToken: sealToken(config, overrides.accessToken ?? "test-token"),
      status: overrides.status ?? "ACTIVE",
      metadata: (overrides.metadata ?? {}) as object,
    },
  });
}

export async function makeConversation(
  db: DbOrTx,
  connection: { id: string; organizationId: string; platform: Platform },
  overrides: {
    externalId?: string;
    contactName?: string | null;
    contactId?: string | null;
    status?: ConversationStatus;
    assignedToId?: string | null;
    snoozedUntil?: Date | null;
    unreadCount?: number;
    lastMessageAt?: Date | null;
    lastInboundAt?: Date | null;
    lastMessagePreview?: string | null;
    createdAt?: Date;
    firstResponseAt?: Date | null;
  } = {},
) {
  const externalId = overrides.externalId ?? `contact-${randomUUID().slice(0, 8)}`;
  const now = new Date();
  return db.conversation.create({
    data: {
      organizationId: connection.organizationId,
      platformConnectionId: connection.id,
      platform: connection.platform,
      externalId,
      contactExternalId: externalId,
      contactName: overrides.contactName === undefined ? "Casey Customer" : overrides.contactName,
      contactId: overrides.contactId ?? null,
      status: overrides.status ?? "OPEN",
      assignedToId: overrides.assignedToId ?? null,
      snoozedUntil: overrides.snoozedUntil ?? null,
      unreadCount: overrides.unreadCount ?? 0,
      lastMessageAt: overrides.lastMessageAt === undefined ? now : overrides.lastMessageAt,
      lastInboundAt: overrides.lastInboundAt === undefined ? now : overrides.lastInboundAt,
      lastMessagePreview: overrides.lastMessagePreview ?? "Hello",
      firstResponseAt: overrides.firstResponseAt ?? null,
      createdAt: overrides.createdAt ?? now,
    },
  });
}

export async function makeMessage(
  db: DbOrTx,
  conversation: { id: string; organizationId: string; platformConnectionId: string },
  overrides: {
    direction?: MessageDirection;
    content?: string | null;
    contentType?: ContentType;
    status?: MessageStatus;
    createdAt?: Date;
    sentByUserId?: string | null;
    externalId?: string | null;
    mediaUrl?: string | null;
    mediaType?: string | null;
    mediaFileName?: string | null;
  } = {},
) {
  const direction = overrides.direction ?? "INBOUND";
  return db.message.create({
    data: {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      platformConnectionId: conversation.platformConnectionId,
      direction,
      content: overrides.content === undefined ? "Hello there" : overrides.content,
      contentType: overrides.contentType ?? "TEXT",
      status: overrides.status ?? (direction === "INBOUND" ? "DELIVERED" : "SENT"),
      createdAt: overrides.createdAt ?? new Date(),
      sentByUserId: overrides.sentByUserId ?? null,
      externalId: overrides.externalId === undefined ? `ext-${randomUUID()}` : overrides.externalId,
      mediaUrl: overrides.mediaUrl ?? null,
      mediaType: overrides.mediaType ?? null,
      mediaFileName: overrides.mediaFileName ?? null,
    },
  });
}
