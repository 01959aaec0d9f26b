import { randomBytes, randomUUID } from "node:crypto";
import type { MessageEvent, ReactionEvent, StatusEvent } from "@quartet/integrations/social/types";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import { ingestEvents } from "../inbound/ingest.service.ts";
import { isStoredMedia, mediaPath } from "../messages/message.service.ts";
import * as repo from "./sandbox.repository.ts";
import {
  type SandboxMediaKind,
  type SandboxOverview,
  type SandboxOverviewInput,
  type SandboxReactInput,
  type SandboxReceiptsInput,
  type SandboxThread,
  type SandboxThreadInput,
  type SandboxThreadMessage,
  type SendSandboxInput,
  sandboxOverviewInput,
  sandboxReactInput,
  sandboxReceiptsInput,
  sandboxThreadInput,
  sendSandboxInput,
} from "./sandbox.schema.ts";
import { SANDBOX_MEDIA } from "./sandbox-media.ts";

// The built-in offline channel: a member plays a customer. What the "customer" does becomes
// normalized events that go through `ingestEvents`, exactly like a platform's webhook, so the
// whole inbox (unread, previews, realtime, media fetch, receipts) works without the internet.
// The agent's replies go out through the send job (the sandbox provider just gives an id); the
// customer's page opening them moves them to DELIVERED then READ.

const THREAD_SIZE = 100;

const sandboxNotFound = () =>
  new AppError("NOT_FOUND", "This workspace has no sandbox channel. Add it in Settings → Channels.");

/** The location the sandbox customer shares. */
export const SANDBOX_LOCATION = {
  latitude: 48.8584,
  longitude: 2.2945,
  name: "Eiffel Tower",
  address: "Champ de Mars, 75007 Paris",
  url: null,
};

async function sandboxConnection(
  deps: Deps,
  actor: UserActor,
  input: { orgId: string; connectionId?: string },
  forWriting: boolean,
) {
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const connection = await repo.findSandboxConnection(deps.db, input.orgId, input.connectionId);
  if (!connection) throw sandboxNotFound();
  if (forWriting && connection.status !== "ACTIVE")
    throw new AppError(
      "PRECONDITION_FAILED",
      "The sandbox channel is disconnected. Reconnect it in Settings → Channels.",
      undefined,
      "SANDBOX_DISCONNECTED",
    );
  return connection;
}

/** The sandbox channel and its customers (for the page's picker). */
export async function sandboxOverview(
  deps: Deps,
  actor: UserActor,
  rawInput: SandboxOverviewInput,
): Promise<SandboxOverview> {
  const input = sandboxOverviewInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const connection = await repo.findSandboxConnection(deps.db, input.orgId);
  if (!connection) return { connection: null, customers: [] };
  const customers = await repo.listSandboxCustomers(deps.db, connection.id);
  return {
    connection: {
      id: connection.id,
      name: connection.platformDisplayName ?? "Sandbox",
      status: connection.status,
    },
    customers: customers.map((c) => ({
      id: c.externalId,
      name: c.contactName,
      conversationId: c.id,
      lastMessagePreview: c.lastMessagePreview,
      lastMessageAt: c.lastMessageAt,
    })),
  };
}

/** The customer writes: a text, a sample image or file (with the text as caption), or a location. */
export async function sendAsSandboxCustomer(
  deps: Deps,
  actor: UserActor,
  rawInput: SendSandboxInput,
): Promise<{ messageId: string; conversationId: string; customer: { id: string; name: string | null } }> {
  const input = sendSandboxInput.parse(rawInput);
  const connection = await sandboxConnection(deps, actor, input, true);
  const customer = { id: input.customer.id ?? newCustomerId(), name: input.customer.name ?? null };
  const event = sandboxMessage(connection.platformUserId, customer, {
    text: input.text ?? null,
    mediaKind: input.mediaKind ?? null,
    externalId: `sandbox-${input.clientMessageId ?? randomUUID()}`,
    at: deps.clock.now(),
  });
  const result = await ingestEvents(deps, connection, [event]);
  const stored = result.messages[0];
  if (!stored) throw new AppError("INTERNAL", "The sandbox message was not stored.");
  return { messageId: stored.messageId, conversationId: stored.conversationId, customer };
}

/** The thread as the customer's phone shows it, oldest first. */
export async function sandboxThread(
  deps: Deps,
  actor: UserActor,
  rawInput: SandboxThreadInput,
): Promise<SandboxThread> {
  const input = sandboxThreadInput.parse(rawInput);
  const connection = await sandboxConnection(deps, actor, input, false);
  const conversation = await repo.findSandboxConversation(deps.db, connection.id, input.customerId);
  if (!conversation)
    return { customer: { id: input.customerId, name: null }, conversationId: null, messages: [] };
  const rows = await repo.listThreadMessages(deps.db, conversation.id, THREAD_SIZE);
  return {
    customer: { id: input.customerId, name: conversation.contactName },
    conversationId: conversation.id,
    messages: rows.reverse().map(toThreadMessage),
  };
}

