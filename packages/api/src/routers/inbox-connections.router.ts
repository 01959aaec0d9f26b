import {
  connectionIdInput,
  connectWhatsAppInput,
  createWidgetInput,
  orgInput,
  reconnectInput,
  updateWidgetInput,
} from "@quartet/core/inbox/connections/connection.schema";
import {
  connectWhatsApp,
  createSandbox,
  createWidget,
  disconnectConnection,
  listConnections,
  reconnectConnection,
  updateWidget,
  widgetSnippet,
} from "@quartet/core/inbox/connections/connection.service";
import { connectionHealth } from "@quartet/core/inbox/connections/connection-health.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * Settings → Channels: agents see the workspace's channels and their health; owners and admins
 * connect, disconnect and reconnect them (Meta and TikTok connect through inbox-connect.plugin.ts).
 */
export const inboxConnectionsRouter = router({
  list: orgProcedure("AGENT")
    .input(orgInput)
    .query(({ ctx, input }) => listConnections(ctx.deps, ctx.actor, input)),
  /** The inbox banner: channels someone must reconnect. */
  health: orgProcedure("AGENT")
    .input(orgInput)
    .query(({ ctx, input }) => connectionHealth(ctx.deps, ctx.actor, input)),
  connectWhatsApp: orgProcedure("ADMIN")
    .input(connectWhatsAppInput)
    .mutation(({ ctx, input }) => connectWhatsApp(ctx.deps, ctx.actor, input)),
  createWidget: orgProcedure("ADMIN")
    .input(createWidgetInput)
    .mutation(({ ctx, input }) => createWidget(ctx.deps, ctx.actor, input)),
  updateWidget: orgProcedure("ADMIN")
    .input(updateWidgetInput)
    .mutation(({ ctx, input }) => updateWidget(ctx.deps, ctx.actor, input)),
  createSandbox: orgProcedure("ADMIN")
    .input(orgInput)
    .mutation(({ ctx, input }) => createSandbox(ctx.deps, ctx.actor, input)),
  disconnect: orgProcedure("ADMIN")
    .input(connectionIdInput)
    .mutation(({ ctx, input }) => disconnectConnection(ctx.deps, ctx.actor, input)),
  reconnect: orgProcedure("ADMIN")
    .input(reconnectInput)
    .mutation(({ ctx, input }) => reconnectConnection(ctx.deps, ctx.actor, input)),
  widgetSnippet: orgProcedure("AGENT")
    .input(connectionIdInput)
    .query(({ ctx, input }) => widgetSnippet(ctx.deps, ctx.actor, input)),
});
