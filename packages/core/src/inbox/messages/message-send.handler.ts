import type { Platform } from "@quartet/db/enums";
import { ChannelError } from "@quartet/integrations/social/errors";
import type {
  ChannelProvider,
  MediaContentType,
  OutboundMessage,
  MessageTemplate as ProviderTemplate,
} from "@quartet/integrations/social/types";
import { inboxSendMessageJob } from "@quartet/jobs/definitions";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { markConnectionExpired } from "../connections/connection-health.service.ts";
import { connectionCredentials } from "../connections/connection-secrets.ts";
import { platformName } from "../conversations/inbox-window.ts";
import { publishInboxEvent } from "../inbox-realtime.ts";
import * as repo from "./message.repository.ts";
import type { MessageTemplate } from "./message.schema.ts";

// `inbox.send-message`: one outbound message through its channel's provider. PENDING → SENT with
// the platform's message id, or FAILED with the provider's reason in words a person can act on.
// A failure the provider calls retryable (rate limit, platform down) is thrown back to pg-boss,
// which retries with backoff, until the last attempt stores it FAILED. An expired token marks the
// connection EXPIRED (the owner is told by the connection health job) and fails the message at once.

/** The providers come from deps.social (WEBCHAT and SANDBOX are local and just return ids). */
export type SendDeps = Pick<Deps, "db" | "boss" | "clock" | "log" | "config" | "social">;

export interface SendJobRun {
  id: string;
  retryCount: number;
}

export type SendOutcome =
  | { outcome: "sent"; externalMessageId: string }
  | { outcome: "failed"; code: string; reason: string }
  | { outcome: "skipped"; why: string };

const FAILED_REASON_MAX = 1000;

function providerFor(deps: SendDeps, platform: Platform): ChannelProvider {
  const provider = deps.social?.get(platform);
  if (!provider) {
    throw new ChannelError({
      code: "NOT_CONFIGURED",
      message: `${platformName[platform]} is not configured on this server.`,
      retryable: false,
    });
  }
  return provider;
}

/** WhatsApp template parameters as the Cloud API takes them (body parameters, in order). */
function templateComponents(params: string[]): unknown[] {
  if (params.length === 0) return [];
  return [{ type: "body", parameters: params.map((text) => ({ type: "text", text })) }];
}

