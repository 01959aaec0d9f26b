import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type {
  MessageEvent,
  ReactionEvent,
  SocialPlatform,
  StatusEvent,
} from "@quartet/integrations/social/types";
import type { AppConfig } from "../../deps.ts";
import { sealToken } from "../connections/connection-secrets.ts";
import type { IngestConnection } from "./ingest.service.ts";

// Builders for inbound tests (core and http): a connection row and normalized events.

export async function makeConnection(
  db: DbOrTx,
  config: Pick<AppConfig, "encryptionKey" | "previousEncryptionKeys">,
  orgId: string,
  platform: Platform,
  accountId = `acct-${randomUUID().slice(0, 8)}`,
  status: "ACTIVE" | "EXPIRED" | "DISCONNECTED" = "ACTIVE",
): Promise<IngestConnection> {
  return db.platformConnection.create({
    data: {
      organizationId: orgId,
      platform,
      platformUserId: accountId,
      platformDisplayName: `${platform} test`,
      accessToken: sealToken(config, "test-access-token"),
      status,
    },
    select: { id: true, organizationId: true, platform: true, platformUserId: true },
  });
}

type On = { platform: Platform; platformUserId: string };

export function messageEvent(on: On, overrides: Partial<MessageEvent> = {}): MessageEvent {
  const contactId = overrides.contact?.externalId ?? "15550001111";
  return {
    kind: "message",
    platform: on.platform as SocialPlatform,
    accountId: on.platformUserId,
    timestamp: new Date(),
    conversationExternalId: contactId,
    externalMessageId: `wamid.${randomUUID()}`,
    direction: "INBOUND",
    sentByThisApp: null,
    contact: { externalId: contactId, name: "Cleo Customer", username: null, phone: null, email: null },
    contentType: "TEXT",
    text: "Hello there",
    media: null,
    location: null,
    replyToExternalId: null,
    unsupportedType: null,
    ...overrides,
  };
}

export function statusEvent(on: On, overrides: Partial<StatusEvent> = {}): StatusEvent {
  return {
    kind: "status",
    platform: on.platform as SocialPlatform,
    accountId: on.platformUserId,
    timestamp: new Date(),
    contactExternalId: null,
    conversationExternalId: null,
    externalMessageId: null,
    upTo: null,
    status: "DELIVERED",
    error: null,
    ...overrides,
  };
}

export function reactionEvent(on: On, overrides: Partial<ReactionEvent> = {}): ReactionEvent {
  return {
    kind: "reaction",
    platform: on.platform as SocialPlatform,
    accountId: on.platformUserId,
    timestamp: new Date(),
    conversationExternalId: "15550001111",
    contactExternalId: "15550001111",
    direction: "INBOUND",
    targetExternalMessageId: "missing",
    emoji: "👍",
    ...overrides,
  };
}
