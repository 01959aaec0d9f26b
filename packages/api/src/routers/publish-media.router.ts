import { listMediaInput, mediaIdInput, updateMediaInput } from "@quartet/core/publish/media/media.schema";
import { deleteMedia, listMedia, updateMedia } from "@quartet/core/publish/media/media.service";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Media library: list, alt text, delete (uploads come with the shared files area). */
export const publishMediaRouter = router({
  list: orgProcedure("MEMBER")
    .input(listMediaInput)
    .query(({ ctx, input }) => listMedia(ctx.deps, ctx.actor, input)),
  update: orgProcedure("MEMBER")
    .input(updateMediaInput)
    .mutation(({ ctx, input }) => updateMedia(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("MEMBER")
    .input(mediaIdInput)
    .mutation(({ ctx, input }) => deleteMedia(ctx.deps, ctx.actor, input)),
});
