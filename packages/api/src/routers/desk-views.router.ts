import {
  createSavedViewInput,
  listSavedViewsInput,
  savedViewIdInput,
  updateSavedViewInput,
} from "@quartet/core/desk/views/saved-view.schema";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  updateSavedView,
} from "@quartet/core/desk/views/saved-view.service";
import { countTicketViews } from "@quartet/core/desk/views/view-counts.service";
import { orgProcedure, router } from "../trpc.ts";

/** Saved ticket-list views: every member keeps personal ones; shared ones are managed by admins (checked in core). */
export const deskViewsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listSavedViewsInput)
    .query(({ ctx, input }) => listSavedViews(ctx.deps, ctx.actor, input)),
  create: orgProcedure("MEMBER")
    .input(createSavedViewInput)
    .mutation(({ ctx, input }) => createSavedView(ctx.deps, ctx.actor, input)),
  update: orgProcedure("MEMBER")
    .input(updateSavedViewInput)
    .mutation(({ ctx, input }) => updateSavedView(ctx.deps, ctx.actor, input)),
  /** Not-closed tickets in All, Mine, Unassigned and each saved view (one query). */
  counts: orgProcedure("MEMBER")
    .input(listSavedViewsInput)
    .query(({ ctx, input }) => countTicketViews(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(savedViewIdInput)
    .mutation(({ ctx, input }) => deleteSavedView(ctx.deps, ctx.actor, input)),
});
