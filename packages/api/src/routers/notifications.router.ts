import { listNotificationsInput, markReadInput } from "@quartet/core/notifications/notification.schema";
import {
  listNotifications,
  markAllRead,
  markRead,
  unreadCount,
} from "@quartet/core/notifications/notification.service";
import { authedProcedure, router } from "../trpc.ts";

export const notificationsRouter = router({
  list: authedProcedure
    .input(listNotificationsInput.optional())
    .query(({ ctx, input }) => listNotifications(ctx.deps, ctx.actor, input ?? {})),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.deps, ctx.actor)),
  markRead: authedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.actor, input)),
  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead(ctx.deps, ctx.actor)),
});
