import {
  createLabelInput,
  labelIdInput,
  listLabelsInput,
  updateLabelInput,
} from "@quartet/core/inbox/labels/label.schema";
import { createLabel, deleteLabel, listLabels, updateLabel } from "@quartet/core/inbox/labels/label.service";
import { orgProcedure, router } from "../trpc.ts";

/** The workspace's conversation labels: members read them, agents manage them. */
export const inboxLabelsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listLabelsInput)
    .query(({ ctx, input }) => listLabels(ctx.deps, ctx.actor, input)),
  create: orgProcedure("AGENT")
    .input(createLabelInput)
    .mutation(({ ctx, input }) => createLabel(ctx.deps, ctx.actor, input)),
  update: orgProcedure("AGENT")
    .input(updateLabelInput)
    .mutation(({ ctx, input }) => updateLabel(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("AGENT")
    .input(labelIdInput)
    .mutation(({ ctx, input }) => deleteLabel(ctx.deps, ctx.actor, input)),
});
