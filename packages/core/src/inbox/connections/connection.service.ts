import { randomBytes } from "node:crypto";
import type { Tx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import { ChannelError } from "@quartet/integrations/social/errors";
import type { ChannelCredentials } from "@quartet/integrations/social/types";
import { limitOf, reserve } from "../../billing/entitlements.service.ts";
import { countInboxChannels } from "../../billing/usage.repository.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./connection.repository.ts";
import {
  CONNECT_METHOD,
  type ConnectionIdInput,
  type ConnectionItem,
  type ConnectionList,
  type ConnectWhatsAppInput,
  type CreateWidgetInput,
  connectionIdInput,
  connectWhatsAppInput,
  createWidgetInput,
  type OrgInput,
  orgInput,
  type ReconnectInput,
  reconnectInput,
  type UpdateWidgetInput,
  updateWidgetInput,
  type WidgetSnippet,
  widgetMetadataSchema,
} from "./connection.schema.ts";
import { channelProvider, connectAvailability } from "./connection-providers.ts";
import { sealToken } from "./connection-secrets.ts";

// Settings → Channels: the workspace's platform connections. Everyone from AGENT up sees them;
// OWNER and ADMIN connect, disconnect and reconnect. The plan's `inbox.channels` counts every
// connection that can receive messages (the sandbox is free), reserved in the creating transaction.

const notFound = () => new AppError("NOT_FOUND", "Channel not found.");

/** The sandbox's account id: one per workspace, by the unique (workspace, platform, account). */
export const SANDBOX_ACCOUNT_ID = "sandbox";

export function toConnectionItem(row: repo.ConnectionRow): ConnectionItem {
  const meta = (row.metadata ?? {}) as Record<string, unknown>;
  const name = row.platformDisplayName ?? row.platformUsername ?? row.platformUserId;
  return {
    id: row.id,
    platform: row.platform,
    accountId: row.platformUserId,
    name,
    username: row.platformUsername,
    status: row.status,
    errorMessage: row.errorMessage,
    lastSyncAt: row.lastSyncAt,
    tokenExpiresAt: row.tokenExpiresAt,
    connectMethod: CONNECT_METHOD[row.platform],
    connectedBy: row.connectedBy ? { id: row.connectedBy.id, name: row.connectedBy.name } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    widget: row.platform === "WEBCHAT" ? { name, ...widgetMetadataSchema.parse(meta) } : null,
    businessAccountId: typeof meta.wabaId === "string" ? meta.wabaId : null,
    conversationCount: row._count.conversations,
  };
}

export async function listConnections(
  deps: Deps,
  actor: UserActor,
  rawInput: OrgInput,
): Promise<ConnectionList> {
  const input = orgInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const [rows, limit, used] = await Promise.all([
    repo.listConnectionRows(deps.db, input.orgId),
    limitOf(deps, input.orgId, "inbox.channels"),
    countInboxChannels(deps.db, input.orgId),
  ]);
  return { items: rows.map(toConnectionItem), limit, used, available: connectAvailability(deps) };
}

export async function getConnection(deps: Deps, actor: UserActor, rawInput: ConnectionIdInput) {
  const input = connectionIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const row = await repo.findConnectionRow(deps.db, input.orgId, input.connectionId);
  if (!row) throw notFound();
  return toConnectionItem(row);
}

/** Does (re)activating this connection take a channel of the plan? */
const takesChannel = (platform: Platform, existing: repo.ConnectionRow | null) =>
  platform !== "SANDBOX" && (!existing || existing.status === "DISCONNECTED");

export interface SaveConnection {
  orgId: string;
  platform: Platform;
  platformUserId: string;
  userId: string | null;
  write: Omit<repo.ConnectionWrite, "connectedById" | "now">;
  /** "refuse": an ACTIVE connection of the same account is a CONFLICT (a second create). */
  whenActive: "refuse" | "update";
}

/**
 * Creates or brings back one connection in `tx`, holding the plan's channel limit (PlanLimitError
 * when the workspace has no channel left). The same account in another workspace is refused: a
 * webhook must route to one inbox.
 */
export async function saveConnection(tx: Tx, deps: Pick<Deps, "clock">, s: SaveConnection) {
  const existing = await repo.findConnectionByAccount(tx, s.orgId, s.platform, s.platformUserId);
  if (existing && existing.status !== "DISCONNECTED" && s.whenActive === "refuse")
    throw new AppError("CONFLICT", "This account is already connected to this workspace.");
  const elsewhere = await tx.platformConnection.findFirst({
    where: {
      platform: s.platform,
      platformUserId: s.platformUserId,
      organizationId: { not: s.orgId },
      status: { not: "DISCONNECTED" },
    },
    select: { id: true },
  });
  if (elsewhere && s.platform !== "SANDBOX")
    throw new AppError(
      "CONFLICT",
      "This account is connected to another Quartet workspace. Disconnect it there first.",
      undefined,
      "CONNECTED_ELSEWHERE",
    );
  if (takesChannel(s.platform, existing)) await reserve(tx, deps.clock, s.orgId, "inbox.channels");
  return repo.upsertConnection(
    tx,
    { orgId: s.orgId, platform: s.platform, platformUserId: s.platformUserId },
    { ...s.write, connectedById: s.userId, now: deps.clock.now() },
  );
}

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

/** A provider's refusal while connecting, as a message under the right field. */
function connectError(error: unknown, fields: { token: string; account: string }): never {
  if (!(error instanceof ChannelError)) throw error;
  if (error.code === "TOKEN_EXPIRED" || error.code === "PERMISSION") {
    const message =
      error.code === "TOKEN_EXPIRED"
        ? "Meta refused this access token (expired, revoked or mistyped)."
        : "This access token lacks a permission (whatsapp_business_messaging and whatsapp_business_management).";
    throw new AppError("BAD_REQUEST", message, { [fields.token]: message }, "CHANNEL_REFUSED");
  }
  if (error.code === "INVALID_REQUEST" || error.code === "UNKNOWN") {
    const message = "Meta doesn't know this ID with this token. Check the IDs in WhatsApp Manager.";
    throw new AppError("BAD_REQUEST", message, { [fields.account]: message }, "CHANNEL_REFUSED");
  }
  if (error.code === "NOT_CONFIGURED")
    throw new AppError("PRECONDITION_FAILED", error.message, undefined, "NOT_CONFIGURED");
  throw new AppError(
    "PRECONDITION_FAILED",
    `${error.message} Nothing was saved; try again in a moment.`,
    undefined,
    "CHANNEL_UNAVAILABLE",
  );
}

/** Checks a WhatsApp token against Meta (the number's profile, then the webhook subscription). */
async function verifyWhatsApp(deps: Deps, credentials: ChannelCredentials) {
  const provider = channelProvider(deps, "WHATSAPP");
  let account: Awaited<ReturnType<typeof provider.fetchAccount>>;
  try {
    account = await provider.fetchAccount(credentials);
  } catch (error) {
    return connectError(error, { token: "accessToken", account: "phoneNumberId" });
  }
  try {
    await provider.subscribeWebhooks(credentials);
  } catch (error) {
    return connectError(error, { token: "accessToken", account: "businessAccountId" });
  }
  return account;
}

/** WhatsApp Cloud API: token + phone number id + WABA id, verified with Meta before anything is saved. */
export async function connectWhatsApp(
  deps: Deps,
  actor: UserActor,
  rawInput: ConnectWhatsAppInput,
): Promise<ConnectionItem> {
  const input = connectWhatsAppInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const existing = await repo.findConnectionByAccount(deps.db, input.orgId, "WHATSAPP", input.phoneNumberId);
  if (existing && existing.status === "ACTIVE") {
    const message = "This number is already connected. Use Reconnect to give it a new token.";
    throw new AppError("CONFLICT", message, { phoneNumberId: message });
  }
  const credentials: ChannelCredentials = {
    accessToken: input.accessToken,
    accountId: input.phoneNumberId,
    wabaId: input.businessAccountId,
  };
  const account = await verifyWhatsApp(deps, credentials);
  const row = await deps.db.$transaction(
    (tx) =>
      saveConnection(tx, deps, {
        orgId: input.orgId,
        platform: "WHATSAPP",
        platformUserId: input.phoneNumberId,
        userId: actor.userId,
        whenActive: "update",
        write: {
          platformDisplayName: account.displayName ?? account.phone,
          platformUsername: account.phone,
          accessToken: sealToken(deps.config, input.accessToken),
          metadata: { wabaId: input.businessAccountId, phone: account.phone },
        },
      }),
    TX,
  );
  deps.log.info(
    { orgId: input.orgId, connectionId: row.id, platform: "WHATSAPP" },
    "inbox channel connected",
  );
  return toConnectionItem(row);
}

/** A widget's public key: what the snippet carries and webhooks of the widget route by. */
const newPublicKey = () => `wc_${randomBytes(18).toString("base64url")}`;
/** A fresh per-connection secret (the widget signs visitor tokens with it). */
const newLocalSecret = () => randomBytes(32).toString("base64url");

/** A website chat widget: a public key for the snippet, a name, a colour and a greeting. */
export async function createWidget(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateWidgetInput,
): Promise<ConnectionItem> {
  const input = createWidgetInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const row = await deps.db.$transaction(
    (tx) =>
      saveConnection(tx, deps, {
        orgId: input.orgId,
        platform: "WEBCHAT",
        platformUserId: newPublicKey(),
        userId: actor.userId,
        whenActive: "refuse",
        write: {
          platformDisplayName: input.name,
          accessToken: sealToken(deps.config, newLocalSecret()),
          metadata: { color: input.color, greeting: input.greeting },
        },
      }),
    TX,
  );
  return toConnectionItem(row);
}

export async function updateWidget(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateWidgetInput,
): Promise<ConnectionItem> {
  const input = updateWidgetInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const row = await repo.findConnectionRow(deps.db, input.orgId, input.connectionId);
  if (row?.platform !== "WEBCHAT") throw notFound();
  const meta = widgetMetadataSchema.parse(row.metadata ?? {});
  await repo.updateConnection(deps.db, input.orgId, row.id, {
    ...(input.name !== undefined ? { platformDisplayName: input.name } : {}),
    metadata: {
      ...((row.metadata ?? {}) as Record<string, unknown>),
      color: input.color ?? meta.color,
      greeting: input.greeting ?? meta.greeting,
    },
  });
  return getConnection(deps, actor, { orgId: input.orgId, connectionId: row.id });
}

/**
 * The workspace's sandbox channel (one per workspace: creating it again returns it, reconnected
 * if it was disconnected). Not counted against the plan's channels.
 */
export async function createSandbox(
  deps: Deps,
  actor: UserActor,
  rawInput: OrgInput,
): Promise<ConnectionItem> {
  const input = orgInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const existing = await repo.findConnectionByAccount(deps.db, input.orgId, "SANDBOX", SANDBOX_ACCOUNT_ID);
  if (existing && existing.status === "ACTIVE") return toConnectionItem(existing);
  try {
    const row = await deps.db.$transaction(
      (tx) =>
        saveConnection(tx, deps, {
          orgId: input.orgId,
          platform: "SANDBOX",
          platformUserId: SANDBOX_ACCOUNT_ID,
          userId: actor.userId,
          whenActive: "update",
          write: {
            platformDisplayName: "Sandbox",
            accessToken: sealToken(deps.config, newLocalSecret()),
          },
        }),
      TX,
    );
    return toConnectionItem(row);
  } catch (error) {
    // Two clicks at once: the other one created it.
    if (!isUniqueViolation(error)) throw error;
    const row = await repo.findConnectionByAccount(deps.db, input.orgId, "SANDBOX", SANDBOX_ACCOUNT_ID);
    if (!row) throw error;
    return toConnectionItem(row);
  }
}

/**
 * Disconnect: the tokens are wiped and nothing more arrives or leaves; the conversations stay,
 * read-only, and come back live if the same account is connected again.
 */
export async function disconnectConnection(
  deps: Deps,
  actor: UserActor,
  rawInput: ConnectionIdInput,
): Promise<ConnectionItem> {
  const input = connectionIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  if (!(await repo.disconnectConnection(deps.db, input.orgId, input.connectionId))) throw notFound();
  deps.log.info({ orgId: input.orgId, connectionId: input.connectionId }, "inbox channel disconnected");
  return getConnection(deps, actor, input);
}

export type ReconnectResult =
  | { kind: "done"; connection: ConnectionItem }
  /** Facebook, Instagram and TikTok reconnect through their sign-in: open this address. */
  | { kind: "oauth"; url: string };

/** The connect flow's start address of an OAuth platform (inbox-connect.plugin.ts). */
export function oauthStartPath(platform: Platform, orgId: string): string {
  const provider = platform === "TIKTOK" ? "tiktok" : "meta";
  const query = new URLSearchParams({ orgId });
  if (platform === "INSTAGRAM") query.set("platform", "INSTAGRAM");
  return `/inbox/connect/${provider}/start?${query}`;
}

/**
 * Reconnect after an expiry or a disconnect. WhatsApp takes a new token (checked with Meta);
 * the widget and the sandbox get a fresh secret; OAuth platforms answer with their sign-in address.
 */
export async function reconnectConnection(
  deps: Deps,
  actor: UserActor,
  rawInput: ReconnectInput,
): Promise<ReconnectResult> {
  const input = reconnectInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const row = await repo.findConnectionRow(deps.db, input.orgId, input.connectionId);
  if (!row) throw notFound();
  const method = CONNECT_METHOD[row.platform];
  if (method === "META_OAUTH" || method === "TIKTOK_OAUTH")
    return { kind: "oauth", url: `${deps.config.webUrl}${oauthStartPath(row.platform, input.orgId)}` };

  let write: SaveConnection["write"];
  if (row.platform === "WHATSAPP") {
    if (!input.accessToken) {
      const message = "Paste a new access token for this number.";
      throw new AppError("BAD_REQUEST", message, { accessToken: message });
    }
    const wabaId = (row.metadata as { wabaId?: unknown } | null)?.wabaId;
    const credentials: ChannelCredentials = {
      accessToken: input.accessToken,
      accountId: row.platformUserId,
      wabaId: typeof wabaId === "string" ? wabaId : null,
    };
    const account = await verifyWhatsApp(deps, credentials);
    write = {
      platformDisplayName: account.displayName ?? row.platformDisplayName,
      platformUsername: account.phone ?? row.platformUsername,
      accessToken: sealToken(deps.config, input.accessToken),
    };
  } else {
    write = {
      platformDisplayName: row.platformDisplayName,
      platformUsername: row.platformUsername,
      accessToken: sealToken(deps.config, newLocalSecret()),
    };
  }
  const saved = await deps.db.$transaction(
    (tx) =>
      saveConnection(tx, deps, {
        orgId: input.orgId,
        platform: row.platform,
        platformUserId: row.platformUserId,
        userId: actor.userId,
        whenActive: "update",
        write,
      }),
    TX,
  );
  return { kind: "done", connection: toConnectionItem(saved) };
}

/** The widget's embed code: a script tag with the public key, and a page to try it. */
export async function widgetSnippet(
  deps: Deps,
  actor: UserActor,
  rawInput: ConnectionIdInput,
): Promise<WidgetSnippet> {
  const input = connectionIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const row = await repo.findConnectionRow(deps.db, input.orgId, input.connectionId);
  if (row?.platform !== "WEBCHAT") throw notFound();
  return widgetSnippetFor(deps.config.webUrl, row.platformUserId);
}

export function widgetSnippetFor(webUrl: string, publicKey: string): WidgetSnippet {
  const origin = webUrl.replace(/\/+$/, "");
  const scriptUrl = `${origin}/chat/widget.js`;
  return {
    publicKey,
    scriptUrl,
    snippet: `<script src="${scriptUrl}" data-quartet-chat="${publicKey}" async></script>`,
    previewUrl: `${origin}/chat/preview/${encodeURIComponent(publicKey)}`,
  };
}
