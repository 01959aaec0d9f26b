import { deskSettingsInput, updateDeskSettingsInput } from "@quartet/core/desk/settings/desk-settings.schema";
import { getDeskSettingsFor, updateDeskSettings } from "@quartet/core/desk/settings/desk-settings.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk general settings: members read them, admins and owners change them. */
export const deskSettingsRouter = router({
  get: orgProcedure("MEMBER")
    .input(deskSettingsInput)
    .query(({ ctx, input }) => getDeskSettingsFor(ctx.deps, ctx.actor, input)),
  update: orgProcedure("ADMIN")
    .input(updateDeskSettingsInput)
    .mutation(({ ctx, input }) => updateDeskSettings(ctx.deps, ctx.actor, input)),
});