async function readStored(deps: Pick<Deps, "storage">, key: string): Promise<Uint8Array> {
  const file = await deps.storage.get(key);
  if (!file)
    throw new ChannelError({
      code: "MEDIA",
      message: "The attachment is no longer stored.",
      retryable: false,
    });
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The provider's request for a stored message. */
async function outboundOf(
  deps: SendDeps & Pick<Deps, "storage">,
  message: repo.MessageForSend,
): Promise<OutboundMessage> {
  const attributes = (message.attributes ?? {}) as {
    template?: { name: string; language: string; params?: string[] };
    humanAgent?: boolean;
  };
  const out: OutboundMessage = {
    to: message.conversation.externalId,
    replyToExternalId: message.replyTo?.externalId ?? null,
    ...(attributes.humanAgent ? { humanAgent: true } : {}),
  };
  if (attributes.template) {
    out.template = {
      name: attributes.template.name,
      language: attributes.template.language,
      components: templateComponents(attributes.template.params ?? []),
    };
    return out;
  }
  if (message.contentType === "TEXT") {
    out.text = message.content ?? "";
    return out;
  }
  if (!message.mediaUrl) {
    throw new ChannelError({ code: "MEDIA", message: "The attachment is missing.", retryable: false });
  }
  out.media = {
    kind: message.contentType as MediaContentType,
    bytes: await readStored(deps, message.mediaUrl),
    mimeType: message.mediaType ?? undefined,
    filename: message.mediaFileName ?? undefined,
    ...(message.content ? { caption: message.content } : {}),
  };
  return out;
}

/**
 * Connection health (helper F's): EXPIRED with the provider's reason, the owners mailed and told
 * in the app once per outage, the banner shown until someone reconnects.
 */
async function markConnectionExpiredNow(deps: SendDeps, connectionId: string, reason: string) {
  await deps.db.$transaction((tx) => markConnectionExpired(tx, connectionId, reason, deps));
}

async function fail(deps: SendDeps, message: repo.MessageForSend, code: string, reason: string) {
  await deps.db.$transaction(async (tx) => {
    const moved = await repo.moveStatus(tx, message.id, "PENDING", {
      status: "FAILED",
      errorCode: code.slice(0, 100),
      errorMessage: reason.slice(0, FAILED_REASON_MAX),
      attempts: { increment: 1 },
      updatedAt: deps.clock.now(),
    });
    if (!moved) return;
    await publishInboxEvent(tx, {
      topic: "inbox.message",
      organizationId: message.organizationId,
      conversationId: message.conversationId,
      messageId: message.id,
      kind: "status",
    });
  });
  return { outcome: "failed" as const, code, reason };
}

export async function handleSendMessage(
  deps: SendDeps & Pick<Deps, "storage">,
  payload: { messageId: string },
  job: SendJobRun,
): Promise<SendOutcome> {
  const message = await repo.findMessageForSend(deps.db, payload.messageId);
  if (!message) return { outcome: "skipped", why: "message deleted" };
  if (message.direction !== "OUTBOUND" || message.status !== "PENDING") {
    return { outcome: "skipped", why: `status ${message.status}` };
  }
  const connection = message.platformConnection;
  if (connection.status !== "ACTIVE") {
    return fail(
      deps,
      message,
      "CONNECTION_INACTIVE",
      `The ${platformName[connection.platform]} channel is ${connection.status.toLowerCase()}. Reconnect it in Settings → Channels, then retry.`,
    );
  }
  const lastAttempt = job.retryCount >= inboxSendMessageJob.queue.retryLimit;
  try {
    const provider = providerFor(deps, connection.platform);
    // Local channels (the sandbox, the chat widget) hold no platform token (the demo seed's is empty).
    const credentials = provider.external
      ? connectionCredentials(deps.config, connection)
      : { accessToken: "", accountId: connection.platformUserId };
    const result = await provider.sendMessage(credentials, await outboundOf(deps, message));
    await deps.db.$transaction(async (tx) => {
      // An echo of this very message may have arrived first and been stored on its own: ours wins.
      await repo.dropEchoDuplicate(tx, connection.id, result.externalMessageId, message.id);
      const moved = await repo.moveStatus(tx, message.id, "PENDING", {
        status: "SENT",
        externalId: result.externalMessageId,
        errorCode: null,
        errorMessage: null,
        attempts: { increment: 1 },
        platformTimestamp: deps.clock.now(),
        updatedAt: deps.clock.now(),
      });
      if (!moved) return;
      await publishInboxEvent(tx, {
        topic: "inbox.message",
        organizationId: message.organizationId,
        conversationId: message.conversationId,
        messageId: message.id,
        kind: "status",
      });
    });
    return { outcome: "sent", externalMessageId: result.externalMessageId };
  } catch (error) {
    if (error instanceof ChannelError) {
      if (error.tokenExpired) {
        await markConnectionExpiredNow(deps, connection.id, error.reason);
        return fail(deps, message, error.code, error.reason);
      }
      if (!error.retryable || lastAttempt) return fail(deps, message, error.code, error.reason);
      await recordAttempt(deps, message.id, error.code, error.reason);
      throw error;
    }
    if (lastAttempt) {
      deps.log.error({ err: error, messageId: message.id }, "inbox send failed");
      return fail(
        deps,
        message,
        "UNAVAILABLE",
        `${platformName[connection.platform]} could not be reached. Try again later.`,
      );
    }
    throw error;
  }
}

/** Keeps the last retryable reason on the PENDING row (the thread can say "retrying…"). */
async function recordAttempt(deps: SendDeps, messageId: string, code: string, reason: string) {
  await deps.db.message.updateMany({
    where: { id: messageId, status: "PENDING" },
    data: {
      attempts: { increment: 1 },
      errorCode: code.slice(0, 100),
      errorMessage: reason.slice(0, FAILED_REASON_MAX),
    },
  });
}

/** The approved templates of a WhatsApp connection, for the picker (empty when not configured). */
export async function listProviderTemplates(
  deps: SendDeps,
  connectionId: string,
): Promise<MessageTemplate[]> {
  const connection = await deps.db.platformConnection.findUnique({
    where: { id: connectionId },
    select: {
      platform: true,
      platformUserId: true,
      accessToken: true,
      refreshToken: true,
      metadata: true,
      status: true,
    },
  });
  if (connection?.status !== "ACTIVE") return [];
  const provider = deps.social?.get(connection.platform);
  if (!provider?.capabilities.templates) return [];
  let templates: ProviderTemplate[];
  try {
    templates = await provider.listTemplates(connectionCredentials(deps.config, connection));
  } catch (error) {
    if (error instanceof ChannelError) {
      if (error.tokenExpired) await markConnectionExpiredNow(deps, connectionId, error.reason);
      throw new AppError("PRECONDITION_FAILED", error.reason, undefined, error.code);
    }
    throw error;
  }
  return templates
    .filter((t) => t.status === "APPROVED")
    .map((t) => ({
      name: t.name,
      language: t.language,
      category: t.category,
      body: t.bodyText ?? "",
      paramCount: t.parameterCount,
    }));
}