/**
 * The customer's phone received (DELIVERED) or displayed (READ) the business's messages: one
 * watermark receipt through ingestEvents, as Messenger sends them, so each message moves forward
 * only and the agent's ticks update live.
 */
export async function sandboxReceipts(
  deps: Deps,
  actor: UserActor,
  rawInput: SandboxReceiptsInput,
): Promise<{ moved: number }> {
  const input = sandboxReceiptsInput.parse(rawInput);
  const connection = await sandboxConnection(deps, actor, input, true);
  const now = deps.clock.now();
  const receipt: StatusEvent = {
    kind: "status",
    platform: "SANDBOX",
    accountId: connection.platformUserId,
    timestamp: now,
    contactExternalId: input.customerId,
    conversationExternalId: input.customerId,
    externalMessageId: null,
    upTo: now,
    status: input.status,
    error: null,
  };
  const result = await ingestEvents(deps, connection, [receipt]);
  return { moved: result.statusesMoved };
}

/** The customer reacts to one of the business's messages (null takes the reaction back). */
export async function sandboxReact(
  deps: Deps,
  actor: UserActor,
  rawInput: SandboxReactInput,
): Promise<{ ok: true }> {
  const input = sandboxReactInput.parse(rawInput);
  const connection = await sandboxConnection(deps, actor, input, true);
  const conversation = await repo.findSandboxConversation(deps.db, connection.id, input.customerId);
  const target = conversation
    ? await repo.findOutboundExternalId(deps.db, conversation.id, input.messageId)
    : null;
  if (!target) throw new AppError("NOT_FOUND", "Message not found.");
  const reaction: ReactionEvent = {
    kind: "reaction",
    platform: "SANDBOX",
    accountId: connection.platformUserId,
    timestamp: deps.clock.now(),
    conversationExternalId: input.customerId,
    contactExternalId: input.customerId,
    direction: "INBOUND",
    targetExternalMessageId: target,
    emoji: input.emoji,
  };
  await ingestEvents(deps, connection, [reaction]);
  return { ok: true };
}

/** A sandbox customer's message as a platform's webhook would have said it (seed and page). */
export function sandboxMessage(
  accountId: string,
  customer: { id: string; name: string | null },
  m: { text: string | null; mediaKind: SandboxMediaKind | null; externalId: string; at: Date },
): MessageEvent {
  const sample = m.mediaKind === "image" ? "sample-image" : m.mediaKind === "file" ? "sample-file" : null;
  const media = sample ? SANDBOX_MEDIA[sample] : null;
  return {
    kind: "message",
    platform: "SANDBOX",
    accountId,
    timestamp: m.at,
    conversationExternalId: customer.id,
    externalMessageId: m.externalId,
    direction: "INBOUND",
    sentByThisApp: null,
    contact: { externalId: customer.id, name: customer.name, username: null, phone: null, email: null },
    contentType: media ? media.contentType : m.mediaKind === "location" ? "LOCATION" : "TEXT",
    text: m.text,
    media:
      sample && media
        ? {
            mediaId: sample,
            url: null,
            mimeType: media.mimeType,
            filename: media.filename,
            caption: null,
            sha256: null,
          }
        : null,
    location: m.mediaKind === "location" ? SANDBOX_LOCATION : null,
    replyToExternalId: null,
    unsupportedType: null,
  };
}

function newCustomerId(): string {
  return `c-${randomBytes(6).toString("base64url")}`;
}

type ThreadRow = Awaited<ReturnType<typeof repo.listThreadMessages>>[number];

function toThreadMessage(row: ThreadRow): SandboxThreadMessage {
  const attributes = (row.attributes ?? {}) as {
    media?: { state?: string };
    location?: { latitude: number; longitude: number; name?: string | null };
  };
  const reactions = Array.isArray(row.reactions) ? (row.reactions as { emoji: string; from: string }[]) : [];
  return {
    id: row.id,
    direction: row.direction,
    content: row.content,
    contentType: row.contentType,
    status: row.status,
    media: attributes.media
      ? {
          url: isStoredMedia(row.mediaUrl) ? mediaPath(row.id, "media") : null,
          fileName: row.mediaFileName,
          mimeType: row.mediaType,
          state: attributes.media.state ?? null,
        }
      : null,
    location: attributes.location
      ? {
          latitude: attributes.location.latitude,
          longitude: attributes.location.longitude,
          name: attributes.location.name ?? null,
        }
      : null,
    reactions: reactions.map((r) => ({ emoji: r.emoji, from: r.from })),
    at: row.platformTimestamp ?? row.createdAt,
  };
}
