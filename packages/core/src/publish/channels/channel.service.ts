import { randomBytes, randomUUID } from "node:crypto";
import { isPublishProviderId, type PublishProviderId } from "@quartet/integrations/social/publish";
import { limitOf, reserve } from "../../billing/entitlements.service.ts";
import { countPublishChannels } from "../../billing/usage.repository.ts";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./channel.repository.ts";
import {
  type ChannelIdInput,
  type ChannelItem,
  type ChannelList,
  type ConnectSandboxInput,
  channelIdInput,
  connectSandboxInput,
  type OrgInput,
  orgInput,
  postingTimesSchema,
  type SetPostingTimesInput,
  setPostingTimesInput,
} from "./channel.schema.ts";
import { sealChannelToken } from "./channel-secrets.ts";

// Publish → Channels. Every member sees them; OWNER and ADMIN connect and disconnect. The plan's
// `publish.channels` counts every live channel (the sandbox too), reserved in the creating
// transaction. Only the built-in sandbox can be connected today: it publishes to a page of the app
// and may play another platform's rules (`emulate`) so posts are checked as that platform would.

const notFound = () => new AppError("NOT_FOUND", "Channel not found.");

/** The platform whose rules a channel's posts follow. */
export function rulesOf(
  row: Pick<repo.ChannelRow, "providerIdentifier" | "additionalSettings">,
): PublishProviderId {
  const settings = row.additionalSettings as { emulate?: unknown } | unknown[] | null;
  const emulate = settings && !Array.isArray(settings) ? settings.emulate : undefined;
  if (typeof emulate === "string" && isPublishProviderId(emulate)) return emulate;
  return isPublishProviderId(row.providerIdentifier) ? row.providerIdentifier : "sandbox";
}

export function toChannelItem(row: repo.ChannelRow): ChannelItem {
  const times = postingTimesSchema.safeParse(row.postingTimes);
  return {
    id: row.id,
    name: row.name,
    provider: row.providerIdentifier,
    rules: rulesOf(row),
    picture: row.picture,
    profile: row.profile,
    disabled: row.disabled,
    refreshNeeded: row.refreshNeeded,
    customer: row.customer,
    postingTimes: times.success ? times.data : [],
    createdAt: row.createdAt,
  };
}

export async function listChannels(deps: Deps, actor: UserActor, rawInput: OrgInput): Promise<ChannelList> {
  const input = orgInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const [rows, limit, used] = await Promise.all([
    repo.listChannelRows(deps.db, input.orgId),
    limitOf(deps, input.orgId, "publish.channels"),
    countPublishChannels(deps.db, input.orgId),
  ]);
  return { items: rows.map(toChannelItem), limit, used };
}

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

/** Connects a sandbox channel (ADMIN). Its account id is its own id; its token is a sealed random. */
export async function connectSandbox(
  deps: Deps,
  actor: UserActor,
  rawInput: ConnectSandboxInput,
): Promise<ChannelItem> {
  const input = connectSandboxInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const id = randomUUID();
  const row = await deps.db.$transaction(async (tx) => {
    await reserve(tx, deps.clock, input.orgId, "publish.channels");
    return repo.createChannel(tx, {
      id,
      organizationId: input.orgId,
      internalId: id,
      name: input.name ?? (input.emulate ? `Sandbox (${input.emulate})` : "Sandbox"),
      providerIdentifier: "sandbox",
      profile: "sandbox",
      token: sealChannelToken(deps.config, randomBytes(24).toString("base64url")),
      additionalSettings: input.emulate ? { emulate: input.emulate } : {},
      connectedById: actor.userId,
    });
  }, TX);
  return toChannelItem(row);
}

/**
 * Disconnects a channel (ADMIN): soft-deleted with its token wiped; posts waiting for it are
 * cancelled and marked ERROR so they show in the errors queue.
 */
export async function disconnectChannel(deps: Deps, actor: UserActor, rawInput: ChannelIdInput) {
  const input = channelIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const gone = await repo.softDeleteChannel(tx, input.orgId, input.channelId, now);
    if (gone.count === 0) throw notFound();
    await tx.postPublication.updateMany({
      where: { integrationId: input.channelId, state: "PENDING" },
      data: {
        state: "CANCELLED",
        errorCode: "CHANNEL_DISCONNECTED",
        errorMessage: "The channel was disconnected.",
      },
    });
    await tx.post.updateMany({
      where: { integrationId: input.channelId, state: "QUEUE", deletedAt: null },
      data: { state: "ERROR", error: "The channel was disconnected before this post went out." },
    });
  }, TX);
  return { ok: true as const };
}

export async function setPostingTimes(deps: Deps, actor: UserActor, rawInput: SetPostingTimesInput) {
  const input = setPostingTimesInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  const times = [...new Map(input.times.map((t) => [t.time, t])).values()].sort((a, b) => a.time - b.time);
  const updated = await repo.updatePostingTimes(deps.db, input.orgId, input.channelId, times);
  if (updated.count === 0) throw notFound();
  const row = await repo.findChannelRow(deps.db, input.orgId, input.channelId);
  if (!row) throw notFound();
  return toChannelItem(row);
}
