import { createTagInput, tagIdInput, updateTagInput } from "@quartet/core/publish/tags/tag.schema";
import { createTag, deleteTag, listTags, updateTag } from "@quartet/core/publish/tags/tag.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Tags: any member manages the workspace's post tags. */
export const publishTagsRouter = router({
  list: orgProcedure("MEMBER")
    .input(z.object({ orgId: z.uuid() }))
    .query(({ ctx, input }) => listTags(ctx.deps, ctx.actor, input)),
  create: orgProcedure("MEMBER")
    .input(createTagInput)
    .mutation(({ ctx, input }) => createTag(ctx.deps, ctx.actor, input)),
  update: orgProcedure("MEMBER")
    .input(updateTagInput)
    .mutation(({ ctx, input }) => updateTag(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(tagIdInput)
    .mutation(({ ctx, input }) => deleteTag(ctx.deps, ctx.actor, input)),
});
