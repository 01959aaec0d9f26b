import { setNotificationPreferenceInput } from "@quartet/core/notifications/notification-preference.schema";
import {
  listNotificationPreferences,
  setNotificationPreference,
} from "@quartet/core/notifications/notification-preference.service";
import { authedProcedure, router } from "../trpc.ts";

/** The caller's own choices of how to hear about each notification type (in the app, by email). */
export const notificationPreferencesRouter = router({
  list: authedProcedure.query(({ ctx }) => listNotificationPreferences(ctx.deps, ctx.actor)),
  set: authedProcedure
    .input(setNotificationPreferenceInput)
    .mutation(({ ctx, input }) => setNotificationPreference(ctx.deps, ctx.actor, input)),
});
