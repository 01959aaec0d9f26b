import { z } from "zod";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";

// The sandbox channel's "platform page": what the publisher posted to it, newest first, with
// threads linked (replyToId). The offline stand-in for looking at the post on the real platform.

export const sandboxFeedInput = z.object({
  orgId: z.uuid(),
  channelId: z.uuid(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type SandboxFeedInput = z.input<typeof sandboxFeedInput>;

export interface SandboxFeedItem {
  id: string;
  content: string;
  title: string | null;
  media: unknown[];
  replyToId: string | null;
  createdAt: Date;
}

export async function sandboxFeed(
  deps: Deps,
  actor: UserActor,
  rawInput: SandboxFeedInput,
): Promise<SandboxFeedItem[]> {
  const input = sandboxFeedInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const channel = await deps.db.integration.findFirst({
    where: { id: input.channelId, organizationId: input.orgId, providerIdentifier: "sandbox" },
    select: { id: true },
  });
  if (!channel) throw new AppError("NOT_FOUND", "Channel not found.");
  const rows = await deps.db.sandboxPost.findMany({
    where: { integrationId: channel.id, organizationId: input.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: { id: true, content: true, title: true, media: true, replyToId: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, media: Array.isArray(r.media) ? r.media : [] }));
}
