import { PUBLISH_PROVIDER_IDS, type PublishProviderId } from "@quartet/integrations/social/publish";
import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of Publish → Channels.

export const orgInput = z.object({ orgId: z.uuid() });
export type OrgInput = z.infer<typeof orgInput>;

export const channelIdInput = z.object({ orgId: z.uuid(), channelId: z.uuid() });
export type ChannelIdInput = z.infer<typeof channelIdInput>;

/** Platforms a sandbox channel can play (its posts are checked with that platform's rules). */
export const EMULATED = PUBLISH_PROVIDER_IDS.filter((id) => id !== "sandbox") as Exclude<
  PublishProviderId,
  "sandbox"
>[];

export const connectSandboxInput = z.object({
  orgId: z.uuid(),
  name: text().trim().min(1, "Give the channel a name.").max(100, "At most 100 characters.").optional(),
  /** Check posts with this platform's rules (length, media, title), e.g. "x". */
  emulate: z.enum(EMULATED as [string, ...string[]]).optional(),
});
export type ConnectSandboxInput = z.infer<typeof connectSandboxInput>;

const postingTime = z.object({ time: z.number().int().min(0).max(1439) });
export const postingTimesSchema = z.array(postingTime).max(48);

export const setPostingTimesInput = z.object({
  orgId: z.uuid(),
  channelId: z.uuid(),
  /** Minutes after midnight in the workspace's time zone. */
  times: postingTimesSchema,
});
export type SetPostingTimesInput = z.infer<typeof setPostingTimesInput>;

export interface ChannelItem {
  id: string;
  name: string;
  provider: string;
  /** The platform whose rules the channel's posts follow (the sandbox may play one). */
  rules: PublishProviderId;
  picture: string | null;
  profile: string | null;
  disabled: boolean;
  refreshNeeded: boolean;
  customer: { id: string; name: string } | null;
  postingTimes: { time: number }[];
  createdAt: Date;
}

export interface ChannelList {
  items: ChannelItem[];
  /** The plan's `publish.channels` (null: unlimited) and how many are used. */
  limit: number | null;
  used: number;
}
