import {
  cannedIdInput,
  createCannedInput,
  kbArticlesInput,
  listCannedInput,
  renderCannedInput,
  updateCannedInput,
} from "@quartet/core/inbox/canned/canned.schema";
import {
  createCanned,
  deleteCanned,
  kbQuickReplies,
  listCanned,
  renderCanned,
  updateCanned,
} from "@quartet/core/inbox/canned/canned.service";
import { orgProcedure, router } from "../trpc.ts";

/** Canned replies (with {{contact.name}}, {{agent.name}}, {{workspace.name}}) and KB quick replies. */
export const inboxCannedRouter = router({
  list: orgProcedure("MEMBER")
    .input(listCannedInput)
    .query(({ ctx, input }) => listCanned(ctx.deps, ctx.actor, input)),
  create: orgProcedure("AGENT")
    .input(createCannedInput)
    .mutation(({ ctx, input }) => createCanned(ctx.deps, ctx.actor, input)),
  update: orgProcedure("AGENT")
    .input(updateCannedInput)
    .mutation(({ ctx, input }) => updateCanned(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("AGENT")
    .input(cannedIdInput)
    .mutation(({ ctx, input }) => deleteCanned(ctx.deps, ctx.actor, input)),
  /** The reply's text with its variables filled for the conversation and the caller. */
  render: orgProcedure("AGENT")
    .input(renderCannedInput)
    .query(({ ctx, input }) => renderCanned(ctx.deps, ctx.actor, input)),
  /** Published Desk KB articles to insert as title + help-center link. */
  kbArticles: orgProcedure("AGENT")
    .input(kbArticlesInput)
    .query(({ ctx, input }) => kbQuickReplies(ctx.deps, ctx.actor, input)),
});
