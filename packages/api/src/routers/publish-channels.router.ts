import {
  channelIdInput,
  connectSandboxInput,
  orgInput,
  setPostingTimesInput,
} from "@quartet/core/publish/channels/channel.schema";
import {
  connectSandbox,
  disconnectChannel,
  listChannels,
  setPostingTimes,
} from "@quartet/core/publish/channels/channel.service";
import { sandboxFeed, sandboxFeedInput } from "@quartet/core/publish/channels/sandbox-feed.service";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Channels: members see them; admins connect the sandbox, disconnect, set posting times. */
export const publishChannelsRouter = router({
  list: orgProcedure("MEMBER")
    .input(orgInput)
    .query(({ ctx, input }) => listChannels(ctx.deps, ctx.actor, input)),
  connectSandbox: orgProcedure("ADMIN")
    .input(connectSandboxInput)
    .mutation(({ ctx, input }) => connectSandbox(ctx.deps, ctx.actor, input)),
  disconnect: orgProcedure("ADMIN")
    .input(channelIdInput)
    .mutation(({ ctx, input }) => disconnectChannel(ctx.deps, ctx.actor, input)),
  /** The sandbox channel's page: what was "published" to it. */
  sandboxFeed: orgProcedure("MEMBER")
    .input(sandboxFeedInput)
    .query(({ ctx, input }) => sandboxFeed(ctx.deps, ctx.actor, input)),
  setPostingTimes: orgProcedure("ADMIN")
    .input(setPostingTimesInput)
    .mutation(({ ctx, input }) => setPostingTimes(ctx.deps, ctx.actor, input)),
});
